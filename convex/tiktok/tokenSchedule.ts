/**
 * When the token sweep next looks at a connection (tiktok-api.md §4, §7). Long-lived Marketing API tokens are
 * verified every 6 hours; tokens that carry an expiry are refreshed a window before it (default 2 hours,
 * TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES) and verified on the same 6-hour rhythm while they live.
 */
import { ConvexError } from "convex/values";

export const VERIFY_EVERY_MS = 6 * 60 * 60_000;
export const DEFAULT_REFRESH_WINDOW_MS = 2 * 60 * 60_000;
/** The sweep's interval: no connection is looked at more often than this, whatever its times say. */
export const MIN_CHECK_GAP_MS = 15 * 60_000;

/** The configured window, or an error naming the setting (the connect action checks it before spending a code). */
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

/** For the sweep's own mutations: a bad setting must not stop every connection's checks, so it falls back. */
export function configuredRefreshWindowMs(): number {
  try {
    return refreshWindowMs();
  } catch (error) {
    console.warn(`${(error as ConvexError<{ message: string }>).data?.message ?? String(error)}; using the default of 120 minutes`);
    return DEFAULT_REFRESH_WINDOW_MS;
  }
}

export interface TokenTimes {
  tokenMode: "long_lived" | "expiring";
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
  return times.tokenMode === "expiring" && times.expiresAt !== undefined && times.expiresAt - effectiveWindow(times, windowMs) <= now;
}

export function verifyDue(times: TokenTimes, now: number): boolean {
  return times.verifiedAt === undefined || times.verifiedAt + VERIFY_EVERY_MS <= now;
}

export function nextCheckAt(times: TokenTimes, now: number, windowMs: number): number {
  const verify = (times.verifiedAt ?? now) + VERIFY_EVERY_MS;
  if (times.tokenMode !== "expiring" || times.expiresAt === undefined) return verify;
  return Math.max(now + MIN_CHECK_GAP_MS, Math.min(verify, times.expiresAt - effectiveWindow(times, windowMs)));
}
