/**
 * When the token sweep next looks at a connection (tiktok-api.md §4, §7). Long-lived Marketing API tokens are
 * verified every 6 hours; tokens that carry an expiry are refreshed a window before it (default 2 hours,
 * TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES) and verified on the same 6-hour rhythm while they live.
 */
import { ConvexError } from "convex/values";

export const VERIFY_EVERY_MS = 6 * 60 * 60_000;
export const DEFAULT_REFRESH_WINDOW_MS = 2 * 60 * 60_000;

export function refreshWindowMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES?.trim();
  if (!raw) return DEFAULT_REFRESH_WINDOW_MS;
  const minutes = Number(raw);
  // At least two sweeps (15 minutes apart) must fit in the window, or one missed sweep lets a token lapse.
  if (!Number.isFinite(minutes) || minutes < 30) {
    throw new ConvexError({ code: "MISCONFIGURED", message: `TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES must be a number of minutes, at least 30; got ${raw}` });
  }
  return minutes * 60_000;
}

export interface TokenTimes {
  tokenMode: "long_lived" | "expiring";
  expiresAt?: number;
  verifiedAt?: number;
}

/** True when an expiring token is inside its refresh window. */
export function refreshDue(times: TokenTimes, now: number, windowMs: number): boolean {
  return times.tokenMode === "expiring" && times.expiresAt !== undefined && times.expiresAt - windowMs <= now;
}

export function verifyDue(times: TokenTimes, now: number): boolean {
  return times.verifiedAt === undefined || times.verifiedAt + VERIFY_EVERY_MS <= now;
}

export function nextCheckAt(times: TokenTimes, now: number, windowMs: number): number {
  const verify = (times.verifiedAt ?? now) + VERIFY_EVERY_MS;
  if (times.tokenMode !== "expiring" || times.expiresAt === undefined) return verify;
  return Math.min(verify, Math.max(now, times.expiresAt - windowMs));
}
