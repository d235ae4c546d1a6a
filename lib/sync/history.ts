/**
 * History on demand, as pure functions: which months a person may ask for, and how a run that reaches back before
 * the account's synced coverage walks its dates.
 *
 * A run with history walks one line of dates, oldest first, from the requested month to today, in three pieces:
 *   1. fetched: the history, from the month asked for to the day before the synced coverage (`syncedFrom`);
 *   2. stored: the days already synced, which are not fetched again (no call spent twice) but re-threaded: each
 *      campaign-day row carries running totals from the first stored day (docs/architecture.md §8), so once older
 *      days exist before them, their totals must grow by what came before;
 *   3. fetched: the regular sync's own dates (the lookback and any gap), as every run fetches them.
 * One line with one cursor (the run's `nextDate`) keeps the totals right whatever stops the run: a rerun starts where
 * it stopped, and nothing is fetched by two runs at once (an account has one live run).
 * While such a run is going, a campaign's total over a range from the new history into the stored days is off until
 * those days are re-threaded (minutes); daily figures, summaries and charts read rollups and are right throughout.
 *
 * Not here: asking for history (convex/tiktok/sync/queue.ts) and the writes (convex/tiktok/sync/batches.ts).
 */
import { fullDate } from "../format/dates";
import { addDays, MAX_DAILY_REPORT_DAYS, splitRange, type DateRange } from "../tiktok/dates";
import { syncRange, type SyncSettings } from "./plan";

/**
 * How far back a person may ask, in months before the current one. TikTok does not document a limit on how far back
 * `report/integrated/get` serves daily data (docs/tiktok-api.md §5); 36 months keeps one request a bounded background
 * job (at most ~37 report windows per account), and the page says so.
 */
export const HISTORY_MAX_MONTHS_BACK = 36;

/** A month as people pick it (`<input type="month">`): YYYY-MM. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first day of a month written YYYY-MM. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** The month of a YYYY-MM-DD date, written YYYY-MM. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The earliest month a person may ask for, given the account's local today. */
export function earliestHistoryMonth(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1 - HISTORY_MAX_MONTHS_BACK;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}`;
}

/** The month before a month written YYYY-MM. */
function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${String(y! - 1).padStart(4, "0")}-12` : `${month.slice(0, 4)}-${String(m! - 1).padStart(2, "0")}`;
}

/**
 * The latest month whose first day is not synced yet, given the coverage's first date: its own month when the
 * coverage starts after the 1st, else the month before.
 */
export function latestHistoryMonth(syncedFrom: string): string {
  const month = monthOf(syncedFrom);
  return syncedFrom > monthStart(month) ? month : previousMonth(month);
}

/** A month in words: "March 2026". */
export function monthInWords(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString("en", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/**
 * Checks a request for history back to `month`: the first date to fetch, or what to change, in words a person reads.
 * `syncedFrom` is the account's earliest synced date (absent before its first sync has finished).
 */
export function checkHistoryMonth(args: {
  month: string;
  today: string;
  syncedFrom?: string;
}): { ok: true; from: string } | { ok: false; message: string } {
  const { month, today, syncedFrom } = args;
  if (!MONTH.test(month)) return { ok: false, message: "Choose a month, written YYYY-MM (for example 2026-03)" };
  if (syncedFrom === undefined)
    return {
      ok: false,
      message: "This ad account's first sync has not finished yet; ask for more history once it has",
    };
  const earliest = earliestHistoryMonth(today);
  if (month < earliest)
    return {
      ok: false,
      message: `TikTok's reports can be fetched back to ${monthInWords(earliest)} at most; choose that month or a later one`,
    };
  const from = monthStart(month);
  if (from >= syncedFrom)
    return {
      ok: false,
      message: `Days from ${fullDate(syncedFrom)} on are synced already; choose ${monthInWords(latestHistoryMonth(syncedFrom))} or an earlier month`,
    };
  return { ok: true, from };
}

/** The dates a run walks: from startDate to endDate, the stored piece (if any) re-threaded rather than fetched. */
export interface RunDates extends DateRange {
  /** The history this run completes: the account is synced from here once the run succeeds. */
  historyFrom?: string;
  storedFrom?: string;
  storedTo?: string;
}

/**
 * A run's dates. Without pending history: the regular sync's (plan.ts). With it: from where the history stands (the
 * day after `historyThrough`, the last history date a stopped run stored, else the month asked for) to today, the
 * days already synced in the middle re-threaded.
 */
export function planRunDates(args: {
  today: string;
  settings: SyncSettings;
  syncedFrom?: string;
  syncedThrough?: string;
  historyFrom?: string;
  historyThrough?: string;
}): RunDates {
  const { syncedFrom, syncedThrough, historyFrom, historyThrough } = args;
  const regular = syncRange(args);
  if (historyFrom === undefined || syncedFrom === undefined || syncedThrough === undefined) return regular;
  if (historyFrom >= syncedFrom) return regular;
  const resumeAt =
    historyThrough !== undefined && historyThrough >= historyFrom && historyThrough < syncedFrom
      ? addDays(historyThrough, 1)
      : historyFrom;
  const storedTo = addDays(regular.startDate, -1) < syncedThrough ? addDays(regular.startDate, -1) : syncedThrough;
  return {
    startDate: resumeAt,
    endDate: regular.endDate,
    historyFrom,
    ...(storedTo >= syncedFrom ? { storedFrom: syncedFrom, storedTo } : {}),
  };
}

/** One step's dates: a report window to fetch (≤ 30 days), or stored days to re-thread. */
export interface RunWindow extends DateRange {
  stored: boolean;
}

/** Every window of a run, oldest first: fetched pieces in TikTok's largest windows, stored days in as many. */
export function runWindows(run: RunDates): RunWindow[] {
  const pieces: RunWindow[] = [];
  const { startDate, endDate, storedFrom, storedTo } = run;
  if (storedFrom === undefined || storedTo === undefined || storedTo < startDate) {
    pieces.push({ startDate, endDate, stored: false });
  } else {
    if (startDate < storedFrom) pieces.push({ startDate, endDate: addDays(storedFrom, -1), stored: false });
    pieces.push({ startDate: startDate > storedFrom ? startDate : storedFrom, endDate: storedTo, stored: true });
    if (storedTo < endDate) pieces.push({ startDate: addDays(storedTo, 1), endDate, stored: false });
  }
  return pieces.flatMap((piece) =>
    splitRange(piece, MAX_DAILY_REPORT_DAYS).map((range) => ({ ...range, stored: piece.stored })),
  );
}

/** The window a run's next step takes, from its cursor. */
export function nextRunWindow(run: RunDates & { nextDate: string }): RunWindow {
  return runWindows({ ...run, startDate: run.nextDate })[0]!;
}
