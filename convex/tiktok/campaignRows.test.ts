/**
 * Campaign rows (convex/tiktok/campaignRows.ts): a sync page never undoes a newer change.
 */
import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import schema from "../schema";
import { modules } from "../test.setup";

const ADVERTISER = "7000000000000000001";
const CAMPAIGN = "1800000000000000001";

describe("campaign pages", () => {
  it("a page read before a marketer's change does not undo it; a newer page does replace it", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const workspaceId: Id<"workspaces"> = await t.run(async (ctx) => {
      const user = await ctx.db.insert("users", { email: "a@b.test" });
      return ctx.db.insert("workspaces", { name: "W", createdBy: user });
    });
    const campaign = (operationStatus: string, modifiedAt: number) => ({
      campaignId: CAMPAIGN,
      name: "C",
      objectiveType: "TRAFFIC",
      budgetMode: "BUDGET_MODE_DAY",
      budget: 50,
      operationStatus,
      createdAt: 1,
      modifiedAt,
    });
    const upsert = (c: ReturnType<typeof campaign>) =>
      t.mutation(internal.tiktok.campaignRows.upsertCampaigns, {
        workspaceId,
        advertiserId: ADVERTISER,
        campaigns: [c],
        now: 0,
      });
    const status = () => t.run(async (ctx) => (await ctx.db.query("campaigns").unique())?.operationStatus);
    await upsert(campaign("DISABLE", 2_000)); // the marketer's pause, written from TikTok's answer
    expect(await upsert(campaign("ENABLE", 1_000))).toBe(0); // a sync page read before the pause
    expect(await status()).toBe("DISABLE");
    expect(await upsert(campaign("ENABLE", 3_000))).toBe(1); // enabled again later, at TikTok
    expect(await status()).toBe("ENABLE");
  });
});
