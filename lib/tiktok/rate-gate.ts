/**
 * In-process pacing of TikTok calls: every attempt waits here before it is sent.
 *
 * Two p-throttle windows in strict (sliding-window) mode, per second and per minute, sized from the app's tier
 * (tiktok-api.md §3), plus a shared pause: when TikTok answers 40100 the whole process holds off, because the
 * limit is per app, not per call. Windows are a little longer than TikTok's (`marginMs`) so network jitter in
 * arrival times cannot tip a full window over the limit.
 *
 * This paces one process only. Many Convex actions run at once, so the Convex side adds an app-wide governor
 * (request.ts `Governor`); neither alone is enough.
 */
import pThrottle from "p-throttle";
import type { RateLimits } from "./config.js";
import { abortableSleep } from "./sleep.js";

export interface RateGate {
  /** Resolves when one more call may be sent. Rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * TikTok said the app is over its limit (40100): hold every call until `until` (epoch ms), and from then on
   * leave more room in each second, since our pacing evidently met more jitter than its margin allowed.
   */
  backOff(until: number): void;
}

export interface RateGateOptions {
  /** Added to each per-second window; 20 ms keeps ~98% of the limit usable. Doubles on each backOff, up to 160 ms. */
  secondMarginMs?: number;
  minuteMarginMs?: number;
}

const MAX_SECOND_MARGIN_MS = 160;

export function createRateGate(limits: Pick<RateLimits, "perSecond" | "perMinute">, options: RateGateOptions = {}): RateGate {
  let secondMarginMs = options.secondMarginMs ?? 20;
  const perMinute = pThrottle({ limit: limits.perMinute, interval: 60_000 + (options.minuteMarginMs ?? 250), strict: true });
  // The per-second window is the inner one: it is the last gate before the send, so its record of send times is exact.
  const build = () => perMinute(pThrottle({ limit: limits.perSecond, interval: 1_000 + secondMarginMs, strict: true })(() => undefined));
  let pass = build();
  let pausedUntil = 0;

  return {
    async acquire(signal) {
      for (let wait = pausedUntil - Date.now(); wait > 0; wait = pausedUntil - Date.now()) {
        await abortableSleep(wait, signal);
      }
      if (!signal) return pass();
      signal.throwIfAborted();
      let onAbort = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      });
      try {
        await Promise.race([pass(), aborted]);
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    },
    backOff(until) {
      pausedUntil = Math.max(pausedUntil, until);
      if (secondMarginMs < MAX_SECOND_MARGIN_MS) {
        secondMarginMs = Math.min(MAX_SECOND_MARGIN_MS, secondMarginMs * 2);
        // A fresh window is safe: nothing passes before the pause ends, which is at least a second away.
        pass = build();
      }
    },
  };
}
