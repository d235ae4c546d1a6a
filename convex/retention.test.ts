/**
 * The daily cleanups (convex/retention.ts) delete what is past its keeping and nothing newer. The call ledger's and
 * invitations' cleanups are tested with their modules (tiktok/calls.test.ts, tiktok/tokens.test.ts,
 * workspaces/members.test.ts), OAuth states' with the connect flow (tiktok/connections.test.ts).
 */
import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import { internal } from "./_generated/api";
import { NEW_RUN_COUNTS } from "./tiktok/sync/queue";
import schema from "./schema";
import { modules } from "./test.setup";

const DAY = 24 * 60 * 60_000;

async function world() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  const { workspaceId, userId } = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", { email: "a@b.test" });
    return { userId, workspaceId: await ctx.db.insert("workspaces", { name: "W", createdBy: userId }) };
  });
  return { t, workspaceId, userId };
}

describe("the daily cleanups", () => {
  it("keep restatement notes 30 days", async () => {
    const { t, workspaceId } = await world();
    const now = Date.now();
    await t.run(async (ctx) => {
      for (const daysAgo of [31, 29]) {
        await ctx.db.insert("restatements", {
          workspaceId,
          advertiserId: "7000000000000000001",
          date: "2026-01-01",
          metric: "spend",
          before: 1,
          after: 2,
          at: now - daysAgo * DAY,
        });
      }
    });
    expect(await t.mutation(internal.retention.prune, { table: "restatements" })).toBe(1);
    const left = await t.run((ctx) => ctx.db.query("restatements").collect());
    expect(left.map((r) => Math.round((now - r.at) / DAY))).toEqual([29]);
  });

  it("keep campaign operation records 7 days from their start (the audit entries stay)", async () => {
    const { t, workspaceId, userId } = await world();
    const now = Date.now();
    await t.run(async (ctx) => {
      for (const daysAgo of [8, 6]) {
        await ctx.db.insert("campaignOperations", {
          workspaceId,
          operationKey: `key-${daysAgo}`,
          advertiserId: "7000000000000000001",
          userId,
          action: "create",
          fingerprint: "f",
          campaignIds: [],
          state: "succeeded",
          startedAt: now - daysAgo * DAY,
        });
      }
    });
    expect(await t.mutation(internal.retention.prune, { table: "campaignOperations" })).toBe(1);
    const left = await t.run((ctx) => ctx.db.query("campaignOperations").collect());
    expect(left.map((op) => op.operationKey)).toEqual(["key-6"]);
  });

  it("keep sync runs 30 days from when they were queued (the latest run of an account is always newer)", async () => {
    const { t, workspaceId } = await world();
    const now = Date.now();
    await t.run(async (ctx) => {
      for (const daysAgo of [31, 29, 0]) {
        await ctx.db.insert("syncRuns", {
          workspaceId,
          advertiserId: "7000000000000000001",
          trigger: "schedule",
          status: daysAgo === 0 ? "running" : "succeeded",
          phase: daysAgo === 0 ? "reports" : "done",
          ...NEW_RUN_COUNTS,
          queuedAt: now - daysAgo * DAY,
        });
      }
    });
    expect(await t.mutation(internal.retention.prune, { table: "syncRuns" })).toBe(1);
    const left = await t.run((ctx) => ctx.db.query("syncRuns").collect());
    expect(left.map((r) => Math.round((now - r.queuedAt) / DAY)).sort()).toEqual([0, 29]);
  });
});
