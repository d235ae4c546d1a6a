/**
 * How every page words an ad account's sync (Connections, the Reports page's facts, Activity): what the latest run is
 * doing (with its progress), how it ended, whether Sync now can start one (or when it can, after its cooldown), and
 * the "More history" control's coverage and bounds.
 * Pure, so each wording is a unit test.
 */
import type { FailureRecord } from "../connect/failures";
import type { SyncPhase, SyncRunStatus } from "../sync/runs";
import { fullDate } from "../format/dates";
import { MANUAL_SYNC_COOLDOWN_MS, minutesUntil } from "../sync/cooldown";
import { earliestHistoryMonth, latestHistoryMonth, monthInWords } from "../sync/history";
import type { Tone } from "./connections";

export interface SyncRunLike {
  status: SyncRunStatus;
  phase: SyncPhase;
  windowsDone: number;
  windowsPlanned: number;
  pagesDone: number;
  rowsWritten: number;
  deferrals: number;
  skipReason?: string;
  lastError?: FailureRecord;
  startDate?: string;
  endDate?: string;
  /** The history this run fetches back to (lib/sync/history.ts), when it does. */
  historyFrom?: string;
}

export interface SyncState {
  /** The badge: the state in words. */
  label: string;
  tone: Tone | "info";
  /** One sentence: what is happening, or how the last run ended. */
  detail: string;
  /** While a run is going: how far, for a progress bar (windows done of planned, once known). */
  progress?: { done: number; planned: number; text: string };
  /** Whether a run is queued or going (Sync now then joins it rather than starting another). */
  busy: boolean;
  /** The latest run's error to show (a failed run, or a retry in progress). */
  error?: FailureRecord;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * A going run's progress in words, the same on every page: "2 of 4 report windows · 9 pages read", or the pages read
 * while the run is still reading the account and its campaigns (it plans its windows after that).
 */
export function runProgressText(
  run: Pick<SyncRunLike, "phase" | "windowsDone" | "windowsPlanned" | "pagesDone">,
): string {
  if (run.phase === "details" || run.windowsPlanned === 0)
    return `Reading the account and its campaigns (${plural(run.pagesDone, "page")} read)`;
  return `${Math.min(run.windowsDone, run.windowsPlanned)} of ${plural(run.windowsPlanned, "report window")} · ${plural(run.pagesDone, "page")} read`;
}

/** The state of an ad account's sync from its latest run (none yet: never synced). */
export function syncState(latest: SyncRunLike | undefined): SyncState {
  if (!latest) {
    return { label: "Not synced yet", tone: "muted", detail: "No sync has run for this ad account yet.", busy: false };
  }
  switch (latest.status) {
    case "queued":
      return {
        label: "Queued",
        tone: "info",
        detail: "Waiting for its turn: a few ad accounts sync at a time.",
        busy: true,
      };
    case "running": {
      const waiting = latest.deferrals > 0 ? " Pauses now and then to leave TikTok's rate limit to people." : "";
      const retrying = latest.lastError ? " The last step failed; the app tries again on its own." : "";
      if (latest.phase === "details") {
        return {
          label: "Syncing",
          tone: "info",
          detail: `Starting: the account's details and campaigns come first, then the daily reports.${retrying}${waiting}`,
          progress: { done: 0, planned: 0, text: runProgressText(latest) },
          busy: true,
          error: latest.lastError,
        };
      }
      const range =
        latest.startDate && latest.endDate ? ` for ${fullDate(latest.startDate)} – ${fullDate(latest.endDate)}` : "";
      const history = latest.historyFrom ? ` Fetching history back to ${fullDate(latest.historyFrom)}.` : "";
      return {
        label: latest.historyFrom ? "Fetching history" : "Syncing",
        tone: "info",
        detail: `Reading daily reports${range}.${history}${retrying}${waiting}`,
        progress: {
          done: latest.windowsDone,
          planned: latest.windowsPlanned,
          text: runProgressText(latest),
        },
        busy: true,
        error: latest.lastError,
      };
    }
    case "succeeded":
      return {
        label: "Synced",
        tone: "ok",
        detail:
          latest.rowsWritten === 0
            ? "The last sync found nothing new."
            : `The last sync updated ${plural(latest.rowsWritten, "row")}.`,
        busy: false,
      };
    case "skipped":
      return {
        label: "Skipped",
        tone: "warn",
        detail: `The last sync was skipped. ${sentence(latest.skipReason ?? "The ad account could not be synced.")}`,
        busy: false,
      };
    case "failed":
      return {
        label: "Sync failed",
        tone: "error",
        detail: "The last sync stopped. The next scheduled sync tries again, or press Sync now.",
        busy: false,
        error: latest.lastError,
      };
  }
}

/** The reason as a sentence of its own: capitalised, with its full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The Sync now button: its words, and whether pressing it does anything now. */
export interface SyncNowButton {
  label: string;
  /** Pressing does nothing: a run is going (the press would join it anyway), or the cooldown is not over. */
  disabled: boolean;
  /** Why, in a sentence, while the cooldown holds it back (for assistive technology and the tooltip). */
  hint?: string;
}

/**
 * What Sync now says: "Syncing…" while a run is going, "Sync again in 3 min" until `nextManualSyncAt` (the status
 * query's stored moment) has passed by the page's clock `now`, else "Sync now". The page's clock may lag by its tick:
 * the button then opens a little late, never early.
 */
export function syncNowButton(busy: boolean, nextManualSyncAt: number | undefined, now: number): SyncNowButton {
  if (busy) return { label: "Syncing…", disabled: true };
  if (nextManualSyncAt !== undefined && now < nextManualSyncAt) {
    // Never more than the cooldown itself, however far behind the page's ticking clock is.
    const cooldown = MANUAL_SYNC_COOLDOWN_MS / 60_000;
    const minutes = Math.min(cooldown, minutesUntil(nextManualSyncAt, now));
    return {
      label: `Sync again in ${minutes} min`,
      disabled: true,
      hint:
        `Sync now starts one run per ad account every ${cooldown} minutes: ` +
        `the next is possible in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }
  return { label: "Sync now", disabled: false };
}

/** What the "More history" control says about an account: how far back it is synced, what is asked, and the bounds. */
export interface HistoryView {
  /** "Synced from Sep 9, 2026." (absent before the first sync has finished). */
  coverage?: string;
  /** "History back to Mar 1, 2026 is on its way." while a request is pending. */
  pending?: string;
  /** The months a person may pick (YYYY-MM), for the month field's bounds. */
  earliestMonth: string;
  latestMonth?: string;
  /** The bound in a sentence, shown beside the field. */
  limit: string;
}

/**
 * The control's words from the status query and the account's local today. The latest month a person may pick is the
 * one before the synced coverage's first full month (a month is asked for from its first day).
 */
export function historyView(
  status: { syncedFrom?: string; historyFrom?: string } | null | undefined,
  today: string,
): HistoryView {
  const earliestMonth = earliestHistoryMonth(today);
  const syncedFrom = status?.syncedFrom;
  const latestMonth = syncedFrom ? latestHistoryMonth(syncedFrom) : undefined;
  return {
    coverage: syncedFrom ? `Synced from ${fullDate(syncedFrom)}.` : undefined,
    pending:
      status?.historyFrom && (!syncedFrom || status.historyFrom < syncedFrom)
        ? `History back to ${fullDate(status.historyFrom)} is on its way: it is fetched in the background, a report window at a time.`
        : undefined,
    earliestMonth,
    latestMonth: latestMonth && latestMonth >= earliestMonth ? latestMonth : undefined,
    limit: `TikTok's reports can be fetched back to ${monthInWords(earliestMonth)} at most.`,
  };
}
