import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { api, envelope, NO_LIMITS, TEST_NOW } from "./test-helpers.js";
import type { Sim } from "./types.js";

const REQUEST_ID = /^\d{14}[0-9A-F]{18}$/;

describe("the API envelope and the gateway around it", () => {
  let sim: Sim;
  let token: string;
  let advertiserId: string;

  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, ...NO_LIMITS });
    const t = sim.control.issueToken();
    token = t.accessToken;
    advertiserId = t.advertiserIds[0]!;
  });
  afterAll(() => sim.close());

  it("wraps a success in {code: 0, message: OK, request_id, data} with HTTP 200", async () => {
    const a = await api(sim, token).get("/advertiser/info/", { advertiser_ids: [advertiserId] });
    expect(a.status).toBe(200);
    expect(a.contentType).toContain("application/json");
    const e = envelope(a);
    expect(Object.keys(e).sort()).toEqual(["code", "data", "message", "request_id"]);
    expect(e.code).toBe(0);
    expect(e.message).toBe("OK");
    expect(e.request_id).toMatch(REQUEST_ID);
    expect(e.data.list[0].advertiser_id).toBe(advertiserId);
  });

  it("wraps errors in the same envelope, still with HTTP 200 and an empty data object", async () => {
    const a = await api(sim, token).get("/campaign/get/", {});
    expect(a.status).toBe(200);
    const e = envelope(a);
    expect(e.code).toBe(40002);
    expect(e.message).toContain("advertiser_id");
    expect(e.request_id).toMatch(REQUEST_ID);
    expect(e.data).toEqual({});
  });

  it("gives every answer its own request_id", async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => api(sim, token).get("/campaign/get/", { advertiser_id: advertiserId })),
    );
    const ids = answers.map((a) => envelope(a).request_id);
    expect(new Set(ids).size).toBe(5);
  });

  it("answers a path without its trailing slash with HTTP 404 and an HTML body, not JSON", async () => {
    const a = await api(sim, token).get("/advertiser/info", { advertiser_ids: [advertiserId] });
    expect(a.status).toBe(404);
    expect(a.contentType).toContain("text/html");
    expect(a.json).toBeUndefined();
  });

  it("answers an unknown path with HTTP 404 and no JSON", async () => {
    const a = await api(sim, token).get("/no/such/endpoint/");
    expect(a.status).toBe(404);
    expect(a.json).toBeUndefined();
    const outside = await fetch(`${sim.url}/somewhere/else`);
    expect(outside.status).toBe(404);
  });

  it("rejects a GET parameter that is not valid JSON with 40002 naming the parameter", async () => {
    const a = await api(sim, token).get("/advertiser/info/", { advertiser_ids: "[not json" });
    expect(envelope(a).code).toBe(40002);
    expect(envelope(a).message).toContain("advertiser_ids");
  });

  it("rejects a POST body that is not JSON with 40002", async () => {
    const a = await api(sim, token).post("/campaign/create/", "advertiser_id=1&campaign_name=x");
    expect(envelope(a).code).toBe(40002);
  });

  it("refuses IDs sent as JSON numbers, since they lose digits above 2^53", async () => {
    const a = await api(sim, token).post(
      "/campaign/create/",
      `{"advertiser_id": ${advertiserId}, "campaign_name": "n", "objective_type": "TRAFFIC", "budget_mode": "BUDGET_MODE_INFINITE"}`,
    );
    expect(envelope(a).code).toBe(40002);
    expect(envelope(a).message).toContain("advertiser_id");
  });

  it("sends advertiser and campaign IDs as strings that exceed 2^53", async () => {
    const a = await api(sim, token).get("/campaign/get/", { advertiser_id: advertiserId, page_size: 1000 });
    expect(a.text).not.toMatch(/"(advertiser_id|campaign_id)":\s*\d/);
    const ids = [advertiserId, ...envelope(a).data.list.map((c: { campaign_id: string }) => c.campaign_id)];
    for (const id of ids) {
      expect(id).toMatch(/^\d{19}$/);
      expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    }
  });

  it("states money in real currency units as numbers, never micros", async () => {
    const info = envelope(await api(sim, token).get("/advertiser/info/", { advertiser_ids: [advertiserId] })).data
      .list[0];
    expect(typeof info.balance).toBe("number");
    expect(info.balance).toBeLessThan(1_000_000);
    const campaigns = envelope(
      await api(sim, token).get("/campaign/get/", { advertiser_id: advertiserId, page_size: 100 }),
    ).data.list;
    const daily = campaigns.find((c: { budget_mode: string }) => c.budget_mode === "BUDGET_MODE_DAY");
    expect(typeof daily.budget).toBe("number");
    expect(daily.budget).toBeGreaterThanOrEqual(50);
    expect(daily.budget).toBeLessThan(10_000);
  });

  it("logs each API request with its advertiser, HTTP status, code and request_id, but no secrets", async () => {
    sim.control.resetLog();
    const a = await api(sim, token).get("/campaign/get/", { advertiser_id: advertiserId });
    await api(sim).get("/oauth2/advertiser/get/", { app_id: "sim-app-id", secret: "sim-app-secret" });
    expect(sim.requests).toHaveLength(2);
    const [first, second] = sim.requests;
    expect(first).toMatchObject({
      method: "GET",
      path: "/open_api/v1.3/campaign/get/",
      advertiserId,
      httpStatus: 200,
      code: 0,
      requestId: envelope(a).request_id,
    });
    expect(second!.query.secret).toBe("[redacted]");
    expect(second!.code).toBe(40104);
    expect(JSON.stringify(sim.requests)).not.toContain(token);
  });
});
