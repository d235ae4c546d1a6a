/**
 * The campaign × day export: every campaign's every day in the range once across its pages, the search applied,
 * campaigns without delivery left out, and each page's reads bounded (measured with getTransactionMetrics under
 * transactionLimits, as convex/tiktok/reports.limits.test.ts measures the other report queries).
 */
import { convexTest, type TestConvex } from "convex-test";
import type { FunctionReturnType } from "convex/server";
import { describe, expect, it } from "vitest";
import { plusDay, toStoredDay, ZERO_TOTALS } from "../../lib/metrics/sums";
import { addDays } from "../../lib/tiktok/dates";
import { campaignDoc, delivery, insertOpsAccount, measureReads } from "../../tools/testing/report-seed";
import { api } from "../_generated/api";
import schema from "../schema";
import { modules } from "../test.setup";
import { campaignDays, campaignsPerPage, EXPORT_ROW_BUDGET } from "./reportExports";

const ADVERTISER = "7000000000000000001";
const FIRST = "2025-01-01";

/** `campaigns` campaigns, each with a row on every one of `days` days from FIRST; campaign c spends c + 1 a day. */
async function seed(t: TestConvex<typeof schema>, campaigns: number, days: number) {
  const { workspaceId, userId } = await t.run(async (ctx) => {
    const ids = await insertOpsAccount(ctx, {
      email: "ops@x.test",
      workspace: "W",
      advertiser: { advertiserId: ADVERTISER, name: "Café 東京", currency: "EUR" },
    });
    // A deleted campaign that never delivered: not in the export.
    await ctx.db.insert(
      "campaigns",
      campaignDoc(
        {
          workspaceId: ids.workspaceId,
          advertiserId: ADVERTISER,
          campaignId: "1799999999999999999",
          name: "Never ran",
        },
        { operationStatus: "DISABLE", deleted: true },
      ),
    );
    return ids;
  });
  for (let c = 0; c < campaigns; c++) {
    const campaignId = String(1800000000000000000n + BigInt(c));
    const day = toStoredDay(delivery({ spend: c + 1, impressions: 100, clicks: 1 }));
    await t.run(async (ctx) => {
      await ctx.db.insert(
        "campaigns",
        campaignDoc({ workspaceId, advertiserId: ADVERTISER, campaignId, name: c % 2 ? `Odd ${c}` : `Even ${c}` }),
      );
      let totals = ZERO_TOTALS;
      for (let d = 0; d < days; d++) {
        totals = plusDay(totals, day);
        await ctx.db.insert("campaignDays", {
          workspaceId,
          advertiserId: ADVERTISER,
          campaignId,
          date: addDays(FIRST, d),
          ...day,
          ...totals,
        });
      }
    });
  }
  const as = t.withIdentity({ subject: `${userId}|s` });
  return { workspaceId, userId, as };
}

type ExportPage = FunctionReturnType<typeof api.tiktok.reportExports.campaignDays>;
type Page = ExportPage[];
async function exportAll(
  as: { query: TestConvex<typeof schema>["query"] },
  args: { workspaceId: string; from: string; to: string; search?: string },
) {
  const pages: ExportPage[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: ExportPage = await as.query(api.tiktok.reportExports.campaignDays, {
      ...args,
      workspaceId: args.workspaceId as never,
      advertiserId: ADVERTISER,
      cursor,
    });
    pages.push(page);
    if (page.isDone) return pages;
    cursor = page.continueCursor;
  }
}
const lines = (pages: Page) => pages.flatMap((p) => p.campaigns.flatMap((c) => c.days.map((d) => [c.name, d.date])));

describe("the campaign × day export", () => {
  it("has every campaign's every day in the range exactly once across its pages, with its figures", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const { workspaceId, as } = await seed(t, 5, 10);
    const to = addDays(FIRST, 7);
    const from = addDays(FIRST, 2);
    // 6 days a page at most: 1,333 campaigns a page, so one page here; a range of the longest kind pages sooner.
    const pages = await exportAll(as, { workspaceId, from, to });
    const all = lines(pages);
    expect(all).toHaveLength(5 * 6);
    expect(new Set(all.map((l) => l.join())).size).toBe(all.length);
    expect(all.every(([, date]) => date! >= from && date! <= to)).toBe(true);
    expect(pages.every((p) => p.currency === "EUR")).toBe(true);
    const third = pages.flatMap((p) => p.campaigns).find((c) => c.name === "Even 2")!;
    expect(third).toMatchObject({ status: expect.any(String), objective: expect.any(String) });
    expect(third.days.map((d) => d.figures.spend)).toEqual(Array(6).fill(3));
    expect(pages.flatMap((p) => p.campaigns).some((c) => c.name === "Never ran")).toBe(false);
  });

  it("applies the table's search (name in any case, or id)", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const { workspaceId, as } = await seed(t, 4, 3);
    const names = (pages: Page) => [...new Set(pages.flatMap((p) => p.campaigns.map((c) => c.name)))];
    expect(names(await exportAll(as, { workspaceId, from: FIRST, to: addDays(FIRST, 2), search: " odd " }))).toEqual([
      "Odd 1",
      "Odd 3",
    ]);
    expect(
      names(await exportAll(as, { workspaceId, from: FIRST, to: addDays(FIRST, 2), search: "1800000000000000002" })),
    ).toEqual(["Even 2"]);
  });

  it("refuses a bad range, a long search and a foreign account, saying what to change", async () => {
    const t = convexTest({ schema, modules, transactionLimits: true });
    const { workspaceId, as } = await seed(t, 1, 1);
    const call = (args: Record<string, unknown>) =>
      as.query(api.tiktok.reportExports.campaignDays, {
        workspaceId,
        advertiserId: ADVERTISER,
        from: FIRST,
        to: FIRST,
        cursor: null,
        ...args,
      });
    await expect(call({ to: "2024-01-01" })).rejects.toThrow(/from must be on or before to/);
    await expect(call({ to: "2027-12-31" })).rejects.toThrow(/at most 731 days/);
    await expect(call({ search: "x".repeat(500) })).rejects.toThrow(/search must be at most/);
    await expect(call({ advertiserId: "7999" })).rejects.toThrow(/not connected to your workspace/);
  });

  it("pages by campaigns so that a page reads at most its row budget, however long the range", async () => {
    expect(campaignsPerPage(1)).toBe(EXPORT_ROW_BUDGET);
    expect(campaignsPerPage(731)).toBe(Math.floor(EXPORT_ROW_BUDGET / 731));
    const t = convexTest({ schema, modules, transactionLimits: true });
    // 400 days: 20 campaigns a page; 30 campaigns hold 12,000 rows, more than one page may read.
    const days = 400;
    const { workspaceId, userId, as } = await seed(t, 30, days);
    const args = { workspaceId, advertiserId: ADVERTISER, from: FIRST, to: addDays(FIRST, days - 1) };
    const first = await measureReads(
      t,
      { workspaceId, userId, advertiserId: ADVERTISER, firstDate: FIRST, lastDate: args.to, campaigns: 30, days },
      campaignDays,
      { ...args, cursor: null },
    );
    const perPage = campaignsPerPage(days);
    // The page's campaigns (plus the deleted one, which comes first by id), their rows, the account and membership.
    expect(first.documents).toBeLessThanOrEqual(perPage * days + perPage + 5);
    expect(first.documents).toBeLessThanOrEqual(EXPORT_ROW_BUDGET + perPage + 5);
    expect(first.ranges).toBeLessThanOrEqual(perPage + 5);
    const pages = await exportAll(as, { workspaceId, from: args.from, to: args.to });
    expect(pages.length).toBeGreaterThan(1);
    expect(lines(pages)).toHaveLength(30 * days);
  }, 180_000);
});
