import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { api, envelope, NO_LIMITS, TEST_NOW } from "./test-helpers.js";
import type { Sim, SimAdvertiser } from "./types.js";

interface Campaign {
  campaign_id: string;
  campaign_name: string;
  budget_mode: string;
  budget: number;
  operation_status: string;
  secondary_status?: string;
  objective_type: string;
  create_time: string;
  modify_time: string;
}

describe("advertiser/info/", () => {
  let sim: Sim;
  let token: string;
  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, dataset: "small", ...NO_LIMITS });
    token = sim.control.issueToken().accessToken;
  });
  afterAll(() => sim.close());

  it("answers the documented fields with currency, timezones, a numeric balance and create_time in epoch seconds", async () => {
    const ids = sim.control.advertisers().map((a) => a.advertiser_id);
    const list = envelope(await api(sim, token).get("/advertiser/info/", { advertiser_ids: ids })).data
      .list as SimAdvertiser[];
    expect(list.map((a) => a.currency)).toEqual(["USD", "EUR", "JPY"]);
    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(
        [
          "advertiser_id",
          "balance",
          "company",
          "country",
          "create_time",
          "currency",
          "display_timezone",
          "name",
          "role",
          "status",
          "timezone",
        ].sort(),
      );
      expect(Number.isInteger(a.create_time)).toBe(true);
      expect(a.create_time).toBeLessThan(TEST_NOW / 1000);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: a.display_timezone })).not.toThrow();
    }
    expect(list[0]!.display_timezone).toBe("America/Los_Angeles");
    expect(Number.isInteger(list[2]!.balance)).toBe(true);
  });

  it("accepts at most 100 advertiser ids per call (40002 beyond)", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(7_000_000_000_000_000_000n + BigInt(i)));
    expect(envelope(await api(sim, token).get("/advertiser/info/", { advertiser_ids: ids })).code).toBe(40002);
  });

  it("narrows the answer to the requested fields and rejects unknown ones", async () => {
    const id = sim.control.advertisers()[1]!.advertiser_id;
    const e = envelope(
      await api(sim, token).get("/advertiser/info/", { advertiser_ids: [id], fields: ["name", "currency"] }),
    );
    expect(e.data.list).toEqual([{ name: sim.control.advertisers()[1]!.name, currency: "EUR" }]);
    expect(
      envelope(await api(sim, token).get("/advertiser/info/", { advertiser_ids: [id], fields: ["nonsense"] })).code,
    ).toBe(40002);
  });

  it("spreads a larger dataset over many currencies and timezones", async () => {
    const big = await start({ now: TEST_NOW, dataset: { advertisers: 12, campaignsPerAdvertiser: 1 } });
    const currencies = new Set(big.control.advertisers().map((a) => a.currency));
    const zones = new Set(big.control.advertisers().map((a) => a.display_timezone));
    await big.close();
    for (const c of ["USD", "EUR", "GBP", "JPY", "KRW", "INR", "MXN", "PLN", "IDR", "BRL"])
      expect(currencies).toContain(c);
    expect(zones.size).toBeGreaterThanOrEqual(10);
  });
});

describe("campaign/get/", () => {
  let sim: Sim;
  let token: string;
  let usd: string;
  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, dataset: "bench", ...NO_LIMITS });
    token = sim.control.issueToken().accessToken;
    usd = sim.control.advertisers()[0]!.advertiser_id;
  });
  afterAll(() => sim.close());
  const get = (params: Record<string, unknown>) =>
    api(sim, token)
      .get("/campaign/get/", { advertiser_id: usd, ...params })
      .then(envelope);

  it("pages 10 at a time by default and up to 1000 with page_size, with page_info totals", async () => {
    const visible = sim.control.campaigns(usd).length;
    const first = await get({});
    expect(first.data.list).toHaveLength(10);
    expect(first.data.page_info).toEqual({
      page: 1,
      page_size: 10,
      total_number: visible,
      total_page: Math.ceil(visible / 10),
    });
    const big = await get({ page_size: 1000 });
    expect(big.data.list).toHaveLength(visible);
    expect(big.data.page_info).toEqual({ page: 1, page_size: 1000, total_number: visible, total_page: 1 });
    const p2 = await get({ page_size: 100, page: 2 });
    expect(p2.data.list.map((c: Campaign) => c.campaign_id)).toEqual(
      big.data.list.slice(100, 200).map((c: Campaign) => c.campaign_id),
    );
    const beyond = await get({ page_size: 100, page: 99 });
    expect(beyond.data.list).toEqual([]);
  });

  it("rejects page_size above 1000 and page below 1 with 40002", async () => {
    expect((await get({ page_size: 1001 })).code).toBe(40002);
    expect((await get({ page: 0 })).code).toBe(40002);
  });

  it("leaves deleted campaigns out unless filtering asks for CAMPAIGN_STATUS_ALL", async () => {
    const all = sim.control.campaigns(usd, { includeDeleted: true });
    const deleted = all.filter((c) => c.secondary_status === "CAMPAIGN_STATUS_DELETE");
    expect(deleted.length).toBeGreaterThan(0);
    const byDefault = await get({ page_size: 1000 });
    expect(byDefault.data.page_info.total_number).toBe(all.length - deleted.length);
    expect(byDefault.data.list.some((c: Campaign) => c.secondary_status === "CAMPAIGN_STATUS_DELETE")).toBe(false);
    const withDeleted = await get({ page_size: 1000, filtering: { secondary_status: "CAMPAIGN_STATUS_ALL" } });
    expect(withDeleted.data.page_info.total_number).toBe(all.length);
  });

  it("filters by campaign_ids (at most 100), campaign_name and objective_type", async () => {
    const some = sim.control.campaigns(usd).slice(0, 3);
    const byIds = await get({ filtering: { campaign_ids: some.map((c) => c.campaign_id) } });
    expect(byIds.data.list.map((c: Campaign) => c.campaign_id).sort()).toEqual(some.map((c) => c.campaign_id).sort());
    const tooMany = Array.from({ length: 101 }, (_, i) => String(1_700_000_000_000_000_000n + BigInt(i)));
    expect((await get({ filtering: { campaign_ids: tooMany } })).code).toBe(40002);
    const byName = await get({ filtering: { campaign_name: some[0]!.campaign_name } });
    expect(byName.data.list.map((c: Campaign) => c.campaign_id)).toContain(some[0]!.campaign_id);
    const reach = await get({ page_size: 1000, filtering: { objective_type: "REACH" } });
    expect(reach.data.list.length).toBeGreaterThan(0);
    expect(reach.data.list.every((c: Campaign) => c.objective_type === "REACH")).toBe(true);
    expect((await get({ filtering: { no_such_key: 1 } })).code).toBe(40002);
  });

  it("returns only the requested fields", async () => {
    const e = await get({ fields: ["campaign_id", "budget"], page_size: 2 });
    for (const c of e.data.list) expect(Object.keys(c).sort()).toEqual(["budget", "campaign_id"]);
  });

  it("keeps secondary_status consistent with operation_status and formats times as UTC 'YYYY-MM-DD HH:MM:SS'", async () => {
    for (const c of sim.control.campaigns(usd, { includeDeleted: true })) {
      expect(c.create_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(c.modify_time >= c.create_time).toBe(true);
      if (c.operation_status === "DISABLE")
        expect(["CAMPAIGN_STATUS_DISABLE", "CAMPAIGN_STATUS_DELETE"]).toContain(c.secondary_status);
      else expect(["CAMPAIGN_STATUS_ENABLE", "CAMPAIGN_STATUS_BUDGET_EXCEED"]).toContain(c.secondary_status);
    }
  });

  it("omits secondary_status in the sandbox flavor", async () => {
    const sandbox = await start({ now: TEST_NOW, flavor: "sandbox", ...NO_LIMITS });
    const t = sandbox.control.issueToken();
    const e = envelope(await api(sandbox, t.accessToken).get("/campaign/get/", { advertiser_id: t.advertiserIds[0] }));
    await sandbox.close();
    expect(e.data.list.length).toBeGreaterThan(0);
    for (const c of e.data.list) expect(c).not.toHaveProperty("secondary_status");
  });
});

describe("campaign/create/", () => {
  let sim: Sim;
  let token: string;
  let byCurrency: Record<string, string>;
  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, dataset: { advertisers: 10, campaignsPerAdvertiser: 3 }, ...NO_LIMITS });
    token = sim.control.issueToken().accessToken;
    byCurrency = Object.fromEntries(sim.control.advertisers().map((a) => [a.currency, a.advertiser_id]));
  });
  afterAll(() => sim.close());
  const create = (body: Record<string, unknown>, currency = "USD") =>
    api(sim, token)
      .post("/campaign/create/", {
        advertiser_id: byCurrency[currency],
        campaign_name: "Launch",
        objective_type: "TRAFFIC",
        budget_mode: "BUDGET_MODE_DAY",
        budget: 100,
        ...body,
      })
      .then(envelope);

  it("answers the full campaign object, which campaign/get then lists", async () => {
    const e = await create({ campaign_name: "Full object", operation_status: "DISABLE" });
    expect(e.code).toBe(0);
    expect(e.data).toMatchObject({
      advertiser_id: byCurrency.USD,
      campaign_name: "Full object",
      objective_type: "TRAFFIC",
      budget_mode: "BUDGET_MODE_DAY",
      budget: 100,
      operation_status: "DISABLE",
      secondary_status: "CAMPAIGN_STATUS_DISABLE",
    });
    expect(e.data.campaign_id).toMatch(/^\d{19}$/);
    expect(e.data.create_time).toBe(new Date(sim.control.now()).toISOString().slice(0, 19).replace("T", " "));
    const listed = envelope(
      await api(sim, token).get("/campaign/get/", {
        advertiser_id: byCurrency.USD,
        filtering: { campaign_ids: [e.data.campaign_id] },
      }),
    );
    expect(listed.data.list).toEqual([e.data]);
  });

  it("creates at most one campaign per request_id, answering repeats with the same campaign", async () => {
    const before = sim.control.campaigns(byCurrency.USD!).length;
    const first = await create({ request_id: "9007199254740993123", campaign_name: "Idempotent" });
    const again = await create({ request_id: "9007199254740993123", campaign_name: "Idempotent" });
    expect(again.data).toEqual(first.data);
    expect(sim.control.campaigns(byCurrency.USD!).length).toBe(before + 1);
    const other = await create({ request_id: "9007199254740993124", campaign_name: "Idempotent" });
    expect(other.data.campaign_id).not.toBe(first.data.campaign_id);
  });

  it("requires request_id to be a 64-bit integer written as a string", async () => {
    for (const request_id of ["abc", "-1", "1.5", "18446744073709551616", 12345]) {
      expect((await create({ request_id })).code).toBe(40002);
    }
    expect((await create({ request_id: "18446744073709551615" })).code).toBe(0);
  });

  it("requires a campaign_name of 1 to 512 characters", async () => {
    expect((await create({ campaign_name: "" })).code).toBe(40002);
    expect((await create({ campaign_name: "x".repeat(513) })).code).toBe(40002);
    expect((await create({ campaign_name: "x".repeat(512) })).code).toBe(0);
  });

  it("refuses the deprecated objectives with 40002 naming the replacement", async () => {
    const conversions = await create({ objective_type: "CONVERSIONS" });
    expect(conversions.code).toBe(40002);
    expect(conversions.message).toContain("WEB_CONVERSIONS");
    const install = await create({ objective_type: "APP_INSTALL" });
    expect(install.code).toBe(40002);
    expect(install.message).toContain("APP_PROMOTION");
    expect((await create({ objective_type: "NOT_AN_OBJECTIVE" })).code).toBe(40002);
  });

  it("accepts every current objective, APP_PROMOTION only with an app_promotion_type", async () => {
    for (const objective_type of [
      "REACH",
      "TRAFFIC",
      "VIDEO_VIEWS",
      "LEAD_GENERATION",
      "ENGAGEMENT",
      "WEB_CONVERSIONS",
      "PRODUCT_SALES",
    ]) {
      expect((await create({ objective_type })).code).toBe(0);
    }
    expect((await create({ objective_type: "APP_PROMOTION" })).code).toBe(40002);
    const app = await create({ objective_type: "APP_PROMOTION", app_promotion_type: "APP_INSTALL" });
    expect(app.code).toBe(0);
    expect(app.data.app_promotion_type).toBe("APP_INSTALL");
  });

  it("validates budget_mode and requires a budget for daily, total and dynamic budgets but none for infinite", async () => {
    expect((await create({ budget_mode: "BUDGET_MODE_WEEKLY" })).code).toBe(40002);
    for (const budget_mode of ["BUDGET_MODE_DAY", "BUDGET_MODE_TOTAL", "BUDGET_MODE_DYNAMIC_DAILY_BUDGET"]) {
      expect((await create({ budget_mode, budget: undefined })).code).toBe(40002);
    }
    expect((await create({ budget_mode: "BUDGET_MODE_INFINITE", budget: 100 })).code).toBe(40002);
    const infinite = await create({ budget_mode: "BUDGET_MODE_INFINITE", budget: undefined });
    expect(infinite.code).toBe(0);
    expect(infinite.data.budget).toBe(0);
  });

  it("enforces the 50 USD minimum scaled per currency, inclusive", async () => {
    const minimums: Record<string, number> = {
      USD: 50,
      EUR: 50,
      GBP: 50,
      PLN: 200,
      MXN: 500,
      INR: 5000,
      JPY: 5000,
      KRW: 50000,
      IDR: 500000,
      BRL: 50,
    };
    for (const [currency, min] of Object.entries(minimums)) {
      const step = ["JPY", "KRW", "IDR"].includes(currency) ? 1 : 0.01;
      expect((await create({ budget: min - step }, currency)).code, `${currency} below minimum`).toBe(40002);
      expect((await create({ budget: min }, currency)).code, `${currency} at minimum`).toBe(0);
    }
  });

  it("takes whole numbers only for JPY, KRW and IDR, and at most 2 decimals elsewhere", async () => {
    expect((await create({ budget: 5000.5 }, "JPY")).code).toBe(40002);
    expect((await create({ budget: 50000.25 }, "KRW")).code).toBe(40002);
    expect((await create({ budget: 100.123 }, "USD")).code).toBe(40002);
    expect((await create({ budget: 100.12 }, "USD")).code).toBe(0);
    expect((await create({ budget: "100" }, "USD")).code).toBe(40002);
  });
});

describe("campaign/update/ and campaign/status/update/", () => {
  let sim: Sim;
  let token: string;
  let adv: string;
  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, dataset: "demo", ...NO_LIMITS });
    token = sim.control.issueToken().accessToken;
    adv = sim.control.advertisers()[0]!.advertiser_id;
  });
  afterAll(() => sim.close());
  const post = (path: string, body: Record<string, unknown>) =>
    api(sim, token)
      .post(path, { advertiser_id: adv, ...body })
      .then(envelope);
  const find = (name: string) =>
    sim.control.campaigns(adv, { includeDeleted: true }).find((c) => c.campaign_name === name)!;
  const spend = async (campaignId: string, dates: Record<string, unknown>) => {
    const e = envelope(
      await api(sim, token).get("/report/integrated/get/", {
        advertiser_id: adv,
        report_type: "BASIC",
        data_level: "AUCTION_CAMPAIGN",
        dimensions: ["campaign_id"],
        metrics: ["spend"],
        filtering: [{ field_name: "campaign_ids", filter_type: "IN", filter_value: JSON.stringify([campaignId]) }],
        ...dates,
      }),
    );
    return Number(e.data.list[0]?.metrics.spend ?? 0);
  };

  it("renames a campaign and answers the updated campaign object", async () => {
    const c = find("Community Engagement");
    sim.control.advanceClock(5000);
    const e = await post("/campaign/update/", { campaign_id: c.campaign_id, campaign_name: "Community Engagement v2" });
    expect(e.code).toBe(0);
    expect(e.data.campaign_name).toBe("Community Engagement v2");
    expect(e.data.modify_time > c.modify_time).toBe(true);
  });

  it("answers 40007 for a campaign that does not exist", async () => {
    expect((await post("/campaign/update/", { campaign_id: "1799999999999999999", campaign_name: "x" })).code).toBe(
      40007,
    );
  });

  it("refuses a budget on a BUDGET_MODE_INFINITE campaign", async () => {
    const c = find("Community Engagement v2");
    expect((await post("/campaign/update/", { campaign_id: c.campaign_id, budget: 500 })).code).toBe(40002);
  });

  it("requires a new lifetime budget of at least 105% of the lifetime spend so far", async () => {
    const c = find("Holiday Promo (lifetime budget)");
    const spent = await spend(c.campaign_id, { query_lifetime: true });
    expect(spent).toBeGreaterThan(1000);
    const floor = Math.ceil(spent * 1.05 * 100) / 100;
    const low = await post("/campaign/update/", { campaign_id: c.campaign_id, budget: Math.floor(floor - 1) });
    expect(low.code).toBe(40002);
    expect(low.message).toContain("105%");
    const ok = await post("/campaign/update/", { campaign_id: c.campaign_id, budget: Math.ceil(floor) + 1 });
    expect(ok.code).toBe(0);
    expect(ok.data.budget).toBe(Math.ceil(floor) + 1);
  });

  it("requires a new daily budget of at least 105% of today's spend, and never below the minimum", async () => {
    const c = find("Always-on Web Conversions");
    sim.control.advanceClock(9 * 3_600_000);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(sim.control.now());
    const spentToday = await spend(c.campaign_id, { start_date: today, end_date: today });
    expect(spentToday * 1.05).toBeGreaterThan(52);
    expect((await post("/campaign/update/", { campaign_id: c.campaign_id, budget: 51 })).code).toBe(40002);
    expect(
      (await post("/campaign/update/", { campaign_id: c.campaign_id, budget: Math.ceil(spentToday * 1.05) + 1 })).code,
    ).toBe(0);
    expect((await post("/campaign/update/", { campaign_id: c.campaign_id, budget: 49 })).code).toBe(40002);
  });

  it("accepts 1 to 20 campaign_ids per status update", async () => {
    const ids = sim.control.campaigns(adv).map((c) => c.campaign_id);
    expect((await post("/campaign/status/update/", { campaign_ids: [], operation_status: "DISABLE" })).code).toBe(
      40002,
    );
    const many = Array.from({ length: 21 }, () => ids[0]);
    expect((await post("/campaign/status/update/", { campaign_ids: many, operation_status: "DISABLE" })).code).toBe(
      40002,
    );
    expect((await post("/campaign/status/update/", { campaign_ids: [ids[0]], operation_status: "PAUSE" })).code).toBe(
      40002,
    );
    expect(
      (await post("/campaign/status/update/", { campaign_ids: ["1799999999999999999"], operation_status: "DISABLE" }))
        .code,
    ).toBe(40007);
  });

  it("disables and re-enables campaigns, answering the ids and their new status", async () => {
    const c = find("Brand Awareness Q1");
    const off = await post("/campaign/status/update/", { campaign_ids: [c.campaign_id], operation_status: "DISABLE" });
    expect(off.data).toEqual({
      campaign_ids: [c.campaign_id],
      status: "DISABLE",
      campaign_list: [{ campaign_id: c.campaign_id, status: "DISABLE" }],
    });
    expect(find("Brand Awareness Q1")).toMatchObject({
      operation_status: "DISABLE",
      secondary_status: "CAMPAIGN_STATUS_DISABLE",
    });
    await post("/campaign/status/update/", { campaign_ids: [c.campaign_id], operation_status: "ENABLE" });
    expect(find("Brand Awareness Q1")).toMatchObject({
      operation_status: "ENABLE",
      secondary_status: "CAMPAIGN_STATUS_ENABLE",
    });
  });

  it("deletes for good: a deleted campaign leaves campaign/get and can't be re-enabled", async () => {
    const c = find("Newsletter Sign-ups");
    expect(
      (await post("/campaign/status/update/", { campaign_ids: [c.campaign_id], operation_status: "DELETE" })).code,
    ).toBe(0);
    const listed = envelope(await api(sim, token).get("/campaign/get/", { advertiser_id: adv, page_size: 100 }));
    expect(listed.data.list.map((x: Campaign) => x.campaign_id)).not.toContain(c.campaign_id);
    const again = await post("/campaign/status/update/", { campaign_ids: [c.campaign_id], operation_status: "ENABLE" });
    expect(again.code).toBe(40002);
    expect((await post("/campaign/update/", { campaign_id: c.campaign_id, campaign_name: "back" })).code).toBe(40002);
    expect(find("Newsletter Sign-ups").secondary_status).toBe("CAMPAIGN_STATUS_DELETE");
  });
});
