import { convexTest } from "convex-test";
import type { ObjectType } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { internal } from "../_generated/api";
import schema from "../schema";
import { modules } from "../test.setup";
import type { callAttemptFields } from "./validators";

type Attempt = ObjectType<typeof callAttemptFields>;

const attempt = (at: number, extra: Partial<Attempt> = {}): Attempt => ({
  method: "GET" as const,
  path: "/campaign/get/",
  advertiserId: "7000000000000000001",
  httpStatus: 200,
  code: 0,
  requestId: `req-${at}`,
  attempt: 1,
  ms: 42,
  outcome: "ok" as const,
  at,
  ...extra,
});

describe("the TikTok call ledger", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("records a batch of attempts in one mutation", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const written = await t.mutation(internal.tiktok.calls.record, {
      attempts: [attempt(1), attempt(2, { code: 40100, outcome: "rate_limit", retryReason: "app_rate_limit_second" })],
    });
    expect(written).toBe(2);
    const rows = await t.run((ctx) => ctx.db.query("tiktokCalls").collect());
    expect(rows.map((r) => [r.requestId, r.code, r.outcome])).toEqual([
      ["req-1", 0, "ok"],
      ["req-2", 40100, "rate_limit"],
    ]);
  });

  it("refuses a batch larger than the limit and writes nothing", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const attempts = Array.from({ length: 1_001 }, (_, i) => attempt(i));
    await expect(t.mutation(internal.tiktok.calls.record, { attempts })).rejects.toThrow(/at most 1000/);
    expect(await t.run((ctx) => ctx.db.query("tiktokCalls").collect())).toHaveLength(0);
  });

  it("prunes rows older than the cut-off across several transactions, keeping newer ones", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    for (let i = 0; i < 5; i++) {
      await t.mutation(internal.tiktok.calls.record, {
        attempts: Array.from({ length: 1_000 }, (_, j) => attempt(i * 1_000 + j)),
      });
    }
    await t.mutation(internal.tiktok.calls.prune, { before: 4_500 });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const left = await t.run((ctx) => ctx.db.query("tiktokCalls").collect());
    expect(left).toHaveLength(500);
    expect(Math.min(...left.map((r) => r.at))).toBe(4_500);
  });
});
