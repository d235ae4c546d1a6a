/**
 * What a date range means, the same on every page: "last N days" are the N whole days before today in the ad
 * account's own timezone (docs/tiktok-api.md §6), so the Campaigns page's "Spend, last 7 days" and the Reports
 * page's "Last 7 days" are the same days; how those days are named on screen ("Dec 1–7, 2026, Tokyo time"); and how
 * a preset follows the account: switching account keeps "Last 7 days" a preset, recomputed in the new account's
 * timezone, and the overview applies it in each account's own.
 *
 * Pure functions of dates (no clock): the page reads the clock once and passes each account's local today.
 */
import { fullDate, monthDay, dateRange } from "../format/dates";
import { addDays, localToday } from "../tiktok/dates";

export interface DayRange {
  from: string;
  to: string;
}

/**
 * The `days` whole days before `today` (the account's local date). Today is left out: it is still being counted, so
 * it would drag every total down, and two pages would disagree by however much of today has passed.
 */
export function lastWholeDays(days: number, today: string): DayRange {
  return { from: addDays(today, -days), to: addDays(today, -1) };
}

/** The Campaigns page's spend column covers the last 7 whole days, as the Reports page's "Last 7 days" preset does. */
export const CAMPAIGN_SPEND_DAYS = 7;

/**
 * A timezone as people say it: "Asia/Tokyo" → "Tokyo time", "America/Los_Angeles" → "Los Angeles time", TikTok's
 * inverted `Etc/GMT-9` → "UTC+9" (docs/tiktok-api.md §6). No timezone: the app counts days in UTC (localToday).
 */
export function timezoneName(timezone: string | undefined): string {
  if (!timezone || timezone === "UTC" || timezone === "Etc/UTC" || timezone === "Etc/GMT") return "UTC";
  const offset = /^Etc\/GMT([+-])(\d{1,2})$/.exec(timezone);
  if (offset) return `UTC${offset[1] === "-" ? "+" : "−"}${offset[2]}`;
  const city = timezone.split("/").pop() ?? timezone;
  return `${city.replace(/_/g, " ")} time`;
}

/** "Dec 1–7, 2026"; across months "Nov 30 – Dec 6, 2026"; across years and single days as lib/format/dates.ts. */
export function compactRange(range: DayRange): string {
  const sameMonth = range.from !== range.to && range.from.slice(0, 7) === range.to.slice(0, 7);
  if (!sameMonth) return dateRange(range);
  const end = fullDate(range.to); // "Dec 7, 2026"
  const [, day, year] = /^\S+ (\d+), (\d+)$/.exec(end) ?? [];
  return day && year ? `${monthDay(range.from)}–${day}, ${year}` : dateRange(range);
}

/** "Dec 1–7, 2026, Tokyo time": the days a figure covers, and whose days they are. */
export function rangeInZone(range: DayRange, timezone: string | undefined): string {
  return `${compactRange(range)}, ${timezoneName(timezone)}`;
}

/**
 * The dates each account's row of the overview covers. A preset means the same thing for every account, in its own
 * timezone ("last 7 days" in Tokyo are not Los Angeles' last 7 days); custom dates are the same dates for all.
 */
export function rangesPerAccount<Choice extends string>(
  choice: Choice | "custom",
  range: DayRange,
  accounts: readonly { advertiserId: string; timezone?: string }[],
  now: number,
  presetRange: (preset: Choice, today: string) => DayRange,
): Record<string, DayRange> {
  return Object.fromEntries(
    accounts.map((a) => {
      const { from, to } = choice === "custom" ? range : presetRange(choice, localToday(now, a.timezone));
      return [a.advertiserId, { from, to }];
    }),
  );
}

/**
 * What the address must say after choosing another account: a preset drops its dates, so the page recomputes them
 * for the new account's today; custom dates stay as they are (they mean the same calendar days everywhere).
 */
export function afterAccountSwitch<Choice extends string>(
  advertiserId: string,
  choice: Choice | "custom",
): { advertiserId: string; page: number; range?: Choice; from?: undefined; to?: undefined } {
  return choice === "custom"
    ? { advertiserId, page: 1 }
    : { advertiserId, range: choice, from: undefined, to: undefined, page: 1 };
}

/**
 * Whether the address already says what the page shows (account, preset or custom, and dates). When it does not, the
 * page rewrites it: a link whose preset no longer gives its dates reads as custom, in the page and in the address.
 */
export function addressAgrees(
  address: { advertiserId?: string; range: string; from?: string; to?: string },
  shown: { advertiserId: string; choice: string; from: string; to: string },
): boolean {
  return (
    address.advertiserId === shown.advertiserId &&
    address.range === shown.choice &&
    address.from === shown.from &&
    address.to === shown.to
  );
}
