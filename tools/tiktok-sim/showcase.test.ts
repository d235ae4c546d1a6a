// The "showcase" dataset: the three ad accounts `npm run demo` connects (USD in Los Angeles, EUR in Berlin, JPY in
// Tokyo), each with its own hand-written campaigns, served over the API like any other dataset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { addDays, api, envelope, NO_LIMITS, TEST_NOW } from "./test-helpers.js";
import type { Sim } from "./types.js";

interface Campaign {
  campaign_id: string;
  campaign_name: string;
  budget: number;
  budget_mode: string;
  secondary_status: string;
}

const sims: Sim[] = [];
const startSim = async (dataset: "showcase" | "demo") => {
  const sim = await start({ dataset, now: TEST_NOW, ...NO_LIMITS });
  sims.push(sim);
  return sim;
};
afterAll(() => Promise.all(sims.map((s) => s.close())));

async function advertisers(sim: Sim) {
  const { accessToken, advertiserIds } = sim.control.issueToken();
  const e = envelope(
    await api(sim, accessToken).get("/advertiser/info/", {
      advertiser_ids: advertiserIds,
      fields: ["advertiser_id", "name", "currency", "timezone", "display_timezone", "company"],
    }),
  );
  expect(e.code, e.message).toBe(0);
  return { accessToken, list: e.data.list as Record<string, string>[] };
}

async function campaigns(sim: Sim, token: string, advertiserId: string): Promise<Campaign[]> {
  const e = envelope(
    await api(sim, token).get("/campaign/get/", {
      advertiser_id: advertiserId,
      filtering: { primary_status: "STATUS_ALL" },
      page_size: 1000,
    }),
  );
  expect(e.code, e.message).toBe(0);
  return e.data.list as Campaign[];
}

/** Every campaign-day row of the account over the 30 days to TEST_NOW's date, deleted campaigns included. */
async function dailyRows(sim: Sim, token: string, advertiserId: string) {
  const e = envelope(
    await api(sim, token).get("/report/integrated/get/", {
      advertiser_id: advertiserId,
      report_type: "BASIC",
      data_level: "AUCTION_CAMPAIGN",
      dimensions: ["campaign_id", "stat_time_day"],
      metrics: ["spend", "impressions", "clicks", "conversion"],
      start_date: addDays("2026-02-15", -29),
      end_date: "2026-02-15",
      filtering: [{ field_name: "campaign_status", filter_type: "IN", filter_value: '["STATUS_ALL"]' }],
      page_size: 1000,
    }),
  );
  expect(e.code, e.message).toBe(0);
  expect(e.data.page_info.total_page).toBe(1);
  return e.data.list as { dimensions: Record<string, string>; metrics: Record<string, string> }[];
}

describe("the showcase dataset (npm run demo's workspace)", () => {
  let sim: Sim;
  beforeAll(async () => void (sim = await startSim("showcase")));

  it("has three ad accounts: USD in Los Angeles, EUR in Berlin, JPY in Tokyo, each its own company", async () => {
    const { list } = await advertisers(sim);
    expect(list.map((a) => [a.name, a.currency, a.timezone, a.display_timezone])).toEqual([
      ["Northwind Outfitters US", "USD", "America/Los_Angeles", "America/Los_Angeles"],
      ["Lumen Sportswear DE", "EUR", "Europe/Berlin", "Europe/Berlin"],
      // TikTok gives some accounts an Etc/GMT offset as `timezone`, and the region as `display_timezone`.
      ["Kite & Kettle JP", "JPY", "Etc/GMT-9", "Asia/Tokyo"],
    ]);
    expect(new Set(list.map((a) => a.company)).size).toBe(3);
  });

  it("keeps the demo dataset's ad account as its first: same id, name and campaigns", async () => {
    const demo = await startSim("demo");
    const [mine, theirs] = [await advertisers(sim), await advertisers(demo)];
    expect(theirs.list).toHaveLength(1);
    expect(mine.list[0]).toEqual(theirs.list[0]);
    const id = theirs.list[0]!.advertiser_id!;
    expect(await campaigns(sim, mine.accessToken, id)).toEqual(await campaigns(demo, theirs.accessToken, id));
  });

  it("gives each account its own campaigns, a paused and a deleted one among them, names beyond ASCII intact", async () => {
    const { accessToken, list } = await advertisers(sim);
    const byAccount = await Promise.all(list.map((a) => campaigns(sim, accessToken, a.advertiser_id!)));
    expect(byAccount.map((c) => c.length)).toEqual([13, 12, 12]);
    const names = byAccount.map((c) => c.map((x) => x.campaign_name));
    expect(new Set(names.flat()).size).toBe(37);
    expect(names[1]).toContain("Frühjahrs-Sale – Laufschuhe");
    expect(names[2]).toContain("新商品 Matcha Kettle – Video Views");
    for (const c of byAccount.slice(1)) {
      expect(c.filter((x) => x.secondary_status === "CAMPAIGN_STATUS_DELETE")).toHaveLength(1);
      expect(c.filter((x) => x.secondary_status === "CAMPAIGN_STATUS_DISABLE")).toHaveLength(1);
    }
    // JPY takes whole yen only: every budget is a whole number, at least TikTok's ¥5,000 minimum.
    for (const c of byAccount[2]!.filter((x) => x.budget_mode !== "BUDGET_MODE_INFINITE")) {
      expect(Number.isInteger(c.budget), `${c.campaign_name}: ${c.budget}`).toBe(true);
      expect(c.budget).toBeGreaterThanOrEqual(5000);
    }
  });

  it("delivers every day, in whole yen for JPY, and the campaign deleted 20 days ago still has its earlier spend", async () => {
    const { accessToken, list } = await advertisers(sim);
    const tokyo = list[2]!.advertiser_id!;
    const rows = await dailyRows(sim, accessToken, tokyo);
    const days = new Set(rows.map((r) => r.dimensions.stat_time_day!.slice(0, 10)));
    expect(days.size).toBe(30);
    for (const r of rows) expect(r.metrics.spend).toMatch(/^\d+$/);
    const deleted = (await campaigns(sim, accessToken, tokyo)).find(
      (c) => c.secondary_status === "CAMPAIGN_STATUS_DELETE",
    )!;
    const deletedDays = rows.filter((r) => r.dimensions.campaign_id === deleted.campaign_id);
    expect(deletedDays.length).toBeGreaterThan(0);
    const lastDay = deletedDays
      .map((r) => r.dimensions.stat_time_day!.slice(0, 10))
      .sort()
      .at(-1)!;
    expect(lastDay < addDays("2026-02-15", -18)).toBe(true);
  });

  it("is the same on every start with the same seed and clock: ids, campaigns and daily numbers", async () => {
    const again = await startSim("showcase");
    const [a, b] = [await advertisers(sim), await advertisers(again)];
    expect(b.list).toEqual(a.list);
    for (const { advertiser_id: id } of a.list) {
      expect(await dailyRows(again, b.accessToken, id!)).toEqual(await dailyRows(sim, a.accessToken, id!));
    }
  });
});
