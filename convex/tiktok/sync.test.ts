/**
 * Syncing campaigns and daily metrics (convex/tiktok/sync.ts) with the simulator as TikTok over real HTTP, checked
 * against the simulator's own numbers (its metrics model, read through /_sim/campaign-days, not its report endpoint).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays } from "../../lib/tiktok/dates";
import { connectWorld, type World, type WorldOptions } from "../../tools/testing/connect-world";
import type { Doc } from "../_generated/dataModel";

let w: World;
afterEach(async () => {
  vi.useRealTimers();
  await w?.close();
});

/** Runs scheduled work (the workpool's loop, the steps) until nothing is left; Date moves with real time. */
async function settle() {
  await w.t.finishAllScheduledFunctions(() => vi.advanceTimersByTime(60_000));
}

async function connected(options: WorldOptions = {}, approved?: (ids: string[]) => string[]) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now(), shouldAdvanceTime: true });
  w = await connectWorld({ ...options, sync: true, env: { TIKTOK_SYNC_BACKFILL_DAYS: "12", ...options.env } });
  const ids = approved ? approved(w.advertiserIds) : w.advertiserIds.slice(0, 1);
  expect((await w.connect(w.users.marketer, ids)).outcome).toBe("connected");
  return ids;
}

const table = <T extends "campaigns" | "campaignDays" | "advertiserDays" | "syncRuns" | "restatements" | "advertisers">(
  name: T,
) => w.t.run((ctx) => ctx.db.query(name).collect()) as Promise<Doc<T>[]>;

describe("the first sync after connecting", () => {
  it("backfills every campaign-day, deleted campaigns included, equal to the simulator's own numbers", async () => {
    const [advertiserId] = await connected({ env: { TIKTOK_SYNC_BACKFILL_DAYS: "90" } });
    await settle();
    const [run, ...moreRuns] = await table("syncRuns");
    expect(moreRuns).toEqual([]);
    expect(run).toMatchObject({ advertiserId, trigger: "connect", status: "succeeded", phase: "done" });
    const advertiser = (await table("advertisers")).find((a) => a.advertiserId === advertiserId)!;
    const truth = await w.sim.control.campaignDays({
      advertiserId: advertiserId!,
      startDate: run!.startDate!,
      endDate: run!.endDate!,
    });
    expect(truth.length).toBeGreaterThan(0);
    const stored = await table("campaignDays");
    const key = (c: string, d: string) => `${c}|${d}`;
    const byKey = new Map(stored.map((r) => [key(r.campaignId, r.date), r]));
    expect(stored).toHaveLength(truth.length);
    for (const t of truth) {
      const row = byKey.get(key(t.campaign_id, t.date));
      expect(row, `${t.campaign_id} on ${t.date}`).toMatchObject({
        spendMilli: Math.round(t.spend * 1000),
        impressions: t.impressions,
        clicks: t.clicks,
        conversions: t.conversion,
      });
    }
    // Deleted campaigns are kept, flagged, and their spend is in the account's.
    const campaigns = await table("campaigns");
    const deletedInTruth = new Set(
      truth.map((t) => t.campaign_id).filter((id) => campaigns.find((c) => c.campaignId === id)?.deleted),
    );
    expect(deletedInTruth.size).toBeGreaterThan(0);
    // Running totals: every row's totals are the sum of its campaign's rows up to it.
    for (const campaignId of new Set(stored.map((r) => r.campaignId))) {
      let spend = 0;
      let clicks = 0;
      for (const row of stored
        .filter((r) => r.campaignId === campaignId)
        .sort((a, b) => a.date.localeCompare(b.date))) {
        spend += row.spendMilli;
        clicks += row.clicks;
        expect([row.cumSpendMilli, row.cumClicks]).toEqual([spend, clicks]);
      }
    }
    // The rollup equals the sum of its campaigns', day by day.
    for (const day of await table("advertiserDays")) {
      const rows = stored.filter((r) => r.date === day.date);
      expect(day.spendMilli).toBe(rows.reduce((n, r) => n + r.spendMilli, 0));
      expect(day.impressions).toBe(rows.reduce((n, r) => n + r.impressions, 0));
    }
    expect(await table("advertiserDays")).toHaveLength(90);
    expect(advertiser).toMatchObject({
      syncedThrough: run!.endDate,
      syncedFrom: run!.startDate,
      lastSyncToday: run!.endDate,
      lastSyncedAt: expect.any(Number),
    });
    expect(advertiser.syncRequestedAt).toBeUndefined();
    expect(run!.startDate).toBe(addDays(run!.endDate!, -89));
    expect(run).toMatchObject({ windowsPlanned: 3, windowsDone: 3 });
  });
});
