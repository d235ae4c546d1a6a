// Seeds synced report data straight into a convex-test deployment, for the read-cost tests and benchmark of the
// report queries (convex/tiktok/reports.ts): one advertiser with `campaigns` campaigns over `days` days.
//
// Every day has an advertiser-day rollup (what summaries and charts read). Campaign-day rows carry running totals,
// and the campaign table reads at most two of them per campaign whatever the range, so a few rows per campaign
// spread over the period exercise exactly the reads a fully synced year would; writing 365,000 rows would only slow
// convex-test down (it scans a whole table on every index query).
import type { TestConvex } from "convex-test";
import { addDays } from "../../lib/tiktok/dates";
import type { Id } from "../../convex/_generated/dataModel";
import type schema from "../../convex/schema";

export interface ReportSeed {
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  firstDate: string;
  lastDate: string;
}

const ROWS_PER_CAMPAIGN = 4;
const BATCH = 2_000;

export async function seedReports(t: TestConvex<typeof schema>, campaigns: number, days: number): Promise<ReportSeed> {
  const lastDate = "2026-11-26";
  const firstDate = addDays(lastDate, -(days - 1));
  const advertiserId = "7000000000000000001";
  const workspaceId = await t.run(async (ctx) => {
    const user = await ctx.db.insert("users", { email: "ops@seed.test" });
    const workspaceId = await ctx.db.insert("workspaces", { name: "Seed", createdBy: user });
    const connectionId = await ctx.db.insert("connections", {
      workspaceId,
      status: "active",
      tokenMode: "long_lived",
      binding: "b",
      scope: [],
      connectedBy: user,
      connectedAt: 0,
      nextCheckAt: 0,
      failures: 0,
    });
    await ctx.db.insert("advertisers", {
      workspaceId,
      connectionId,
      advertiserId,
      name: "Seeded",
      currency: "USD",
      accessible: true,
      addedAt: 0,
      updatedAt: 0,
      lastSyncedAt: 1,
      lastSyncToday: lastDate,
      provisionalFrom: addDays(lastDate, -6),
    });
    return workspaceId;
  });
  const docs: { table: "advertiserDays" | "campaigns" | "campaignDays"; doc: Record<string, unknown> }[] = [];
  for (let d = 0; d < days; d++) {
    docs.push({
      table: "advertiserDays",
      doc: {
        workspaceId,
        advertiserId,
        date: addDays(firstDate, d),
        spendMilli: 1000 * campaigns,
        impressions: 100 * campaigns,
        clicks: campaigns,
        conversions: 0,
        campaigns,
        syncedAt: 0,
      },
    });
  }
  for (let c = 0; c < campaigns; c++) {
    const campaignId = String(1800000000000000000n + BigInt(c));
    docs.push({
      table: "campaigns",
      doc: {
        workspaceId,
        advertiserId,
        campaignId,
        name: `Campaign ${c}`,
        objectiveType: "TRAFFIC",
        budgetMode: "BUDGET_MODE_DAY",
        budget: 100,
        operationStatus: "ENABLE",
        deleted: false,
        syncedAt: 0,
      },
    });
    for (let r = 0; r < ROWS_PER_CAMPAIGN; r++) {
      const day = Math.round(((days - 1) * r) / (ROWS_PER_CAMPAIGN - 1));
      const n = r + 1;
      docs.push({
        table: "campaignDays",
        doc: {
          workspaceId,
          advertiserId,
          campaignId,
          date: addDays(firstDate, day),
          spendMilli: 1000,
          impressions: 100,
          clicks: 1,
          conversions: 0,
          cumSpendMilli: 1000 * n,
          cumImpressions: 100 * n,
          cumClicks: n,
          cumConversions: 0,
          cumConversionDays: n,
        },
      });
    }
  }
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = docs.slice(i, i + BATCH);
    await t.run(async (ctx) => {
      for (const { table, doc } of batch) await ctx.db.insert(table, doc as never);
    });
  }
  return { workspaceId, advertiserId, firstDate, lastDate };
}
