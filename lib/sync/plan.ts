/**
 * What a sync run fetches, as pure functions (unit-tested without Convex or TikTok).
 *
 * - "Today" is the ad account's own local date: TikTok's report dates are the account's local dates
 *   (docs/tiktok-api.md §6), so a UTC "today" would cut an evening in Los Angeles or a morning in Tokyo.
 * - The first run backfills `backfillDays` ending today. Later runs re-pull today and the `lookbackDays` before it
 *   (TikTok restates a day until its attribution window has passed: with a 7-day window, the day 7 days back can
 *   still move today) plus any gap since the last date fully synced.
 * - A range is fetched in windows of at most 30 days (TikTok's limit with a daily dimension), oldest first, so the
 *   running totals kept per campaign always grow forwards.
 */
import { addDays, MAX_DAILY_REPORT_DAYS, splitRange, type DateRange } from "../tiktok/dates";

export interface SyncSettings {
  backfillDays: number;
  lookbackDays: number;
}

/**
 * The dates to fetch: the whole backfill on the first run; afterwards from the earlier of "the day after the last
 * fully synced day" and "today minus the lookback", through today. Never before the backfill's first day.
 */
export function syncRange(args: { today: string; syncedThrough?: string; settings: SyncSettings }): DateRange {
  const { today, syncedThrough, settings } = args;
  const backfillStart = addDays(today, -(settings.backfillDays - 1));
  if (syncedThrough === undefined) return { startDate: backfillStart, endDate: today };
  const lookbackStart = addDays(today, -settings.lookbackDays);
  const gapStart = addDays(syncedThrough, 1);
  let startDate = gapStart < lookbackStart ? gapStart : lookbackStart;
  // A gap longer than the backfill (an account left alone for months) is fetched as a backfill would be.
  if (startDate < backfillStart) startDate = backfillStart;
  if (startDate > today) startDate = today;
  return { startDate, endDate: today };
}

/** The range in report windows of at most 30 days, oldest first. */
export function syncWindows(range: DateRange): DateRange[] {
  return splitRange(range, MAX_DAILY_REPORT_DAYS);
}

/** Every date of a range, in order. */
export function datesOf(range: DateRange): string[] {
  const dates: string[] = [];
  for (let d = range.startDate; d <= range.endDate; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Days still inside the lookback when the account was last synced: TikTok may restate them at the next sync. */
export function provisionalFrom(lastSyncToday: string | undefined, lookbackDays: number): string | undefined {
  return lastSyncToday === undefined ? undefined : addDays(lastSyncToday, -lookbackDays);
}
