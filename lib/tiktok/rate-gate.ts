/**
 * In-process pacing of TikTok calls: every attempt waits here before it is sent.
 *
 * Two p-throttle windows in strict (sliding-window) mode, per second and per minute, sized from the app's tier
 * (docs/tiktok-api.md §3), plus a shared pause: when TikTok answers 40100 the whole process holds off, because the
 * limit is per app, not per call. The per-second window is a little longer than TikTok's (`marginMs`) so jitter in
 * arrival times cannot tip a full second over the limit.
 *
 * A pause is checked again after a caller gets its slot (a pause may start while it queued), and a pause longer
 * than `maxWaitMs` is not slept through: acquire() fails at once with a TikTokRateLimitError carrying
 * `retryAfterMs`, so nothing in the process hangs for minutes (or until midnight) on a per-minute or per-day limit.
 *
 * This paces one process only. Many Convex actions run at once, so the Convex side adds an app-wide governor
 * (request.ts `Governor`); neither alone is enough.
 */
import pThrottle from "p-throttle";
import type { RateLimits } from "./config";
import { TikTokRateLimitError } from "./errors";
import { abortableSleep } from "./sleep";

export interface RateGate {
  /** Resolves when one more call may be sent. Rejects if `signal` aborts, or if the app is paused for too long. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** TikTok said the app is over its limit (40100): hold every call, queued ones included, until `until` (epoch ms). */
  backOff(until: number): void;
}

export interface RateGateOptions {
  /** Added to each per-second window; 20 ms keeps ~98% of the limit usable. */
  marginMs?: number;
  /** A pause longer than this fails acquire() instead of sleeping (default 30 s). */
  maxWaitMs?: number;
}

export function createRateGate(
  limits: Pick<RateLimits, "perSecond" | "perMinute">,
  options: RateGateOptions = {},
): RateGate {
  const marginMs = options.marginMs ?? 20;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const perSecond = pThrottle({ limit: limits.perSecond, interval: 1_000 + marginMs, strict: true });
  const perMinute = pThrottle({ limit: limits.perMinute, interval: 60_000 + 15 * marginMs, strict: true });
  // The per-second window is the inner one: it is the last gate before the send.
  const takeSlot = perMinute(perSecond(() => Promise.resolve()));
  let pausedUntil = 0;

  async function waitOutPause(signal?: AbortSignal) {
    const wait = pausedUntil - Date.now();
    if (wait <= 0) return;
    if (wait > maxWaitMs) {
      throw new TikTokRateLimitError(
        "app",
        `The app is holding off TikTok calls for ${Math.ceil(wait / 1000)} s after TikTok's rate limit; try again later`,
        { retryAfterMs: wait },
      );
    }
    await abortableSleep(wait, signal);
  }

  async function slot(signal?: AbortSignal) {
    if (!signal) return takeSlot();
    signal.throwIfAborted();
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([takeSlot(), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  return {
    async acquire(signal) {
      for (;;) {
        await waitOutPause(signal);
        await slot(signal);
        // A pause that began while we queued applies to us too: the slot is given up, which only errs on the slow side.
        if (Date.now() >= pausedUntil) return;
      }
    },
    backOff(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}
