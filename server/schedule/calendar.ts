import { isValidIsoDate } from "../time";

/**
 * A release's working-day calendar (SPEC 6): ISO weekdays (1 = Monday …
 * 7 = Sunday) and holiday dates. Offsets count working days from the start
 * date: offset 0 is the first working day on or after it.
 */
export interface CalendarSpec {
  workdays: number[];
  holidays: string[];
}

/** The guard against a calendar with no working days at all (every weekday a holiday forever). */
const MAX_SCAN_DAYS = 366 * 20;
const DAY_MS = 86_400_000;

export class WorkCalendar {
  private readonly workdays: Set<number>;
  private readonly holidays: Set<string>;
  /** Working dates by offset, extended as needed. */
  private readonly dates: string[] = [];
  /** The next day to look at, as UTC milliseconds and ISO weekday (stepped, never re-parsed). */
  private cursorMs: number;
  private cursorWeekday: number;

  constructor(readonly start: string, spec: CalendarSpec) {
    if (!isValidIsoDate(start)) throw new Error(`not a date: ${start}`);
    if (!spec.workdays.length) throw new Error("a calendar needs at least one working day");
    this.workdays = new Set(spec.workdays);
    this.holidays = new Set(spec.holidays);
    this.cursorMs = Date.parse(`${start}T00:00:00Z`);
    this.cursorWeekday = ((new Date(this.cursorMs).getUTCDay() + 6) % 7) + 1;
  }

  isWorkday(date: string): boolean {
    const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    return this.workdays.has(weekday) && !this.holidays.has(date);
  }

  /** The date of working day `offset` (offset ≥ 0). */
  dateOf(offset: number): string {
    let scanned = 0;
    while (this.dates.length <= offset) {
      if (this.workdays.has(this.cursorWeekday)) {
        const date = new Date(this.cursorMs).toISOString().slice(0, 10);
        if (!this.holidays.has(date)) {
          this.dates.push(date);
          scanned = 0;
        }
      }
      this.cursorMs += DAY_MS;
      this.cursorWeekday = (this.cursorWeekday % 7) + 1;
      if (++scanned > MAX_SCAN_DAYS) throw new Error("the calendar has no working days");
    }
    return this.dates[offset]!;
  }

  /**
   * The offset of the first working day on or after `date`. Dates before the
   * start give 0 (nothing is scheduled before the start).
   */
  offsetOf(date: string): number {
    if (date <= this.start) return 0;
    // Grow until the last known working date reaches `date`, then binary search.
    while (this.dates.length === 0 || this.dates[this.dates.length - 1]! < date) this.dateOf(this.dates.length);
    let lo = 0;
    let hi = this.dates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.dates[mid]! < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
