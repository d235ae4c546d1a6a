/**
 * The report queries say what their figures stand on (issue 18 items 1 and 5): a change only between two fully
 * synced periods, the unsynced days named in each period, the overview's partial sums marked, and a searched
 * campaign table that gives the matching rows' total beside the account's. Seeded straight into convex-test: an EUR
 * account synced from Sep 9 to Dec 6 (as if its 90-day backfill began then), two campaigns with running totals.
 */
import { convexTest } from "convex-test";
import { describe, expect, it } from "vitest";
import {
  addSums,
  plusDay,
  storedOfSums,
  sumsOfStored,
  toStoredDay,
  ZERO_SUMS,
  ZERO_TOTALS,
  type MetricValues,
  type RunningTotals,
} from "../../lib/metrics/sums";
import { addDays } from "../../lib/tiktok/dates";
import { campaignDoc, delivery, insertOpsAccount } from "../../tools/testing/report-seed";
import { api } from "../_generated/api";
import schema from "../schema";
import { modules } from "../test.setup";

const SYNCED_FROM = "2026-09-09";
const SYNCED_THROUGH = "2026-12-06";
const ADVERTISER = "7000000000000000042";
const CAMPAIGNS = [
  { campaignId: "1800000000000000001", name: "Retargeting – Cart", spendPerDay: 7 },
  { campaignId: "1800000000000000002", name: "Prospecting – Broad", spendPerDay: 3 },
];

/** A campaign's delivery on a day: spend grows with the date, so no two periods' sums are equal by accident. */
function deliveryOn(spendPerDay: number, dayIndex: number): MetricValues {
  return delivery({ spend: spendPerDay + dayIndex / 100, impressions: 1_000 + dayIndex, clicks: 10 });
}

async function seeded() {
  const t = convexTest({ schema, modules });
  const ids = await t.run(async (ctx) => {
    const { workspaceId, userId } = await insertOpsAccount(ctx, {
      email: "ops@coverage.test",
      workspace: "Coverage",
      advertiser: {
        advertiserId: ADVERTISER,
        name: "Kite & Kettle EU",
        currency: "EUR",
        lastSyncedAt: 1,
        lastSyncToday: SYNCED_THROUGH,
        provisionalFrom: addDays(SYNCED_THROUGH, -7),
        syncedFrom: SYNCED_FROM,
        syncedThrough: SYNCED_THROUGH,
      },
    });
    for (const c of CAMPAIGNS) {
      await ctx.db.insert(
        "campaigns",
        campaignDoc({ workspaceId, advertiserId: ADVERTISER, campaignId: c.campaignId, name: c.name }),
      );
    }
    const totals = new Map<string, RunningTotals>();
    for (let i = 0, date = SYNCED_FROM; date <= SYNCED_THROUGH; i++, date = addDays(date, 1)) {
      let rollup = ZERO_SUMS;
      for (const c of CAMPAIGNS) {
        const day = toStoredDay(deliveryOn(c.spendPerDay, i));
        const running = plusDay(totals.get(c.campaignId) ?? ZERO_TOTALS, day);
        totals.set(c.campaignId, running);
        await ctx.db.insert("campaignDays", {
          workspaceId,
          advertiserId: ADVERTISER,
          campaignId: c.campaignId,
          date,
          ...day,
          ...running,
        });
        rollup = addSums(rollup, sumsOfStored(day));
      }
      await ctx.db.insert("advertiserDays", {
        workspaceId,
        advertiserId: ADVERTISER,
        date,
        ...storedOfSums(rollup),
        campaigns: CAMPAIGNS.length,
        syncedAt: 0,
      });
    }
    return { workspaceId, userId };
  });
  const ops = t.withIdentity({ subject: `${ids.userId}|session` });
  return { t, ops, workspaceId: ids.workspaceId };
}

describe("a change only between two fully synced periods", () => {
  it("the issue's range: Oct 1 – Nov 30 against Aug 1 – Sep 30, synced from Sep 9: no change, and Aug 1 – Sep 8 named", async () => {
    const { ops, workspaceId } = await seeded();
    const s = await ops.query(api.tiktok.reports.summary, {
      workspaceId,
      advertiserId: ADVERTISER,
      from: "2026-10-01",
      to: "2026-11-30",
    });
    expect(s).toMatchObject({ previousFrom: "2026-08-01", previousTo: "2026-09-30" });
    expect(s.coverage.current).toEqual({ days: 61, syncedDays: 61, missing: [], moreMissing: 0 });
    expect(s.coverage.previous).toEqual({
      days: 61,
      syncedDays: 22,
      missing: [{ from: "2026-08-01", to: "2026-09-08" }],
      moreMissing: 0,
    });
    // The synced part of the previous period is there to read, but no percentage is made from it.
    expect(s.previous.spend).toBeGreaterThan(0);
    for (const value of Object.values(s.change)) expect(value).toBeNull();
  });

  it("Sep 9 – Dec 6, whose previous period is wholly before the synced history: no change, the whole period named", async () => {
    const { ops, workspaceId } = await seeded();
    const s = await ops.query(api.tiktok.reports.summary, {
      workspaceId,
      advertiserId: ADVERTISER,
      from: SYNCED_FROM,
      to: SYNCED_THROUGH,
    });
    expect(s.coverage.previous).toEqual({
      days: 89,
      syncedDays: 0,
      missing: [{ from: s.previousFrom, to: s.previousTo }],
      moreMissing: 0,
    });
    expect(s.coverage.current.syncedDays).toBe(89);
    for (const value of Object.values(s.change)) expect(value).toBeNull();
  });

  it("a range running past the last sync names its own missing days and gives no change either", async () => {
    const { ops, workspaceId } = await seeded();
    const s = await ops.query(api.tiktok.reports.summary, {
      workspaceId,
      advertiserId: ADVERTISER,
      from: "2026-11-24",
      to: "2026-12-10",
    });
    expect(s.coverage.current).toEqual({
      days: 17,
      syncedDays: 13,
      missing: [{ from: "2026-12-07", to: "2026-12-10" }],
      moreMissing: 0,
    });
    expect(s.coverage.previous.syncedDays).toBe(17);
    expect(s.change.spend).toBeNull();
  });

  it("two fully synced periods are compared as before", async () => {
    const { ops, workspaceId } = await seeded();
    const s = await ops.query(api.tiktok.reports.summary, {
      workspaceId,
      advertiserId: ADVERTISER,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(s.coverage.previous.missing).toEqual([]);
    expect(s.change.spend).toBeCloseTo((s.current.spend - s.previous.spend) / s.previous.spend, 12);
    expect(s.change.spend).toBeGreaterThan(0);
    expect(s.change.clicks).toBe(0);
  });
});

describe("the overview marks partial sums", () => {
  it("an account missing days of the range says which", async () => {
    const { ops, workspaceId } = await seeded();
    const o = await ops.query(api.tiktok.reports.overview, { workspaceId, from: "2026-09-01", to: "2026-09-30" });
    expect(o.advertisers).toHaveLength(1);
    expect(o.advertisers[0]!.coverage).toEqual({
      days: 30,
      syncedDays: 22,
      missing: [{ from: "2026-09-01", to: "2026-09-08" }],
      moreMissing: 0,
    });
    const whole = await ops.query(api.tiktok.reports.overview, { workspaceId, from: "2026-10-01", to: "2026-10-31" });
    expect(whole.advertisers[0]!.coverage).toEqual({ days: 31, syncedDays: 31, missing: [], moreMissing: 0 });
  });
});

describe("a searched campaign table says which total is which", () => {
  const view = { sort: "spend" as const, order: "desc" as const, page: 0, pageSize: 25 };

  it("with a search: the matching rows' total (every page) beside the account's total", async () => {
    const { ops, workspaceId } = await seeded();
    const range = { workspaceId, advertiserId: ADVERTISER, from: "2026-11-01", to: "2026-11-30" };
    const summary = await ops.query(api.tiktok.reports.summary, range);
    const searched = await ops.query(api.tiktok.reports.campaignTable, { ...range, ...view, search: "cart" });
    expect(searched.rows.map((r) => r.name)).toEqual(["Retargeting – Cart"]);
    expect(searched.totals).toEqual(summary.current);
    expect(searched.matchingTotals).toEqual(searched.rows[0]!.figures);
    expect(searched.matchingTotals!.spend).toBeLessThan(summary.current.spend);

    // Rows over several pages: the matching total is every page's, not the page shown.
    const paged = await ops.query(api.tiktok.reports.campaignTable, { ...range, ...view, pageSize: 1, search: "–" });
    expect(paged.rows).toHaveLength(1);
    expect(paged.matchingTotals).toEqual(summary.current);
  });

  it("without a search there is one total, the account's", async () => {
    const { ops, workspaceId } = await seeded();
    const range = { workspaceId, advertiserId: ADVERTISER, from: "2026-11-01", to: "2026-11-30" };
    const table = await ops.query(api.tiktok.reports.campaignTable, { ...range, ...view });
    expect(table.matchingTotals).toBeUndefined();
    expect(table.rows).toHaveLength(2);
  });
});
