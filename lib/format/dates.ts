/**
 * Dates in words, the same on every page. An ad account's report dates are its own local dates (`YYYY-MM-DD`): they
 * are written as calendar days, with no timezone applied. A moment (epoch ms) is written as the day it fell on in the
 * account's timezone.
 */
const MONTH_DAY = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const FULL_DATE = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function calendarDay(date: string): Date | null {
  if (!ISO_DATE.test(date)) return null;
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? null : day;
}

/** "Nov 20" for a local date (chart axes, notes). Anything that is not a date is returned as it came. */
export function monthDay(date: string): string {
  const day = calendarDay(date);
  return day ? MONTH_DAY.format(day) : date;
}

/** "Nov 20, 2026" for a local date. */
export function fullDate(date: string): string {
  const day = calendarDay(date);
  return day ? FULL_DATE.format(day) : date;
}

/** "Nov 1 – Nov 26, 2026"; across years "Dec 20, 2025 – Jan 5, 2026"; one day "Nov 26, 2026". */
export function dateRange(range: { from: string; to: string }): string {
  const end = fullDate(range.to);
  if (range.from === range.to) return end;
  const sameYear = range.from.slice(0, 4) === range.to.slice(0, 4);
  return `${sameYear ? monthDay(range.from) : fullDate(range.from)} – ${end}`;
}

/** "Nov 3, 2026": the day a moment fell on in the ad account's timezone (the viewer's when it is unknown or bad). */
export function dayOf(at: number, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", year: "numeric" };
  try {
    return new Intl.DateTimeFormat("en-US", { ...options, timeZone }).format(new Date(at));
  } catch {
    return new Intl.DateTimeFormat("en-US", options).format(new Date(at));
  }
}
