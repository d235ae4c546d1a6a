/**
 * The report queries' read costs, measured with ctx.meta.getTransactionMetrics() under transactionLimits, at three
 * sizes: they must grow with campaigns + days, not with their product, and stay far inside Convex's limits (32,000
 * documents and 4,096 index ranges per transaction) at 1,000 campaigns × 365 days.
 */
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import { seedReports } from "../../tools/testing/report-seed";
import schema from "../schema";
import { modules } from "../test.setup";
import { campaignRows, readSeries, readSummary } from "./reports";

type Metrics = { documentsRead: { used: number }; databaseQueries: { used: number }; bytesRead: { used: number } };

async function measure(campaigns: number, days: number) {
  const t = convexTest({ schema, modules, transactionLimits: true });
  rateLimiterTest.register(t);
  const seed = await seedReports(t, campaigns, days);
  const range = { advertiserId: seed.advertiserId, from: seed.firstDate, to: seed.lastDate };
  const cost = (read: (ctx: Parameters<typeof readSummary>[0]) => Promise<unknown>) =>
    t.run(async (ctx) => {
      await read(ctx);
      const m = await (
        ctx as unknown as { meta: { getTransactionMetrics(): Promise<Metrics> } }
      ).meta.getTransactionMetrics();
      return { documents: m.documentsRead.used, ranges: m.databaseQueries.used, bytes: m.bytesRead.used };
    });
  return {
    summary: await cost((ctx) => readSummary(ctx, seed.workspaceId, range)),
    series: await cost((ctx) => readSeries(ctx, seed.workspaceId, range)),
    table: await cost((ctx) => campaignRows(ctx, seed.workspaceId, seed.advertiserId, range.from, range.to)),
  };
}

describe("report queries stay inside Convex's limits", () => {
  it("1,000 campaigns × 365 days: summary and series read ~2 documents a day, the table ~3 a campaign", async () => {
    const big = await measure(1_000, 365);
    // The summary reads the range and the period before it (730 days) plus the advertiser.
    expect(big.summary.documents).toBeLessThanOrEqual(2 * 365 + 5);
    expect(big.series.documents).toBeLessThanOrEqual(365 + 5);
    expect(big.table.documents).toBeLessThanOrEqual(3 * 1_000 + 5);
    expect(big.table.ranges).toBeLessThanOrEqual(2 * 1_000 + 5);
    for (const cost of Object.values(big)) {
      expect(cost.documents).toBeLessThan(32_000 / 4);
      expect(cost.ranges).toBeLessThan(4_096);
    }
  }, 120_000);

  it("costs grow with campaigns + days, not with their product", async () => {
    const small = await measure(100, 30);
    const long = await measure(100, 365);
    // Twelve times the days: the table's reads do not move; the summary's grow with the days alone (the seed has no
    // days before the range, so the previous period adds none).
    expect(long.table.documents).toBe(small.table.documents);
    expect(long.summary.documents - small.summary.documents).toBe(365 - 30);
  }, 120_000);
});
