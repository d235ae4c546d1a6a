/**
 * Calendar dates as TikTok uses them: `YYYY-MM-DD` strings in the ad account's timezone, inclusive ranges.
 *
 * Dates stay strings: they are local to each ad account, so turning them into instants would attach a timezone
 * that is not theirs. Arithmetic goes through UTC noon-free day numbers, which have no DST edges.
 */
import { TikTokInputError } from "./errors";

const DAY_MS = 86_400_000;

/**
 * The longest range TikTok allows for a report with the `stat_time_day` dimension (docs/tiktok-api.md §5). Here, not
 * in reports.ts, so the pages that plan history can know it without bundling the report parser (and zod, whose eval
 * probe the Content-Security-Policy reports).
 */
export const MAX_DAILY_REPORT_DAYS = 30;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateRange {
  startDate: string;
  endDate: string;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days in an inclusive range: 2026-02-01..2026-02-01 is 1. */
export function daysInRange(range: DateRange): number {
  return dayNumber(range.endDate) - dayNumber(range.startDate) + 1;
}

/** Throws a TikTokInputError unless both dates are real `YYYY-MM-DD` dates and start ≤ end. */
export function assertValidRange(range: DateRange): void {
  for (const field of ["startDate", "endDate"] as const) {
    if (!isIsoDate(range[field])) {
      throw new TikTokInputError(field, `${field} must be a calendar date written YYYY-MM-DD; got "${range[field]}"`);
    }
  }
  if (range.endDate < range.startDate) {
    throw new TikTokInputError("endDate", `endDate ${range.endDate} is before startDate ${range.startDate}; swap them`);
  }
}

/** Consecutive windows of at most `maxDays` covering the range, oldest first. */
export function splitRange(range: DateRange, maxDays: number): DateRange[] {
  const windows: DateRange[] = [];
  for (let start = range.startDate; start <= range.endDate; start = addDays(start, maxDays)) {
    const end = addDays(start, maxDays - 1);
    windows.push({ startDate: start, endDate: end < range.endDate ? end : range.endDate });
  }
  return windows;
}

/** The two halves of a range of at least 2 days (the first half gets the extra day). */
export function halveRange(range: DateRange): [DateRange, DateRange] {
  const days = daysInRange(range);
  const firstEnd = addDays(range.startDate, Math.ceil(days / 2) - 1);
  return [
    { startDate: range.startDate, endDate: firstEnd },
    { startDate: addDays(firstEnd, 1), endDate: range.endDate },
  ];
}

/** TikTok's `"YYYY-MM-DD HH:MM:SS"` (UTC) to epoch ms. */
export function parseTikTokDateTime(value: string): number {
  const ms = Date.parse(value.replace(" ", "T") + "Z");
  if (Number.isNaN(ms)) throw new Error(`not a TikTok date-time: "${value}"`);
  return ms;
}

/** The account's local date at `now` (`YYYY-MM-DD`); `timezone` is TikTok's (IANA or `Etc/GMT±N`), UTC when unknown. */
export function localToday(now: number, timezone: string | undefined): string {
  const format = (timeZone: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
      new Date(now),
    );
  try {
    return format(timezone || "UTC");
  } catch {
    // An unknown zone name: UTC is the least surprising fallback, and the sync's lookback covers the hours between.
    return format("UTC");
  }
}
