/**
 * Which days of a period the sync has covered, and the one rule every comparison on the Reports page follows: a
 * change is shown only between two periods whose every day is synced. A synced day has its rollup row (the sync
 * writes one for every date it covers, zeros included: convex/tiktok/sync/writes.ts); a day without one was never
 * fetched (before the backfill, after the last sync, or a gap), so a sum over it is a part, never the whole.
 *
 * The report queries (convex/tiktok/reports.ts) compute coverage from the rows they already read; the tiles, the
 * chart, the campaign table and the overview say the same thing from it (the words: lib/ui/reports.ts).
 */
import { addDays, daysInRange } from "../tiktok/dates";

export interface Period {
  from: string;
  to: string;
}

/** How much of a period is synced, and which stretches of consecutive days are not. */
export interface Coverage {
  days: number;
  syncedDays: number;
  /** The unsynced stretches, oldest first, at most MAX_MISSING_STRETCHES of them. */
  missing: Period[];
  /** Unsynced stretches beyond those listed (a patchy history is named by its first few stretches). */
  moreMissing: number;
}

/** Enough to name the gaps of any real history; bounds what a query returns for a patchy one. */
export const MAX_MISSING_STRETCHES = 5;

/** The coverage of `period`, given the dates synced (any order; dates outside the period are ignored). */
export function coverageOf(period: Period, syncedDates: Iterable<string>): Coverage {
  const synced = new Set<string>();
  for (const date of syncedDates) if (date >= period.from && date <= period.to) synced.add(date);
  const missing: Period[] = [];
  let moreMissing = 0;
  let start: string | undefined;
  const close = (to: string) => {
    if (start === undefined) return;
    if (missing.length < MAX_MISSING_STRETCHES) missing.push({ from: start, to });
    else moreMissing++;
    start = undefined;
  };
  for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
    if (synced.has(date)) close(addDays(date, -1));
    else start ??= date;
  }
  close(period.to);
  return {
    days: daysInRange({ startDate: period.from, endDate: period.to }),
    syncedDays: synced.size,
    missing,
    moreMissing,
  };
}

/** Every day of the period is synced: its figures are the period's whole. */
export function isComplete(coverage: Coverage): boolean {
  return coverage.syncedDays === coverage.days;
}

/** No day of the period is synced: it has no figure at all, not a zero. */
export function isUnsynced(coverage: Coverage): boolean {
  return coverage.syncedDays === 0;
}

/** The rule: a change between two periods is shown only when both are fully synced. */
export function comparable(current: Coverage, previous: Coverage): boolean {
  return isComplete(current) && isComplete(previous);
}
