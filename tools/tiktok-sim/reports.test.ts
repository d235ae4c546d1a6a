import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { addDays, api, envelope, NO_LIMITS, TEST_NOW } from "./test-helpers.js";
import type { Sim } from "./types.js";

// TEST_NOW is 2026-02-15 10:30 in Los Angeles, the demo advertiser's timezone.
const TODAY = "2026-02-15";
const ALL_METRICS = [
  "spend",
  "impressions",
  "clicks",
  "cpc",
  "cpm",
  "ctr",
  "reach",
  "frequency",
  "conversion",
  "cost_per_conversion",
  "conversion_rate",
  "video_play_actions",
];

interface ReportRow {
  dimensions: Record<string, string>;
  metrics: Record<string, string>;
}

function reporter(sim: Sim, token: string, advertiserId: string) {
  const base = {
    advertiser_id: advertiserId,
    report_type: "BASIC",
    data_level: "AUCTION_CAMPAIGN",
    dimensions: ["campaign_id", "stat_time_day"],
    metrics: ALL_METRICS,
  };
  return {
    query: (params: Record<string, unknown>) =>
      api(sim, token)
        .get("/report/integrated/get/", { ...base, ...params })
        .then(envelope),
    async all(params: Record<string, unknown>, pageSize = 1000): Promise<{ rows: ReportRow[]; total: number }> {
      const rows: ReportRow[] = [];
      let page = 1;
      let total: number;
      for (;;) {
        const e = await this.query({ ...params, page, page_size: pageSize });
        expect(e.code, e.message).toBe(0);
        rows.push(...e.data.list);
        total = e.data.page_info.total_number;
        if (page >= e.data.page_info.total_page) break;
        page += 1;
      }
      return { rows, total };
    },
  };
}

const num = (s: string | undefined) => Number(s);
const near = (actual: string | undefined, expected: number) =>
  expect(Math.abs(num(actual) - expected)).toBeLessThanOrEqual(0.0051);

describe("report/integrated/get/ on the demo advertiser", () => {
  let sim: Sim;
  let token: string;
  let adv: string;
  let report: ReturnType<typeof reporter>;
  const campaignId = (name: string) =>
    sim.control.campaigns(adv, { includeDeleted: true }).find((c) => c.campaign_name === name)!.campaign_id;

  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, dataset: "demo", ...NO_LIMITS });
    token = sim.control.issueToken().accessToken;
    adv = sim.control.advertisers()[0]!.advertiser_id;
    report = reporter(sim, token, adv);
  });
  afterAll(() => sim.close());

  it("is a GET: a POST with a JSON body answers an error envelope that says so", async () => {
    const a = await api(sim, token).post("/report/integrated/get/", {
      advertiser_id: adv,
      report_type: "BASIC",
      data_level: "AUCTION_CAMPAIGN",
      dimensions: ["campaign_id"],
      metrics: ["spend"],
      start_date: TODAY,
      end_date: TODAY,
    });
    expect(a.status).toBe(200);
    expect(envelope(a).code).toBe(40000);
    expect(envelope(a).message).toContain("GET");
  });

  it("limits the date span: 30 days with stat_time_day, 1 day with stat_time_hour, 365 days without a time dimension", async () => {
    const span = (days: number, dimensions: string[]) =>
      report.query({ dimensions, start_date: addDays(TODAY, -(days - 1)), end_date: TODAY });
    expect((await span(30, ["campaign_id", "stat_time_day"])).code).toBe(0);
    expect((await span(31, ["campaign_id", "stat_time_day"])).code).toBe(40002);
    expect((await span(1, ["campaign_id", "stat_time_hour"])).code).toBe(0);
    expect((await span(2, ["campaign_id", "stat_time_hour"])).code).toBe(40002);
    expect((await span(365, ["campaign_id"])).code).toBe(0);
    expect((await span(366, ["campaign_id"])).code).toBe(40002);
  });

  it("rejects malformed dates and an end_date before start_date with 40002", async () => {
    for (const dates of [
      { start_date: "2026/02/01", end_date: TODAY },
      { start_date: "2026-02-30", end_date: TODAY },
      { start_date: TODAY, end_date: "2026-02-01" },
      { start_date: TODAY },
    ]) {
      expect((await report.query(dates)).code).toBe(40002);
    }
  });

  it("rejects an unknown metric with 40002 naming it", async () => {
    const e = await report.query({ metrics: ["spend", "conversions"], start_date: TODAY, end_date: TODAY });
    expect(e.code).toBe(40002);
    expect(e.message).toContain("conversions");
  });

  it("rejects dimensions that do not fit the data level", async () => {
    expect(
      (
        await report.query({
          data_level: "AUCTION_ADVERTISER",
          dimensions: ["campaign_id"],
          start_date: TODAY,
          end_date: TODAY,
        })
      ).code,
    ).toBe(40002);
    expect(
      (await report.query({ dimensions: ["campaign_id", "gender"], start_date: TODAY, end_date: TODAY })).code,
    ).toBe(40002);
    expect(
      (await report.query({ dimensions: ["stat_time_day", "stat_time_hour"], start_date: TODAY, end_date: TODAY }))
        .code,
    ).toBe(40002);
  });

  it("answers {dimensions, metrics} rows whose every metric value is a string, stat_time_day as 'YYYY-MM-DD 00:00:00'", async () => {
    const e = await report.query({ start_date: addDays(TODAY, -6), end_date: TODAY, page_size: 50 });
    expect(e.data.list.length).toBeGreaterThan(0);
    for (const row of e.data.list as ReportRow[]) {
      expect(Object.keys(row).sort()).toEqual(["dimensions", "metrics"]);
      expect(row.dimensions.stat_time_day).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
      expect(Object.keys(row.metrics).sort()).toEqual([...ALL_METRICS].sort());
      for (const value of Object.values(row.metrics)) expect(typeof value).toBe("string");
      expect(row.metrics.spend).toMatch(/^\d+\.\d{2}$/);
      expect(row.metrics.impressions).toMatch(/^\d+$/);
    }
  });

  it('shows "-" where a ratio has no value: cpc without clicks, cost_per_conversion without conversions', async () => {
    const hourly = await report.all({
      dimensions: ["campaign_id", "stat_time_hour"],
      start_date: addDays(TODAY, -1),
      end_date: addDays(TODAY, -1),
    });
    const noClicks = hourly.rows.filter((r) => r.metrics.clicks === "0");
    expect(noClicks.length).toBeGreaterThan(0);
    for (const r of noClicks) {
      expect(r.metrics.cpc).toBe("-");
      expect(r.metrics.conversion_rate).toBe("-");
    }
    const daily = await report.all({ start_date: addDays(TODAY, -29), end_date: TODAY });
    const noConversions = daily.rows.filter((r) => r.metrics.conversion === "0");
    expect(noConversions.length).toBeGreaterThan(0);
    for (const r of noConversions) expect(r.metrics.cost_per_conversion).toBe("-");
  });

  it("keeps ratios consistent with the row's own totals (ctr in percent, cpm per mille), rounded to 2 decimals", async () => {
    const { rows } = await report.all({ start_date: addDays(TODAY, -29), end_date: TODAY });
    for (const { metrics: m } of rows) {
      const spend = num(m.spend);
      const impressions = num(m.impressions);
      const clicks = num(m.clicks);
      const conversion = num(m.conversion);
      expect(impressions).toBeGreaterThan(0);
      expect(clicks).toBeLessThanOrEqual(impressions);
      expect(num(m.reach)).toBeLessThanOrEqual(impressions);
      near(m.cpm, (spend / impressions) * 1000);
      near(m.ctr, (clicks / impressions) * 100);
      near(m.frequency, impressions / num(m.reach));
      if (clicks > 0) {
        near(m.cpc, spend / clicks);
        near(m.conversion_rate, (conversion / clicks) * 100);
      }
      if (conversion > 0) near(m.cost_per_conversion, spend / conversion);
    }
  });

  it("pages deterministically, ordered by day then campaign, and agrees with control.reportRowCount", async () => {
    const params = { start_date: addDays(TODAY, -29), end_date: TODAY };
    const { rows, total } = await report.all(params, 37);
    expect(rows).toHaveLength(total);
    expect(total).toBe(
      sim.control.reportRowCount({ advertiserId: adv, startDate: params.start_date, endDate: params.end_date }),
    );
    const keys = rows.map((r) => `${r.dimensions.stat_time_day}|${r.dimensions.campaign_id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
    const again = await report.all(params, 1000);
    expect(again.rows).toEqual(rows);
  });

  it("leaves out deleted campaigns unless a campaign_status filter asks for them", async () => {
    const window = { start_date: addDays(TODAY, -200), end_date: addDays(TODAY, -171) };
    const deletedId = campaignId("Old Summer Campaign");
    const plain = await report.all(window);
    expect(plain.rows.some((r) => r.dimensions.campaign_id === deletedId)).toBe(false);
    const all = await report.all({
      ...window,
      filtering: [{ field_name: "campaign_status", filter_type: "IN", filter_value: '["STATUS_ALL"]' }],
    });
    expect(all.rows.some((r) => r.dimensions.campaign_id === deletedId)).toBe(true);
    expect(all.total).toBe(
      sim.control.reportRowCount({
        advertiserId: adv,
        startDate: window.start_date,
        endDate: window.end_date,
        includeDeleted: true,
      }),
    );
    expect(all.total).toBeGreaterThan(plain.total);
  });

  it("filters by campaign_ids, with filter_value given as JSON text", async () => {
    const id = campaignId("Spring Sale - Website Traffic");
    const { rows } = await report.all({
      start_date: addDays(TODAY, -9),
      end_date: TODAY,
      filtering: [{ field_name: "campaign_ids", filter_type: "IN", filter_value: JSON.stringify([id]) }],
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.dimensions.campaign_id === id)).toBe(true);
    expect((await report.query({ start_date: TODAY, end_date: TODAY, filtering: { campaign_ids: [id] } })).code).toBe(
      40002,
    );
  });

  it("has rows only for days with impressions: none before a campaign existed, after it stopped, or in the future", async () => {
    const { rows } = await report.all({ start_date: addDays(TODAY, -25), end_date: addDays(TODAY, 4) });
    const days = (name: string) =>
      rows
        .filter((r) => r.dimensions.campaign_id === campaignId(name))
        .map((r) => r.dimensions.stat_time_day!.slice(0, 10));
    const created = sim.control
      .campaigns(adv)
      .find((c) => c.campaign_name === "Retargeting - Cart Abandoners")!
      .create_time.slice(0, 10);
    expect(days("Retargeting - Cart Abandoners").length).toBeGreaterThan(5);
    expect(days("Retargeting - Cart Abandoners").every((d) => d >= addDays(created, -1))).toBe(true);
    expect(days("Test Campaign (paused)").length).toBeGreaterThan(0);
    expect(days("Test Campaign (paused)").every((d) => d <= addDays(TODAY, -9))).toBe(true);
    expect(rows.every((r) => r.dimensions.stat_time_day! <= `${TODAY} 00:00:00`)).toBe(true);
    expect(rows.every((r) => num(r.metrics.impressions) > 0)).toBe(true);
  });

  it("reports today partially: hourly rows stop at the current local hour and add up to today's daily row", async () => {
    const id = campaignId("Always-on Web Conversions");
    const filtering = [{ field_name: "campaign_ids", filter_type: "IN", filter_value: JSON.stringify([id]) }];
    const hours = (
      await report.all({ dimensions: ["campaign_id", "stat_time_hour"], start_date: TODAY, end_date: TODAY, filtering })
    ).rows;
    expect(hours.length).toBeGreaterThan(3);
    expect(hours.every((r) => r.dimensions.stat_time_hour! <= `${TODAY} 10:00:00`)).toBe(true);
    const day = (await report.all({ start_date: TODAY, end_date: TODAY, filtering })).rows[0]!;
    const sum = (k: string) => hours.reduce((s, r) => s + num(r.metrics[k]), 0);
    expect(sum("impressions")).toBe(num(day.metrics.impressions));
    expect(sum("clicks")).toBe(num(day.metrics.clicks));
    expect(sum("spend")).toBeCloseTo(num(day.metrics.spend), 2);
  });

  it("revises recent days as attribution settles while older days stay fixed", async () => {
    const yesterday = addDays(TODAY, -1);
    const old = addDays(TODAY, -20);
    const snapshot = async () => {
      const rows = [
        ...(await report.all({ start_date: yesterday, end_date: yesterday })).rows,
        ...(await report.all({ start_date: old, end_date: old })).rows,
      ];
      const total = (day: string, k: string) =>
        rows.filter((r) => r.dimensions.stat_time_day!.startsWith(day)).reduce((s, r) => s + num(r.metrics[k]), 0);
      return {
        rows,
        yConv: total(yesterday, "conversion"),
        ySpend: total(yesterday, "spend"),
        oldRows: rows.filter((r) => r.dimensions.stat_time_day!.startsWith(old)),
      };
    };
    const before = await snapshot();
    sim.control.advanceClock(3 * 24 * 3_600_000);
    const after = await snapshot();
    expect(after.yConv).toBeGreaterThan(before.yConv);
    expect(after.ySpend).toBeGreaterThanOrEqual(before.ySpend);
    expect(after.oldRows).toEqual(before.oldRows);
  });

  it("answers lifetime queries without dates and refuses a time dimension with them", async () => {
    const e = await report.query({ dimensions: ["campaign_id"], query_lifetime: true, page_size: 100 });
    expect(e.code).toBe(0);
    expect(e.data.list.length).toBeGreaterThan(5);
    expect((await report.query({ query_lifetime: true })).code).toBe(40002);
  });

  it("adds up advertiser-level rows from the same numbers as campaign rows", async () => {
    const window = { start_date: addDays(TODAY, -9), end_date: addDays(TODAY, -2) };
    const byCampaign = (await report.all(window)).rows;
    const byAdvertiser = (
      await report.all({ ...window, data_level: "AUCTION_ADVERTISER", dimensions: ["advertiser_id", "stat_time_day"] })
    ).rows;
    expect(byAdvertiser).toHaveLength(8);
    for (const row of byAdvertiser) {
      expect(row.dimensions.advertiser_id).toBe(adv);
      const parts = byCampaign.filter((r) => r.dimensions.stat_time_day === row.dimensions.stat_time_day);
      expect(parts.reduce((s, r) => s + num(r.metrics.impressions), 0)).toBe(num(row.metrics.impressions));
      expect(num(row.metrics.reach)).toBeLessThan(parts.reduce((s, r) => s + num(r.metrics.reach), 0));
    }
  });

  it("accepts ad group and ad levels but has no rows for them", async () => {
    const e = await report.query({
      data_level: "AUCTION_ADGROUP",
      dimensions: ["adgroup_id", "stat_time_day"],
      start_date: TODAY,
      end_date: TODAY,
    });
    expect(e.code).toBe(0);
    expect(e.data.list).toEqual([]);
    expect(e.data.page_info.total_number).toBe(0);
  });
});

describe("report/integrated/get/ across datasets", () => {
  it("answers 40067 when the rows a query matches exceed reportMaxRows", async () => {
    const sim = await start({ now: TEST_NOW, reportMaxRows: 100, ...NO_LIMITS });
    const t = sim.control.issueToken();
    const r = reporter(sim, t.accessToken, t.advertiserIds[0]!);
    const large = await r.query({ start_date: addDays(TODAY, -29), end_date: TODAY, page_size: 10 });
    const small = await r.query({ start_date: addDays(TODAY, -3), end_date: TODAY, page_size: 10 });
    await sim.close();
    expect(large.code).toBe(40067);
    expect(small.code).toBe(0);
  });

  it("shows JPY spend as whole yen", async () => {
    const sim = await start({ now: TEST_NOW, dataset: "small", ...NO_LIMITS });
    const jpy = sim.control.advertisers().find((a) => a.currency === "JPY")!;
    const r = reporter(sim, sim.control.issueToken().accessToken, jpy.advertiser_id);
    const { rows } = await r.all({ start_date: addDays(TODAY, -6), end_date: TODAY });
    await sim.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.metrics.spend).toMatch(/^\d+$/);
  });

  it("is deterministic per seed", async () => {
    const run = async (seed: number) => {
      const sim = await start({ now: TEST_NOW, seed, ...NO_LIMITS });
      const t = sim.control.issueToken();
      const { rows } = await reporter(sim, t.accessToken, t.advertiserIds[0]!).all({
        start_date: addDays(TODAY, -6),
        end_date: addDays(TODAY, -1),
      });
      await sim.close();
      return rows.map((r) => r.metrics);
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });

  it("answers each further page of a 30-day x 500-campaign report from the rows the first page computed", async () => {
    const sim = await start({ now: TEST_NOW, dataset: "bench", ...NO_LIMITS });
    // Held at one minute: the numbers (and so the cached rows) change as the clock's minute turns.
    sim.control.freezeClock();
    const t = sim.control.issueToken();
    const r = reporter(sim, t.accessToken, t.advertiserIds[0]!);
    const params = { start_date: addDays(TODAY, -29), end_date: TODAY, page_size: 1000 };
    const first = await r.query({ ...params, page: 1 });
    expect(first.data.page_info.total_number).toBeGreaterThan(5000);
    // Computing the row set is the ~100 ms of work; a page cut from the cached set is a few ms, on any machine.
    const built = sim.control.reportRowSetsBuilt();
    for (let page = 2; page <= first.data.page_info.total_page; page++) {
      const e = await r.query({ ...params, page });
      expect(e.data.list.length).toBeGreaterThan(0);
    }
    expect(sim.control.reportRowSetsBuilt()).toBe(built);
    await sim.close();
  });
});
