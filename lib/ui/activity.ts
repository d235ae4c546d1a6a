/**
 * How the Activity page words the TikTok call ledger and the sync runs: endpoints by name, each call's result,
 * latencies and durations, and the page's filters as they live in the address (so a link shows the same view).
 * Pure, so each wording is a unit test.
 */
import type { SyncRunStatus, SyncTrigger } from "../sync/runs";
import type { CallOutcome } from "../tiktok/errors";
import type { RetryReason } from "../tiktok/retry";
import type { Tone } from "./connections";

/**
 * The TikTok endpoints the app calls (lib/tiktok declares each next to its call; lib/ui/activity.test.ts checks
 * this list against those declarations, so a new endpoint cannot be missing from the filter).
 */
export const ENDPOINTS: ReadonlyArray<{ path: string; label: string }> = [
  { path: "/report/integrated/get/", label: "Reports" },
  { path: "/campaign/get/", label: "Campaign list" },
  { path: "/campaign/create/", label: "Campaign create" },
  { path: "/campaign/update/", label: "Campaign update" },
  { path: "/campaign/status/update/", label: "Campaign status" },
  { path: "/advertiser/info/", label: "Advertiser details" },
  { path: "/oauth2/advertiser/get/", label: "Authorized advertisers" },
  { path: "/oauth2/access_token/", label: "Access token" },
  { path: "/oauth2/revoke_token/", label: "Token revoke" },
];

/** An ad account's name for a known id, else the id itself; a dash for app-level calls (no advertiser). */
export function advertiserName(names: ReadonlyMap<string, string>, advertiserId: string | undefined): string {
  if (!advertiserId) return "—";
  return names.get(advertiserId) || advertiserId;
}

/** "Reports", or the path itself for one this list does not know. */
export function endpointLabel(path: string): string {
  return ENDPOINTS.find((e) => e.path === path)?.label ?? path;
}

const OUTCOME_WORDS: Record<Exclude<CallOutcome, "ok">, string> = {
  auth: "Access refused",
  permission: "No permission",
  rate_limit: "Rate limited",
  invalid_request: "Invalid request",
  not_found: "Not found",
  report_too_large: "Report too large",
  conflict: "Busy, try later",
  server: "TikTok error",
  network: "No answer",
  malformed_response: "Unreadable answer",
  redirect: "Redirected",
  schema: "Unexpected answer",
  input: "Refused before sending",
  unknown: "Failed",
};

/** A call's result in words, and whether the app tried again after it. The colour only supports the words. */
export function callResult(call: { outcome: CallOutcome; retryReason?: RetryReason }): {
  label: string;
  tone: Tone;
  retried: boolean;
} {
  if (call.outcome === "ok") return { label: "OK", tone: "ok", retried: false };
  const retried =
    call.retryReason !== undefined &&
    call.retryReason !== "not_retryable" &&
    call.retryReason !== "not_idempotent" &&
    call.retryReason !== "later_only";
  return { label: OUTCOME_WORDS[call.outcome], tone: "error", retried };
}

/** "84 ms", "1.2 s", "12 s". */
export function latency(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms / 1_000)} s`;
}

/** "45 s", "2 min 5 s", "1 h 3 min". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

const RUN_STATUS: Record<SyncRunStatus, { label: string; tone: Tone | "info" }> = {
  queued: { label: "Queued", tone: "info" },
  running: { label: "Running", tone: "info" },
  succeeded: { label: "Succeeded", tone: "ok" },
  failed: { label: "Failed", tone: "error" },
  skipped: { label: "Skipped", tone: "warn" },
};

export function runStatus(status: SyncRunStatus): { label: string; tone: Tone | "info" } {
  return RUN_STATUS[status];
}

const TRIGGERS: Record<SyncTrigger, string> = {
  connect: "After connecting",
  schedule: "Scheduled",
  manual: "Sync now",
  history: "More history",
};

export function runTrigger(trigger: SyncTrigger): string {
  return TRIGGERS[trigger];
}

/** How long a run took, or has been going: from its start (or queueing) to its end (or now). */
export function runDuration(
  run: { queuedAt: number; startedAt?: number; finishedAt?: number },
  now: number,
): { text: string; ongoing: boolean } {
  const from = run.startedAt ?? run.queuedAt;
  const to = run.finishedAt ?? now;
  return { text: duration(to - from), ongoing: run.finishedAt === undefined };
}

/** The Activity page's filters, as they live in the address. */
export interface ActivityFilters {
  failedOnly: boolean;
  advertiserId?: string;
  path?: string;
  /** Paging back: calls before this moment (epoch ms). */
  before?: number;
}

const ADVERTISER_ID = /^\d{1,32}$/;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function param(params: Params, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === null || single === undefined || single === "" ? undefined : single;
}

/** Reads the filters from the address, dropping anything that is not a known endpoint or an advertiser id. */
export function parseActivityFilters(params: Params): ActivityFilters {
  const advertiserId = param(params, "advertiser");
  const path = param(params, "endpoint");
  const before = Number(param(params, "before"));
  return {
    failedOnly: param(params, "failed") === "1",
    ...(advertiserId && ADVERTISER_ID.test(advertiserId) ? { advertiserId } : {}),
    ...(path && ENDPOINTS.some((e) => e.path === path) ? { path } : {}),
    ...(Number.isSafeInteger(before) && before > 0 ? { before } : {}),
  };
}

/** The address for `filters` ("/activity?failed=1&advertiser=…"), with only the parameters that are set. */
export function activityHref(filters: ActivityFilters): string {
  const params = new URLSearchParams();
  if (filters.failedOnly) params.set("failed", "1");
  if (filters.advertiserId) params.set("advertiser", filters.advertiserId);
  if (filters.path) params.set("endpoint", filters.path);
  if (filters.before !== undefined) params.set("before", String(filters.before));
  const query = params.toString();
  return query ? `/activity?${query}` : "/activity";
}

/** "No calls yet", or what the filters leave out, for the empty ledger. */
export function emptyLedgerMessage(filters: ActivityFilters): string {
  if (filters.before !== undefined) return "No older calls match.";
  if (filters.failedOnly || filters.advertiserId || filters.path)
    return "No calls match these filters in the last 30 days.";
  return "No TikTok calls in the last 30 days. Calls appear here as soon as the app talks to TikTok: connecting an account starts its first sync.";
}

/** A call's moment for the ledger: the time to the second, with the date when it is not today (viewer's zone). */
export function callTime(at: number, now: number, timeZone?: string): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(at);
  if (day.format(at) === day.format(now)) return time;
  const date = new Intl.DateTimeFormat("en", { timeZone, month: "short", day: "numeric" }).format(at);
  return `${date}, ${time}`;
}
