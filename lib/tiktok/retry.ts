/**
 * The retry decision, as a pure function: given an error and the attempt that produced it, retry or not,
 * why, and how long to wait. No timers, no I/O, so every branch is a unit test.
 *
 * Rules (docs/tiktok-api.md §2–3):
 * - Retry what TikTok says is temporary, as temporary.ts's table decides (rate limits, server errors, maintenance,
 *   task-not-ready/write-conflict, no answer, an answer that was not JSON); a schema mismatch is temporary but left
 *   to the caller's next run. Never retry auth, permission, parameter or not-found errors: only a person fixes those.
 * - A request TikTok may have acted on is retried only if repeating it is harmless (`idempotent`: reads, and writes
 *   carrying the same `request_id`). Otherwise only rejections TikTok makes *before* acting (rate limits) and
 *   requests that never left this machine are retried.
 * - Waits are exponential with full jitter between a floor and a cap; a per-minute app limit waits ~5 minutes and
 *   a per-day limit waits for 00:00 UTC, as TikTok advises. A wait longer than `maxInlineWaitMs` is not slept
 *   through: the error goes back to the caller with `retryAfterMs`, so background work can be rescheduled.
 */
import { TikTokError, TikTokNetworkError, TikTokRateLimitError, TikTokServerError } from "./errors";
import { RETRY_INLINE, temporaryCause, type TemporaryCause } from "./temporary";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff step; doubled each attempt. */
  baseDelayMs: number;
  /** No computed backoff exceeds this. */
  maxDelayMs: number;
  /** No wait is shorter than this (jitter can otherwise produce ~0 ms and hammer TikTok). */
  minDelayMs: number;
  /** Longer waits are handed back to the caller instead of slept through. */
  maxInlineWaitMs: number;
  /**
   * Whether a timed-out request (ours, TikTok's 50002, or a gateway 504) is retried as is. Reports turn this off
   * and narrow the window instead: TikTok throttles apps that repeat timed-out reports (docs/tiktok-api.md §2).
   */
  retryTimeouts: boolean;
  /** [0, 1) source for jitter; injectable so tests are exact. */
  random: () => number;
  /** Epoch ms; injectable for the per-day wait. */
  now: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  minDelayMs: 100,
  maxInlineWaitMs: 30_000,
  retryTimeouts: true,
  random: Math.random,
  now: Date.now,
};

export const RETRY_REASONS = [
  "app_rate_limit_second",
  "app_rate_limit_minute",
  "app_rate_limit_day",
  "advertiser_rate_limit",
  "endpoint_rate_limit",
  "server_error",
  "maintenance",
  "conflict",
  "network",
  "timeout",
  "malformed_response",
  "schema_mismatch",
  /** Temporary, but not worth repeating at once (temporary.ts): the caller's next run tries again. */
  "later_only",
  "not_retryable",
  "not_idempotent",
  "timeout_not_retried",
  "attempts_exhausted",
  "wait_too_long",
] as const;

export type RetryReason = (typeof RETRY_REASONS)[number];

export interface RetryDecision {
  retry: boolean;
  reason: RetryReason;
  /** How long to wait before the next attempt (when retrying) or before the caller tries again (when not). */
  waitMs: number;
}

const MINUTE_PAUSE_MS = 5 * 60_000;
const MAINTENANCE_PAUSE_MS = 60_000;

/** Full-jitter exponential backoff: uniform in [floor, min(cap, base·2^(attempt-1))]. */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "minDelayMs" | "random">,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(policy.minDelayMs, Math.floor(policy.random() * ceiling));
}

function msUntilNextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
}

/** Which app window a 40100 refers to. TikTok says so only in the message text ("QPS", "QPM", "QPD", "per minute"...). */
export function appLimitWindow(message: string): "second" | "minute" | "day" {
  if (/\bQPD\b|per[ _-]?day|daily/i.test(message)) return "day";
  if (/\bQPM\b|per[ _-]?minute/i.test(message)) return "minute";
  return "second";
}

/** The wait TikTok's guidance implies for each temporary cause (the cause itself comes from temporary.ts). */
function waitFor(
  cause: TemporaryCause,
  error: TikTokError,
  attempt: number,
  policy: RetryPolicy,
): { reason: RetryReason; waitMs: number } {
  switch (cause) {
    case "app_rate_limit": {
      const window = appLimitWindow(error.message);
      if (window === "day") return { reason: "app_rate_limit_day", waitMs: msUntilNextUtcMidnight(policy.now()) };
      if (window === "minute") return { reason: "app_rate_limit_minute", waitMs: MINUTE_PAUSE_MS };
      // A per-second breach clears within the second: wait it out, with jitter so workers do not return together.
      return { reason: "app_rate_limit_second", waitMs: 1_000 + Math.floor(policy.random() * 250) };
    }
    case "advertiser_rate_limit":
    case "endpoint_rate_limit":
      return { reason: cause, waitMs: Math.max(1_000, backoffDelay(attempt, policy)) };
    case "maintenance":
      return { reason: "maintenance", waitMs: MAINTENANCE_PAUSE_MS };
    case "server_error":
    case "conflict":
    case "network":
    case "timeout":
    case "malformed_response":
    case "schema_mismatch":
      return { reason: cause, waitMs: backoffDelay(attempt, policy) };
  }
}

/** True when TikTok cannot have acted on the request, so even a non-idempotent one may be repeated. */
function surelyNotActedOn(error: TikTokError): boolean {
  return error instanceof TikTokRateLimitError || (error instanceof TikTokNetworkError && error.notSent);
}

export function classify(
  error: unknown,
  attempt: number,
  options: { idempotent: boolean; policy?: Partial<RetryPolicy> } = { idempotent: true },
): RetryDecision {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const cause = error instanceof TikTokError ? temporaryCause(error) : undefined;
  if (!cause || !(error instanceof TikTokError)) return { retry: false, reason: "not_retryable", waitMs: 0 };
  const waited = waitFor(cause, error, attempt, policy);
  const waitMs = Math.max(waited.waitMs, error.retryAfterMs ?? 0);
  if (!RETRY_INLINE[cause]) return { retry: false, reason: "later_only", waitMs };

  if (!options.idempotent && !surelyNotActedOn(error)) return { retry: false, reason: "not_idempotent", waitMs };
  const timedOut =
    (error instanceof TikTokNetworkError && error.timedOut) || (error instanceof TikTokServerError && error.isTimeout);
  if (timedOut && !policy.retryTimeouts) {
    return { retry: false, reason: "timeout_not_retried", waitMs };
  }
  if (attempt >= policy.maxAttempts) return { retry: false, reason: "attempts_exhausted", waitMs };
  if (waitMs > policy.maxInlineWaitMs) return { retry: false, reason: "wait_too_long", waitMs };
  return { retry: true, reason: waited.reason, waitMs };
}
