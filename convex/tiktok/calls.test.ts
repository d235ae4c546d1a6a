import { convexTest } from "convex-test";
import type { FunctionArgs } from "convex/server";
import type { ObjectType } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "../_generated/api";
import schema from "../schema";
import { modules } from "../test.setup";
import { readLedger } from "./calls";
import type { callAttemptFields } from "./validators";

type Attempt = ObjectType<typeof callAttemptFields>;
type Metrics = { documentsRead: { used: number }; databaseQueries: { used: number } };

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
    await t.mutation(internal.retention.prune, { table: "tiktokCalls", before: 4_500 });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const left = await t.run((ctx) => ctx.db.query("tiktokCalls").collect());
    expect(left).toHaveLength(500);
    expect(Math.min(...left.map((r) => r.at))).toBe(4_500);
  });
});

describe("the Activity page's ledger query", () => {
  const A1 = "7000000000000000001";
  const A2 = "7000000000000000002";

  /** A workspace with an ops member, another workspace, and `attempts` recorded for the first (and one for the other). */
  async function world(attempts: Attempt[]) {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const ids = await t.run(async (ctx) => {
      const ops = await ctx.db.insert("users", { email: "ops@a.test" });
      const other = await ctx.db.insert("users", { email: "admin@b.test" });
      const workspace = await ctx.db.insert("workspaces", { name: "A", createdBy: ops });
      const otherWorkspace = await ctx.db.insert("workspaces", { name: "B", createdBy: other });
      await ctx.db.insert("members", { workspaceId: workspace, userId: ops, role: "ops" });
      await ctx.db.insert("members", { workspaceId: otherWorkspace, userId: other, role: "admin" });
      return { ops, workspace, otherWorkspace };
    });
    await t.mutation(internal.tiktok.calls.record, {
      attempts: [
        ...attempts.map((a) => ({ ...a, workspaceId: ids.workspace })),
        attempt(10_000, { workspaceId: ids.otherWorkspace, outcome: "server", code: 50000 }),
      ],
    });
    const ops = t.withIdentity({ subject: `${ids.ops}|session` });
    const ledger = (args: Omit<FunctionArgs<typeof api.tiktok.calls.ledger>, "workspaceId"> = {}) =>
      ops.query(api.tiktok.calls.ledger, { workspaceId: ids.workspace, ...args });
    return { t, ids, ledger };
  }

  const failed = (at: number, extra: Partial<Attempt> = {}) =>
    attempt(at, { outcome: "server", code: 50000, httpStatus: 200, retryReason: "server_error", ...extra });

  it("marks each recorded attempt failed or not, for the index", async () => {
    const { t } = await world([attempt(1), failed(2), attempt(3, { outcome: "rate_limit", code: 40100 })]);
    const rows = await t.run((ctx) => ctx.db.query("tiktokCalls").collect());
    expect(rows.filter((r) => r.at < 10).map((r) => [r.at, r.failed])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
  });

  it("lists the workspace's calls newest first, saying which failed, and never another workspace's", async () => {
    const { ledger } = await world([attempt(1), failed(2), attempt(3)]);
    const { calls, older } = await ledger();
    expect(calls.map((c) => [c.at, c.failed, c.requestId])).toEqual([
      [3, false, "req-3"],
      [2, true, "req-2"],
      [1, false, "req-1"],
    ]);
    expect(older).toBeNull();
  });

  it("filters by failed only, advertiser, endpoint and any mix of them, each read as one index range", async () => {
    const { ledger } = await world([
      attempt(1, { advertiserId: A1, path: "/campaign/get/" }),
      failed(2, { advertiserId: A1, path: "/report/integrated/get/" }),
      failed(3, { advertiserId: A2, path: "/campaign/get/" }),
      attempt(4, { advertiserId: A2, path: "/report/integrated/get/" }),
      failed(5, { advertiserId: A1, path: "/campaign/get/" }),
      attempt(6, { advertiserId: undefined, path: "/oauth2/advertiser/get/" }),
    ]);
    const ats = async (args: Parameters<typeof ledger>[0]) => (await ledger(args)).calls.map((c) => c.at);
    expect(await ats({ failedOnly: true })).toEqual([5, 3, 2]);
    expect(await ats({ advertiserId: A1 })).toEqual([5, 2, 1]);
    expect(await ats({ path: "/campaign/get/" })).toEqual([5, 3, 1]);
    expect(await ats({ advertiserId: A1, failedOnly: true })).toEqual([5, 2]);
    expect(await ats({ path: "/campaign/get/", failedOnly: true })).toEqual([5, 3]);
    expect(await ats({ advertiserId: A2, path: "/report/integrated/get/" })).toEqual([4]);
    expect(await ats({ advertiserId: A1, path: "/campaign/get/", failedOnly: true })).toEqual([5]);
    expect(await ats({ advertiserId: A2, path: "/oauth2/advertiser/get/" })).toEqual([]);
    expect(await ats({ failedOnly: false })).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it("a filter that matches little reads little, however many other calls there are", async () => {
    const many = Array.from({ length: 900 }, (_, i) => attempt(100 + i, { advertiserId: A2 }));
    const { t, ids } = await world([...many, failed(1, { advertiserId: A1 }), failed(2, { advertiserId: A1 })]);
    const cost = await t.run(async (ctx) => {
      const page = await readLedger(ctx, ids.workspace, { advertiserId: A1, failedOnly: true, limit: 50 });
      const m = await (
        ctx as unknown as { meta: { getTransactionMetrics(): Promise<Metrics> } }
      ).meta.getTransactionMetrics();
      return { calls: page.calls.length, documents: m.documentsRead.used, ranges: m.databaseQueries.used };
    });
    expect(cost).toEqual({ calls: 2, documents: 2, ranges: 1 });
  });

  it("pages back in time without repeating or skipping a call, even where calls share a millisecond", async () => {
    // 7 calls, three of them at the same millisecond (5), paged 3 at a time.
    const { ledger } = await world([1, 2, 3, 4, 5, 5, 5, 6, 7].map((at, i) => attempt(at, { requestId: `r${i}` })));
    const seen: string[] = [];
    let before: number | undefined;
    const pages: number[][] = [];
    for (let i = 0; i < 10; i++) {
      const { calls, older } = await ledger({ limit: 3, before });
      pages.push(calls.map((c) => c.at));
      seen.push(...calls.map((c) => c.requestId!));
      if (older === null) break;
      before = older;
    }
    expect(pages).toEqual([[7, 6], [5, 5, 5], [4, 3, 2], [1]]);
    expect(seen.sort()).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"]);
  });

  it("refuses an oversized advertiser or endpoint filter, naming it", async () => {
    const { ledger } = await world([]);
    await expect(ledger({ advertiserId: "7".repeat(33) })).rejects.toThrow(/advertiserId must be at most 32/);
    await expect(ledger({ path: `/${"x".repeat(200)}/` })).rejects.toThrow(/path must be at most 128/);
  });

  it("serves 50 calls a page unless asked for 1 to 200, and refuses any other page size, saying so", async () => {
    const { ledger } = await world(Array.from({ length: 260 }, (_, i) => attempt(i + 1)));
    expect((await ledger({})).calls).toHaveLength(50);
    expect((await ledger({ limit: 1 })).calls).toHaveLength(1);
    expect((await ledger({ limit: 200 })).calls).toHaveLength(200);
    for (const limit of [0, 201, 10_000, 2.5, Number.NaN])
      await expect(ledger({ limit })).rejects.toThrow("limit must be a whole number from 1 to 200");
  });
});
