/**
 * The report queries' read costs, measured with ctx.meta.getTransactionMetrics() under transactionLimits: they must
 * grow with campaigns + days, not with their product, and stay far inside Convex's limits (32,000 documents and
 * 4,096 index ranges per transaction) at 1,000 campaigns × 365 days. `npm run bench:sync` prints the same costs at
 * three sizes (tools/testing/report-seed.ts seeds and measures for both).
 */
import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import { measureReportReads, seedReports } from "../../tools/testing/report-seed";
import schema from "../schema";
import { modules } from "../test.setup";

async function measure(campaigns: number, days: number) {
  const t = convexTest({ schema, modules, transactionLimits: true });
  return measureReportReads(t, await seedReports(t, { campaigns, days }));
}

describe("report queries stay inside Convex's limits", () => {
  it("1,000 campaigns × 365 days: summary and series read ~2 documents a day, the table ~3 a campaign", async () => {
    const big = await measure(1_000, 365);
    // The summary reads the range and the period before it (730 days), the series the range alone.
    expect(big.summary.documents).toBeLessThanOrEqual(2 * 365 + 5);
    expect(big.series.documents).toBeLessThanOrEqual(365 + 5);
    for (const table of [big.campaignTable, big.campaignCsv]) {
      expect(table.documents).toBeLessThanOrEqual(3 * 1_000 + 5);
      expect(table.ranges).toBeLessThanOrEqual(2 * 1_000 + 5);
    }
    // The restatements query stops at 1,000 notes; the overview reads at most 93 days per account.
    expect(big.restatements.documents).toBeLessThanOrEqual(1_000 + 5);
    expect(big.overview.documents).toBeLessThanOrEqual(93 + 5);
    for (const cost of Object.values(big)) {
      expect(cost.documents).toBeLessThan(32_000 / 4);
      expect(cost.ranges).toBeLessThan(4_096);
    }
  }, 180_000);

  it("costs grow with campaigns + days, not with their product", async () => {
    const small = await measure(100, 30);
    const long = await measure(100, 365);
    // Twelve times the days: the table's reads do not move; the summary's grow with the days alone (the range and
    // the period before it), the series' with the range.
    expect(long.campaignTable.documents).toBe(small.campaignTable.documents);
    expect(long.campaignCsv.documents).toBe(small.campaignCsv.documents);
    expect(long.summary.documents - small.summary.documents).toBe(2 * (365 - 30));
    expect(long.series.documents - small.series.documents).toBe(365 - 30);
  }, 180_000);
});
