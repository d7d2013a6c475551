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

/** `-MM-DD` by `month * 32 + day`, so a date is its year's text plus one lookup. */
const MONTH_DAY: string[] = [];
for (let month = 1; month <= 12; month++) {
  for (let day = 1; day <= 31; day++) MONTH_DAY[month * 32 + day] = `-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function yearText(year: number): string | null {
  return year <= 9999 ? String(year).padStart(4, "0") : null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export class WorkCalendar {
  private readonly workdays: Set<number>;
  private readonly holidays: Set<string>;
  /** Working dates by offset, extended as needed. */
  private readonly dates: string[] = [];
  /**
   * The next day to look at, as UTC milliseconds, ISO weekday and year/month/day,
   * stepped rather than re-parsed or re-formatted: a long plan needs tens of
   * thousands of dates, and `toISOString` per day was most of their cost.
   */
  private cursorMs: number;
  private cursorWeekday: number;
  private cursorYear: number;
  private cursorMonth: number;
  private cursorDay: number;
  /** `YYYY` of the cursor's year, or null past year 9999 (where ISO dates change form). */
  private cursorYearText: string | null;

  constructor(
    readonly start: string,
    spec: CalendarSpec,
  ) {
    if (!isValidIsoDate(start)) throw new Error(`not a date: ${start}`);
    if (!spec.workdays.length) throw new Error("a calendar needs at least one working day");
    this.workdays = new Set(spec.workdays);
    this.holidays = new Set(spec.holidays);
    this.cursorMs = Date.parse(`${start}T00:00:00Z`);
    const cursor = new Date(this.cursorMs);
    this.cursorWeekday = ((cursor.getUTCDay() + 6) % 7) + 1;
    this.cursorYear = cursor.getUTCFullYear();
    this.cursorMonth = cursor.getUTCMonth() + 1;
    this.cursorDay = cursor.getUTCDate();
    this.cursorYearText = yearText(this.cursorYear);
  }

  isWorkday(date: string): boolean {
    const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    return this.workdays.has(weekday) && !this.holidays.has(date);
  }

  /** The date of working day `offset` (offset ≥ 0). */
  dateOf(offset: number): string {
    if (offset < this.dates.length) return this.dates[offset]!;
    let scanned = 0;
    while (this.dates.length <= offset) {
      if (this.workdays.has(this.cursorWeekday)) {
        const date =
          this.cursorYearText === null
            ? new Date(this.cursorMs).toISOString().slice(0, 10)
            : this.cursorYearText + MONTH_DAY[this.cursorMonth * 32 + this.cursorDay]!;
        if (!this.holidays.has(date)) {
          this.dates.push(date);
          scanned = 0;
        }
      }
      this.step();
      if (++scanned > MAX_SCAN_DAYS) throw new Error("the calendar has no working days");
    }
    return this.dates[offset]!;
  }

  /** Move the cursor to the next day. */
  private step() {
    this.cursorMs += DAY_MS;
    this.cursorWeekday = (this.cursorWeekday % 7) + 1;
    if (++this.cursorDay <= daysInMonth(this.cursorYear, this.cursorMonth)) return;
    this.cursorDay = 1;
    if (++this.cursorMonth <= 12) return;
    this.cursorMonth = 1;
    this.cursorYearText = yearText(++this.cursorYear);
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
