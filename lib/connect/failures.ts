/**
 * What a failed TikTok call means for a connection, as pure functions shared by the connect action and the
 * token sweep (and unit-tested without Convex):
 *
 * - `connectOutcomeFor`: which readable outcome a failed connect attempt ends on.
 * - `tokenFailureEffect`: whether the sweep marks the connection `needs_reauth` (only the advertiser can fix it)
 *   or backs off and tries again at a later sweep (TikTok said "later", or an operator must fix configuration).
 * - `describeFailure`: the error people read on the Connections page: code, words, request_id, time. Built only
 *   from lib/tiktok's own messages (which never carry a token) or a fixed sentence.
 * - `formatFailure`: the same record as one log line, so every action logs a failure the same way.
 *
 * Whether a failure is temporary is not decided here: lib/tiktok/temporary.ts owns that, through `retryable`.
 */
import { GovernorDeferral, TIKTOK_ERROR_KINDS, TikTokAuthError, TikTokError, type AuthProblem } from "../tiktok/errors";
import type { ConnectOutcome } from "./outcomes";

/** Problems only a new authorization fixes (docs/tiktok-api.md §2: 40102, 40103, 40105, 40107). */
const REAUTH_PROBLEMS: ReadonlySet<AuthProblem> = new Set([
  "token_expired",
  "token_revoked",
  "refresh_token_invalid",
  "refresh_token_expired",
]);

/** Errors that mean "not now": TikTok down, slow, throttling, garbled, or our own app-wide budget full. */
function isTransient(error: unknown): boolean {
  return (error instanceof TikTokError && error.retryable) || error instanceof GovernorDeferral;
}

/**
 * A problem with this deployment's own configuration (a missing or malformed setting or key): its message is ours
 * and names what to fix. Marked by `kind: "config"` (KeyringError, and the settings' MisconfiguredError).
 */
export function isMisconfiguration(error: unknown): error is Error & { kind: "config" } {
  return error instanceof Error && (error as { kind?: unknown }).kind === "config";
}

export function connectOutcomeFor(error: unknown): ConnectOutcome {
  if (error instanceof TikTokAuthError && error.problem === "auth_code_invalid") return "code_rejected";
  if (isTransient(error)) return "tiktok_unavailable";
  return "failed";
}

export function needsReauth(error: unknown): boolean {
  return error instanceof TikTokAuthError && REAUTH_PROBLEMS.has(error.problem);
}

export type TokenFailureEffect = { action: "reauth" } | { action: "retry"; afterMs: number };

/** The sweep runs every 15 minutes; back-off doubles from there up to 6 hours. */
export const FIRST_RETRY_MS = 15 * 60_000;
export const MAX_RETRY_MS = 6 * 60 * 60_000;

/** `failures` counts this one (1 for the first failure in a row). */
export function tokenFailureEffect(error: unknown, failures: number): TokenFailureEffect {
  if (needsReauth(error)) return { action: "reauth" };
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  const askedFor = (error as { retryAfterMs?: number } | null)?.retryAfterMs ?? 0;
  return { action: "retry", afterMs: Math.max(backoff, askedFor) };
}

/** What a failure record's `kind` may be: lib/tiktok's error kinds, or `config` for this deployment's settings. */
export const FAILURE_KINDS = [...TIKTOK_ERROR_KINDS, "config"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/**
 * The last failure kept for people to read (on a connection, on a sync run): never a token, only TikTok's code and
 * words. This is the shape's owner: convex/tiktok/validators.ts's `connectionErrorValidator` is checked against it.
 */
export interface FailureRecord {
  /** TikTok's envelope code, when there was one. */
  code?: number;
  /** lib/tiktok's error kind (auth, server, network…) or `config` for this deployment's own settings. */
  kind: FailureKind;
  message: string;
  requestId?: string;
  at: number;
}

export function describeFailure(error: unknown, at: number): FailureRecord {
  if (error instanceof TikTokError) {
    return { code: error.code, kind: error.kind, message: error.message, requestId: error.requestId, at };
  }
  if (error instanceof GovernorDeferral) return { kind: "rate_limit", message: error.message, at };
  // Our own configuration (a missing key, a wrong setting): these messages are ours and name what to fix.
  if (isMisconfiguration(error)) return { kind: "config", message: error.message, at };
  return {
    kind: "unknown",
    message: "Something unexpected went wrong while checking this connection; the deployment's logs have the details",
    at,
  };
}

/** One log line for a failure: `[kind code] message (request_id …)`. Never a token: see describeFailure. */
export function formatFailure(failure: FailureRecord): string {
  const code = failure.code === undefined ? "" : ` ${failure.code}`;
  const requestId = failure.requestId ? ` (request_id ${failure.requestId})` : "";
  return `[${failure.kind}${code}] ${failure.message}${requestId}`;
}
