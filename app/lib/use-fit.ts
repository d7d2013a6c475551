import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/**
 * Measuring what fits on the TV. The board's boxes get their size from the
 * layout (the screen's height shared out by flexbox), never from their
 * content; these hooks fit the content to the box, so a row is shown whole
 * or not at all and nothing runs below the bottom of the screen.
 */

/** Measure before paint in the browser; on the server there is nothing to measure. */
const useBrowserLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/** Re-measure when the box changes size: another tile grew, the window was resized, a font loaded. */
function useResize(ref: { current: HTMLElement | null }, measure: () => void) {
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    // On the next frame: measuring inside the observer's callback may itself resize the box.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    });
    observer.observe(box);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [ref, measure]);
}

/** The bottom of a box's content area, in viewport coordinates. */
function contentBottom(box: HTMLElement): number {
  return box.getBoundingClientRect().top + box.clientTop + box.clientHeight - parseFloat(getComputedStyle(box).paddingBottom);
}

/** Shows a list's children from the first while they fit in the list's box whole; hides the rest. Returns how many it hid. */
function fitList(box: HTMLElement): number {
  const children = Array.from(box.children).filter((c): c is HTMLElement => c instanceof HTMLElement);
  for (const child of children) child.hidden = false;
  const bottom = contentBottom(box) + 0.5;
  const shown = children.findIndex((child) => child.getBoundingClientRect().bottom > bottom);
  if (shown === -1) return 0;
  for (const child of children.slice(shown)) child.hidden = true;
  return children.length - shown;
}

/**
 * Hides the children of a box (one with a fixed height or a max-height)
 * that do not fit in it whole, from the end; they stay in the page,
 * `hidden`. Returns how many are hidden. The children must not get `hidden`
 * from React: this hook owns it.
 */
export function useFit<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const [hidden, setHidden] = useState(0);
  const fit = useCallback(() => {
    if (ref.current) setHidden(fitList(ref.current));
  }, []);
  // After every render: the content may have changed without the box changing size.
  useBrowserLayoutEffect(fit);
  useResize(ref, fit);
  return { ref, hidden };
}

/**
 * Fits a column of tiles to its height. The lists in it marked
 * `data-give-way` lose rows from their end, the lowest number first, until
 * the column no longer runs past its bottom. What a later list gave up can
 * leave room for rows an earlier one hid (a whole tile gone frees more than
 * its rows took): those come back, the highest number first, while they fit.
 * Then each list marked
 * `data-fill` (in a tile that takes the height left) shows the rows that fit
 * in what is left. Rows stay in the page, `hidden`, and must not get
 * `hidden` from React.
 */
export function useFitColumn<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const fit = useCallback(() => {
    const column = ref.current;
    if (!column) return;
    const rowsOf = (list: HTMLElement) => Array.from(list.children).filter((c): c is HTMLElement => c instanceof HTMLElement);
    const givers = Array.from(column.querySelectorAll<HTMLElement>("[data-give-way]")).sort((a, b) => Number(a.dataset.giveWay) - Number(b.dataset.giveWay));
    for (const list of givers) for (const row of rowsOf(list)) row.hidden = false;
    const bottom = contentBottom(column) + 0.5;
    const overflow = () => Math.max(...Array.from(column.children, (tile) => tile.getBoundingClientRect().bottom)) - bottom;
    for (const list of givers) {
      const rows = rowsOf(list);
      for (let last = rows.length - 1; last >= 0 && overflow() > 0; last -= 1) rows[last]!.hidden = true;
    }
    for (const list of givers.toReversed()) {
      for (const row of rowsOf(list).filter((r) => r.hidden)) {
        row.hidden = false;
        if (overflow() > 0) {
          row.hidden = true;
          break;
        }
      }
    }
    for (const list of column.querySelectorAll<HTMLElement>("[data-fill]")) fitList(list);
  }, []);
  useBrowserLayoutEffect(fit);
  useResize(ref, fit);
  return ref;
}

/**
 * How many rows of a list fit in its box: the list's rows all have one
 * height (its first shown row's), and a grid list may have several columns.
 */
export function useRowCapacity<E extends HTMLElement>(initial: number) {
  const ref = useRef<E>(null);
  const [capacity, setCapacity] = useState(initial);
  const measure = useCallback(() => {
    const box = ref.current;
    const row = box?.querySelector<HTMLElement>(":scope > :not([hidden])");
    if (!box || !row) return;
    const style = getComputedStyle(box);
    const gap = parseFloat(style.rowGap) || 0;
    const columns = style.display === "grid" ? style.gridTemplateColumns.split(" ").filter(Boolean).length : 1;
    const rows = Math.max(1, Math.floor((box.clientHeight + gap) / (row.offsetHeight + gap)));
    setCapacity(rows * columns);
  }, []);
  useBrowserLayoutEffect(measure);
  useResize(ref, measure);
  return { ref, capacity };
}
