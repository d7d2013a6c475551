import type { Page } from "playwright-core";

/**
 * What a TV across the room shows, measured in the browser: run inside the
 * page (`page.evaluate(auditBoard)`), so it reads the rendered layout and
 * colours, not the classes that asked for them.
 */
export interface BoardAudit {
  viewport: { width: number; height: number };
  /** The document's scroll size: a board that fits never scrolls. */
  scroll: { width: number; height: number };
  /** Visible elements of the board that reach outside the viewport. */
  outside: string[];
  /** Visible elements cut by a box that clips them (not counting text shortened with an ellipsis). */
  clipped: string[];
  /** Visible text under 20 px. */
  small: string[];
  /** Visible text under 4.5:1 against what is behind it (disabled controls aside, as WCAG does). */
  lowContrast: string[];
  /** Every visible status chip (`data-chip`): its status and the contrast of its text. */
  chips: { status: string; ratio: number; text: string }[];
  /** Visible text elements checked. */
  texts: number;
}

/** Runs in the page: keep it self-contained (no imports, no closures over test code). */
export function auditBoard(): BoardAudit {
  const root = document.querySelector<HTMLElement>("[data-board]");
  if (!root) throw new Error("no [data-board] on the page");
  const width = window.innerWidth;
  const height = window.innerHeight;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  /** Any CSS colour (Tailwind 4 writes oklch) as sRGB 0–255 and alpha 0–1, as the screen shows it. */
  const rgba = (css: string): [number, number, number, number] => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!, a! / 255];
  };
  const over = (top: [number, number, number, number], below: [number, number, number]): [number, number, number] => [
    top[0] * top[3] + below[0] * (1 - top[3]),
    top[1] * top[3] + below[1] * (1 - top[3]),
    top[2] * top[3] + below[2] * (1 - top[3]),
  ];
  /** WCAG 2 relative luminance. */
  const luminance = ([r, g, b]: [number, number, number]) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a: [number, number, number], b: [number, number, number]) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  /** The colour behind an element: its backgrounds and its ancestors', composited over the page's. */
  const backdrop = (element: Element): [number, number, number] => {
    const layers: [number, number, number, number][] = [];
    for (let e: Element | null = element; e; e = e.parentElement) {
      const layer = rgba(getComputedStyle(e).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] >= 1) break;
    }
    let colour: [number, number, number] = [255, 255, 255];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const name = (e: Element) => {
    const data = Array.from(e.attributes)
      .filter((a) => a.name.startsWith("data-") || a.name === "aria-label")
      .map((a) => `[${a.name}="${a.value}"]`)
      .join("");
    const text = (e.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
    return `${e.tagName.toLowerCase()}${data} “${text}”`;
  };
  const visible = (e: Element) => {
    if (!e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = e.getBoundingClientRect();
    // Screen-reader-only text is a 1×1 px box.
    return r.width > 1 && r.height > 1;
  };
  const clips = (e: Element) => {
    const style = getComputedStyle(e);
    return style.overflowX !== "visible" || style.overflowY !== "visible";
  };
  /** A box that shortens its text with a visible "…" (truncate, line-clamp): cutting is what it is for. */
  const ellipsis = (e: Element) => {
    const style = getComputedStyle(e);
    return style.textOverflow === "ellipsis" || (style.webkitLineClamp !== "none" && style.webkitLineClamp !== "");
  };

  const audit: BoardAudit = {
    viewport: { width, height },
    scroll: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
    outside: [],
    clipped: [],
    small: [],
    lowContrast: [],
    chips: [],
    texts: 0,
  };
  for (const element of [root, ...root.querySelectorAll("*")]) {
    if (!visible(element)) continue;
    const r = element.getBoundingClientRect();
    const tolerance = 0.5;
    // Inside a box that shortens its text with "…", the box is what shows (and is checked itself).
    let shortened = false;
    for (let box = element.parentElement; box && root.contains(box) && !shortened; box = box.parentElement) shortened = clips(box) && ellipsis(box);
    if (!shortened && (r.left < -tolerance || r.top < -tolerance || r.right > width + tolerance || r.bottom > height + tolerance))
      audit.outside.push(name(element));
    for (let box = element.parentElement; box && root.contains(box) && !shortened; box = box.parentElement) {
      if (!clips(box)) continue;
      const b = box.getBoundingClientRect();
      const left = b.left + box.clientLeft;
      const top = b.top + box.clientTop;
      if (
        r.left < left - tolerance ||
        r.top < top - tolerance ||
        r.right > left + box.clientWidth + tolerance ||
        r.bottom > top + box.clientHeight + tolerance
      ) {
        audit.clipped.push(`${name(element)} in ${name(box).slice(0, 80)}`);
        break;
      }
    }
    const ownText = Array.from(element.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
    const chip = element.closest("[data-chip]");
    if (!ownText) continue;
    audit.texts += 1;
    const style = getComputedStyle(element);
    if (parseFloat(style.fontSize) < 20) audit.small.push(`${name(element)} at ${style.fontSize}`);
    if (element.closest(":disabled")) continue;
    const behind = backdrop(element);
    const ratio = contrast(over(rgba(style.color), behind), behind);
    if (ratio < 4.5) audit.lowContrast.push(`${name(element)}: ${ratio.toFixed(2)}:1 (${style.color} on rgb(${behind.map(Math.round).join(" ")}))`);
    if (chip && root.contains(chip))
      audit.chips.push({ status: chip.getAttribute("data-chip")!, ratio: Math.round(ratio * 100) / 100, text: (element.textContent ?? "").trim() });
  }
  return audit;
}

/** The audit, after the board has settled (fits are measured after render; a frame or two). */
export async function audit(page: Page): Promise<BoardAudit> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(auditBoard);
}

/** The board's items as the page holds them, shown or not: every one has its element. */
export function itemsInPage(page: Page) {
  return page
    .locator("[data-item]")
    .evaluateAll((nodes) =>
      nodes.map((n) => ({ id: n.getAttribute("data-item")!, status: n.getAttribute("data-status")!, shown: !(n as HTMLElement).hidden })),
    );
}

/**
 * The blocking items a person can see: a row in the list or a name at the gate, visible and inside the
 * viewport. `more` is the gate's "+N more": the blocking items it had no room to name.
 */
export function blockingOnScreen(page: Page) {
  return page.evaluate(() => {
    const inView = (e: Element) => {
      const r = e.getBoundingClientRect();
      return e.checkVisibility() && r.width > 1 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    };
    const rows = Array.from(document.querySelectorAll("[data-item]"))
      .filter((e) => e.getAttribute("data-status") !== "green" && inView(e))
      .map((e) => e.getAttribute("data-item")!);
    const named = Array.from(document.querySelectorAll("[data-blocking]"))
      .filter(inView)
      .map((e) => e.getAttribute("data-blocking")!);
    const more = document.querySelector("[data-gate] [data-blocking-more]")?.getAttribute("data-blocking-more");
    return { seen: [...new Set([...rows, ...named])].sort(), more: more ? Number(more) : 0 };
  });
}
