/**
 * The app-wide TikTok governor: one request budget shared by every Convex action, plugged into lib/tiktok's
 * `Governor` hook. TikTok's limit is per developer app (docs/tiktok-api.md §3), and many actions run at once, so each
 * process's own pacing (lib/tiktok's rate gate) is not enough on its own.
 *
 * One token bucket with capacity 1 and a rate just under min(perSecond, perMinute / 60) spaces every call in the
 * app evenly. A bucket with burst capacity could let a full bucket plus a second's refill (twice the limit) into
 * one sliding second, so we take no burst. Every TikTok tier has perMinute = 60 × perSecond, so the same call
 * enforces both windows.
 *
 * `reserve` hands out future slots: a short wait is slept inline; past `maxInlineWaitMs` the call is refused with
 * a `GovernorDeferral` carrying `retryAfterMs`, and background work reschedules itself instead of sleeping.
 */
import { RateLimiter, SECOND } from "@convex-dev/rate-limiter";
import type { RateLimits } from "../../lib/tiktok/config";
import { GovernorDeferral } from "../../lib/tiktok/errors";
import type { Governor } from "../../lib/tiktok/request";
import { components } from "../_generated/api";

/** Keeps the shared pace a little under TikTok's limit, so arrival jitter cannot push a second over it. */
const HEADROOM = 0.97;

const limiter = new RateLimiter(components.rateLimiter);

/** Calls per second the governor allows for a tier. */
export function governedRate(limits: RateLimits): number {
  return Math.min(limits.perSecond, limits.perMinute / 60) * HEADROOM;
}

/**
 * The share of the app's budget background work (the sync) may book. The rest stays free for people waiting on a
 * page (a connect, a campaign change): their call never queues behind a 90-day backfill for more than a slot or two.
 */
export const BACKGROUND_SHARE = 0.8;

function bucketFor(limits: RateLimits, maxInlineWaitMs: number, share = 1) {
  const rate = governedRate(limits) * share;
  return {
    // The tier is part of the name: changing TIKTOK_RATE_TIER starts a fresh bucket instead of reusing a mismatched one.
    name: `tiktok-app${share < 1 ? `-background-${share}` : ""}:${limits.perSecond}/s:${limits.perMinute}/min`,
    config: {
      kind: "token bucket" as const,
      rate,
      period: SECOND,
      capacity: 1,
      // Reservations further out than the inline wait are refused, so nobody books slots they will not use.
      maxReserved: Math.max(1, Math.floor((rate * maxInlineWaitMs) / 1000)),
    },
  };
}

export interface GovernorOptions {
  /** The limits the app paces at (TikTokSettings.limits). */
  limits: RateLimits;
  /** Wait at most this long inline for a slot (default 3 s); longer waits defer the work. */
  maxInlineWaitMs?: number;
  /** Background work: also book from a bucket at BACKGROUND_SHARE of the rate, so people's calls find free slots. */
  background?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** An action's (or mutation's) ctx: the limiter only needs to run its component's mutations. */
type LimiterCtx = Parameters<typeof limiter.limit>[0];

export function createGovernor(ctx: LimiterCtx, options: GovernorOptions): Governor {
  const { limits } = options;
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 3_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { name, config } = bucketFor(limits, maxInlineWaitMs);
  const share = options.background ? bucketFor(limits, maxInlineWaitMs, BACKGROUND_SHARE) : undefined;
  const take = async (bucket: { name: string; config: typeof config }) => {
    const status = await limiter.limit(ctx, bucket.name, { config: bucket.config, reserve: true });
    if (!status.ok) throw new GovernorDeferral(status.retryAfter ?? 1_000);
    if (status.retryAfter) await sleep(status.retryAfter);
  };
  return {
    async beforeAttempt() {
      // Background work first waits for its share, then for the shared slot itself, like everyone else.
      if (share) await take(share);
      await take({ name, config });
    },
    async onThrottled({ scope, waitMs }) {
      if (scope !== "app") return;
      // TikTok throttled the app anyway: book the next `waitMs` of budget so every action holds off.
      const count = Math.ceil((waitMs / 1000) * config.rate);
      await limiter.limit(ctx, name, { config: { ...config, maxReserved: undefined }, count, reserve: true });
    },
  };
}
