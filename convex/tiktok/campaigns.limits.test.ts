/**
 * The Campaigns page's list stays inside Convex's limits at 2,500 campaigns (the issue asks for 2,000+), whatever it
 * is sorted by: the campaigns, their last 7 days of delivery (one index range), and a budget floor for each row of
 * the page only. Measured with ctx.meta.getTransactionMetrics() under transactionLimits.
 */
import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import { measureReads, seedReports } from "../../tools/testing/report-seed";
import * as campaigns from "./campaigns";
import schema from "../schema";
import { modules } from "../test.setup";

const CAMPAIGNS = 2_500;
const DAYS = 8;

describe("the campaign list stays inside Convex's limits", () => {
  it(`${CAMPAIGNS.toLocaleString("en")} campaigns: one page reads the campaigns, a week of days and the page's floors`, async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const seed = await seedReports(t, { campaigns: CAMPAIGNS, days: DAYS });
    const list = (sort: string, pageSize: number) =>
      measureReads(t, seed, campaigns.list, {
        workspaceId: seed.workspaceId,
        advertiserId: seed.advertiserId,
        sort,
        order: "desc",
        page: 3,
        pageSize,
      });
    for (const cost of [await list("spend7d", 100), await list("name", 25), await list("budget", 100)]) {
      // Campaigns + 7 days of rows for each + the page's floors, a few membership and account reads besides.
      expect(cost.documents).toBeLessThanOrEqual(CAMPAIGNS + 7 * CAMPAIGNS + 100 + 10);
      // One range each for the campaigns, the week and the pending operations; one per row of the page for its floor.
      expect(cost.ranges).toBeLessThanOrEqual(100 + 10);
      expect(cost.documents).toBeLessThan(32_000);
      expect(cost.bytes).toBeLessThan(16 * 1024 * 1024);
    }
  }, 180_000);
});
