import { convexTest } from "convex-test";
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../schema";
import { modules } from "../test.setup";
import { RATE_TIERS } from "../../lib/tiktok/config";
import { GovernorDeferral } from "../../lib/tiktok/errors";
import { createGovernor, governedRate } from "./governor";

function setup() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  rateLimiterTest.register(t);
  return t;
}

describe("the app-wide TikTok governor", () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 10, 25) }));
  afterEach(() => vi.useRealTimers());

  it("paces calls from every action to just under the tier's limit", () => {
    expect(governedRate({ perSecond: 10, perMinute: 600, perDay: 864_000 })).toBeCloseTo(9.7);
    expect(governedRate({ perSecond: 50, perMinute: 600, perDay: 864_000 })).toBeCloseTo(9.7);
  });

  it("books consecutive slots ~103 ms apart and says how long each caller must wait", async () => {
    const t = setup();
    const waits: number[] = [];
    await t.run(async (ctx) => {
      const governor = createGovernor(ctx, { limits: RATE_TIERS.basic, sleep: async (ms) => void waits.push(ms) });
      for (let i = 0; i < 6; i++) await governor.beforeAttempt({ method: "GET", path: "/x/", attempt: 1 });
    });
    expect(waits).toHaveLength(5);
    waits.forEach((w, i) => expect(w).toBeCloseTo((i + 1) * (1000 / 9.7), -1));
  });

  it("defers instead of waiting past the inline limit", async () => {
    const t = setup();
    const outcome = await t.run(async (ctx) => {
      const governor = createGovernor(ctx, { limits: RATE_TIERS.basic, maxInlineWaitMs: 500, sleep: async () => {} });
      for (let i = 0; i < 20; i++) {
        try {
          await governor.beforeAttempt({ method: "GET", path: "/x/", attempt: 1 });
        } catch (error) {
          return {
            refusedAt: i,
            deferral: error instanceof GovernorDeferral,
            retryAfterMs: (error as GovernorDeferral).retryAfterMs,
          };
        }
      }
      return { refusedAt: -1, deferral: false, retryAfterMs: 0 };
    });
    // 500 ms of inline wait at ~9.7/s is 4 reserved slots (plus the one free now): the 6th caller is deferred.
    expect(outcome).toMatchObject({ refusedAt: 5, deferral: true });
    expect(outcome.retryAfterMs).toBeGreaterThan(400);
  });

  it("holds every action off for the wait TikTok implied when it throttles the app anyway", async () => {
    const t = setup();
    const outcome = await t.run(async (ctx) => {
      const governor = createGovernor(ctx, { limits: RATE_TIERS.basic, sleep: async () => {} });
      await governor.onThrottled!({ scope: "app", waitMs: 5_000 });
      try {
        await governor.beforeAttempt({ method: "GET", path: "/x/", attempt: 1 });
        return { deferred: false, retryAfterMs: 0 };
      } catch (error) {
        return { deferred: error instanceof GovernorDeferral, retryAfterMs: (error as GovernorDeferral).retryAfterMs };
      }
    });
    expect(outcome.deferred).toBe(true);
    expect(outcome.retryAfterMs).toBeGreaterThan(4_500);
  });

  it("ignores advertiser-level throttling, which is not the app's budget", async () => {
    const t = setup();
    const waits: number[] = [];
    await t.run(async (ctx) => {
      const governor = createGovernor(ctx, { limits: RATE_TIERS.basic, sleep: async (ms) => void waits.push(ms) });
      await governor.onThrottled!({ scope: "advertiser", waitMs: 5_000 });
      await governor.beforeAttempt({ method: "GET", path: "/x/", attempt: 1 });
    });
    expect(waits).toEqual([]);
  });
});
