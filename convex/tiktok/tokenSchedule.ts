/**
 * When the token sweep next looks at a connection (docs/tiktok-api.md §4, §7). Long-lived Marketing API tokens are
 * verified every 6 hours; tokens that carry an expiry are refreshed a window before it (default 2 hours,
 * TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES, resolved by settings.ts and passed in) and verified on the same 6-hour
 * rhythm while they live.
 */
import type { Infer } from "convex/values";
import type { tokenModeValidator } from "./validators";

export const VERIFY_EVERY_MS = 6 * 60 * 60_000;
/** The sweep's interval: no connection is looked at more often than this, whatever its times say. */
export const MIN_CHECK_GAP_MS = 15 * 60_000;

export interface TokenTimes {
  tokenMode: Infer<typeof tokenModeValidator>;
  expiresAt?: number;
  verifiedAt?: number;
  /** When the current token was issued (connected or refreshed): bounds the window to half its lifetime. */
  issuedAt?: number;
}

/**
 * The window actually used: never more than half the token's lifetime, so a window set longer than the tokens
 * live cannot turn every check into a refresh.
 */
function effectiveWindow(times: TokenTimes, windowMs: number): number {
  if (times.expiresAt === undefined || times.issuedAt === undefined) return windowMs;
  return Math.min(windowMs, Math.max(0, (times.expiresAt - times.issuedAt) / 2));
}

/** True when an expiring token is inside its refresh window. */
export function refreshDue(times: TokenTimes, now: number, windowMs: number): boolean {
  return (
    times.tokenMode === "expiring" &&
    times.expiresAt !== undefined &&
    times.expiresAt - effectiveWindow(times, windowMs) <= now
  );
}

export function verifyDue(times: TokenTimes, now: number): boolean {
  return times.verifiedAt === undefined || times.verifiedAt + VERIFY_EVERY_MS <= now;
}

export function nextCheckAt(times: TokenTimes, now: number, windowMs: number): number {
  const verify = (times.verifiedAt ?? now) + VERIFY_EVERY_MS;
  if (times.tokenMode !== "expiring" || times.expiresAt === undefined) return verify;
  return Math.max(now + MIN_CHECK_GAP_MS, Math.min(verify, times.expiresAt - effectiveWindow(times, windowMs)));
}
