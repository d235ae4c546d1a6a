/**
 * The client against the simulator over real HTTP on 127.0.0.1 (test tier 2): pagination, report windows and
 * halving, throttling, faults, idempotent create, timeouts. The simulator was written independently from
 * docs/tiktok-api.md, so each side checks the other.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { start, type Sim, type SimOptions } from "../../tools/tiktok-sim/index.js";
import { RateLimiter } from "../../tools/tiktok-sim/rate-limits.js";
import { createTikTokClient, type TikTokClientOptions } from "./client";
import { addDays } from "./dates";
import { createRateGate } from "./rate-gate";
import { TikTokAuthError, TikTokInvalidRequestError, TikTokNetworkError, TikTokPermissionError } from "./errors";
import type { AttemptEvent } from "./request";
import { timed } from "../../tools/testing/clock.js";

const APP = { appId: "app-test", appSecret: "secret-test-123" };
/**
 * The client's timeout in tests where one call stalls until it is given up and the others must be answered: far
 * beyond a normal answer on a busy machine (a few ms idle), so only the stalled call ever times out.
 */
const NORMAL_ANSWER_MS = 2_000;

async function withSim(options: SimOptions = {}) {
  const sim = await start({ ...APP, rateLimits: false, advertiserPathQps: false, ...options });
  return sim;
}

function clientFor(sim: Sim, extra: TikTokClientOptions = {}) {
  const events: AttemptEvent[] = [];
  const tiktok = createTikTokClient({
    ...APP,
    environment: "local",
    apiOrigin: sim.url,
    rateGate: false,
    retry: { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 },
    onAttempt: (e) => events.push(e),
    ...extra,
  });
  return { tiktok, events };
}

/** Yesterday in the simulator's clock (UTC date; the small dataset's windows are wide enough that zones don't matter). */
function simYesterday(sim: Sim): string {
  return addDays(new Date(sim.control.now()).toISOString().slice(0, 10), -1);
}

const apiCalls = (sim: Sim, path: string) => sim.requests.filter((r) => r.path.endsWith(path));

describe("oauth against the simulator", () => {
  let sim: Sim;
  beforeAll(async () => void (sim = await withSim({ dataset: "small" })));
  afterAll(() => sim.close());

  it("exchanges an auth code once; a replay is refused as auth_code_invalid and not retried", async () => {
    const { tiktok } = clientFor(sim);
    const code = sim.control.issueAuthCode();
    const grant = await tiktok.oauth.exchangeAuthCode({ authCode: code });
    expect(grant.advertiserIds).toEqual(sim.control.advertisers().map((a) => a.advertiser_id));
    expect(grant.expiresAt).toBeUndefined();
    expect(grant.refreshToken).toBeUndefined();

    sim.control.resetLog();
    const replay = await tiktok.oauth.exchangeAuthCode({ authCode: code }).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(TikTokAuthError);
    expect((replay as TikTokAuthError).problem).toBe("auth_code_invalid");
    expect(apiCalls(sim, "/oauth2/access_token/")).toHaveLength(1);
  });

  it("refuses an auth code older than an hour", async () => {
    const { tiktok } = clientFor(sim);
    const code = sim.control.issueAuthCode();
    sim.control.advanceClock(61 * 60_000);
    await expect(tiktok.oauth.exchangeAuthCode({ authCode: code })).rejects.toMatchObject({
      problem: "auth_code_invalid",
    });
  });

  it("refuses wrong app credentials as a configuration problem", async () => {
    const tiktok = createTikTokClient({
      appId: APP.appId,
      appSecret: "wrong-secret",
      environment: "local",
      apiOrigin: sim.url,
      rateGate: false,
    });
    const error = await tiktok.oauth
      .exchangeAuthCode({ authCode: sim.control.issueAuthCode() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokAuthError);
    expect((error as TikTokAuthError).problem).toBe("app_credentials");
  });

  it("lists the advertisers a token reaches, and notices grants and removals", async () => {
    const { tiktok } = clientFor(sim);
    const all = sim.control.advertisers().map((a) => a.advertiser_id);
    const { accessToken } = sim.control.issueToken({ advertiserIds: all.slice(0, 2) });
    expect((await tiktok.oauth.authorizedAdvertisers({ accessToken })).map((a) => a.advertiserId)).toEqual(
      all.slice(0, 2),
    );
    sim.control.grantAdvertiser(accessToken, all[2]!);
    sim.control.removeAdvertiser(accessToken, all[0]!);
    expect((await tiktok.oauth.authorizedAdvertisers({ accessToken })).map((a) => a.advertiserId).sort()).toEqual(
      [all[1]!, all[2]!].sort(),
    );
  });

  it("revokes a token, after which TikTok calls it revoked (needs a new authorization)", async () => {
    const { tiktok } = clientFor(sim);
    const { accessToken, advertiserIds } = sim.control.issueToken();
    const revoked = await tiktok.oauth.revoke({ accessToken });
    expect(revoked.advertiserIds.sort()).toEqual([...advertiserIds].sort());
    const after = await tiktok.advertisers
      .info({ accessToken, advertiserIds: [advertiserIds[0]!] })
      .catch((e: unknown) => e);
    expect(after).toMatchObject({ problem: "token_revoked", code: 40105 });
  });

  it("reports a token revoked inside TikTok the same way", async () => {
    const { tiktok } = clientFor(sim);
    const { accessToken, advertiserIds } = sim.control.issueToken();
    sim.control.revokeToken(accessToken);
    await expect(tiktok.advertisers.info({ accessToken, advertiserIds })).rejects.toMatchObject({
      problem: "token_revoked",
    });
  });
});

describe("expiring tokens (the expiring form of docs/tiktok-api.md §7) against the simulator", () => {
  let sim: Sim;
  beforeAll(async () => void (sim = await withSim({ dataset: "demo", tokenMode: "expiring" })));
  afterAll(() => sim.close());

  it("stores absolute expiry times and refreshes with the refresh token", async () => {
    const now = () => sim.control.now();
    const { tiktok } = clientFor(sim, { now });
    const exchange = await timed(() => tiktok.oauth.exchangeAuthCode({ authCode: sim.control.issueAuthCode() }), now);
    const grant = exchange.result;
    // A day from the moment the answer arrived.
    expect(grant.expiresAt! - 86_400_000).toEqual(exchange.during);
    expect(grant.refreshToken).toBeTruthy();

    const refreshed = await tiktok.oauth.refreshAccessToken({ refreshToken: grant.refreshToken! });
    expect(refreshed.accessToken).not.toBe(grant.accessToken);
    const ids = grant.advertiserIds;
    await expect(
      tiktok.advertisers.info({ accessToken: refreshed.accessToken, advertiserIds: ids }),
    ).resolves.toHaveLength(ids.length);
  });

  it("calls a token past its expiry expired, and a bad refresh token invalid", async () => {
    const { tiktok } = clientFor(sim);
    const grant = await tiktok.oauth.exchangeAuthCode({ authCode: sim.control.issueAuthCode() });
    sim.control.advanceClock(86_400_000 + 1_000);
    await expect(
      tiktok.advertisers.info({ accessToken: grant.accessToken, advertiserIds: grant.advertiserIds }),
    ).rejects.toMatchObject({ problem: "token_expired", code: 40102 });
    await expect(tiktok.oauth.refreshAccessToken({ refreshToken: "not-a-refresh-token" })).rejects.toMatchObject({
      problem: "refresh_token_invalid",
      code: 40107,
    });
  });
});

describe("advertisers and campaigns against the simulator", () => {
  let sim: Sim;
  let token: string;
  let advertiserIds: string[];
  beforeAll(async () => {
    sim = await withSim({ dataset: { advertisers: 2, campaignsPerAdvertiser: 2_345 } });
    ({ accessToken: token, advertiserIds } = sim.control.issueToken());
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.clearFaults());

  it("reads advertisers with ids as strings beyond 2^53 and amounts in real units", async () => {
    const { tiktok } = clientFor(sim);
    const advertisers = await tiktok.advertisers.info({ accessToken: token, advertiserIds });
    expect(advertisers.map((a) => a.advertiserId)).toEqual(advertiserIds);
    for (const a of advertisers) {
      expect(BigInt(a.advertiserId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(a.currency).toMatch(/^[A-Z]{3}$/);
      expect(typeof a.balance).toBe("number");
      expect(a.createdAt).toBeGreaterThan(Date.UTC(2015, 0, 1));
    }
  });

  it("lists every campaign with page_size 1000, one call per page", async () => {
    const { tiktok } = clientFor(sim);
    sim.control.resetLog();
    const campaigns = await tiktok.campaigns.list({ accessToken: token, advertiserId: advertiserIds[0]! });
    const expected = sim.control.campaigns(advertiserIds[0]!);
    expect(campaigns.map((c) => c.campaignId).sort()).toEqual(expected.map((c) => c.campaign_id).sort());
    const calls = apiCalls(sim, "/campaign/get/");
    expect(calls).toHaveLength(Math.ceil(expected.length / 1000));
    expect(calls.every((c) => c.query.page_size === "1000")).toBe(true);
  });

  it("leaves deleted campaigns out unless asked, like TikTok", async () => {
    const { tiktok } = clientFor(sim);
    const advertiserId = advertiserIds[1]!;
    const victim = sim.control.campaigns(advertiserId)[0]!.campaign_id;
    await tiktok.campaigns.setStatus({ accessToken: token, advertiserId, campaignIds: [victim], status: "DELETE" });
    const visible = await tiktok.campaigns.list({ accessToken: token, advertiserId });
    expect(visible.some((c) => c.campaignId === victim)).toBe(false);
    const all = await tiktok.campaigns.list({ accessToken: token, advertiserId, includeDeleted: true });
    expect(all.find((c) => c.campaignId === victim)?.secondaryStatus).toBe("CAMPAIGN_STATUS_DELETE");
  });

  it("filters by campaign ids", async () => {
    const { tiktok } = clientFor(sim);
    const ids = sim.control
      .campaigns(advertiserIds[0]!)
      .slice(0, 3)
      .map((c) => c.campaign_id);
    const found = await tiktok.campaigns.list({
      accessToken: token,
      advertiserId: advertiserIds[0]!,
      campaignIds: ids,
    });
    expect(found.map((c) => c.campaignId).sort()).toEqual([...ids].sort());
  });

  it("creates a campaign that then appears in the list, mapping a deprecated objective", async () => {
    const { tiktok } = clientFor(sim);
    const [advertiser] = await tiktok.advertisers.info({ accessToken: token, advertiserIds: [advertiserIds[0]!] });
    const { minimumCampaignBudget } = await import("./money.js");
    const budget = minimumCampaignBudget(advertiser!.currency) ?? 50;
    const created = await tiktok.campaigns.create({
      accessToken: token,
      advertiserId: advertiser!.advertiserId,
      name: "Brief-style conversions",
      objective: "CONVERSIONS",
      budgetMode: "BUDGET_MODE_DAY",
      budget,
      currency: advertiser!.currency,
    });
    expect(created).toMatchObject({
      objectiveType: "WEB_CONVERSIONS",
      budget,
      budgetMode: "BUDGET_MODE_DAY",
      name: "Brief-style conversions",
    });
    const [again] = await tiktok.campaigns.list({
      accessToken: token,
      advertiserId: advertiser!.advertiserId,
      campaignIds: [created.campaignId],
    });
    expect(again).toEqual(created);
  });

  it("creates exactly one campaign when answers are lost and the create is retried", async () => {
    const { tiktok, events } = clientFor(sim);
    const advertiserId = advertiserIds[0]!;
    const currency = sim.control.advertisers().find((a) => a.advertiser_id === advertiserId)!.currency;
    const { minimumCampaignBudget } = await import("./money.js");
    const countBefore = sim.control.campaigns(advertiserId, { includeDeleted: true }).length;
    sim.control.setFaults([
      { kind: "reset", path: "/campaign/create/", count: 1, afterProcessing: true },
      { kind: "code50002", path: "/campaign/create/", count: 1, afterProcessing: true },
    ]);
    sim.control.resetLog();
    const created = await tiktok.campaigns.create({
      accessToken: token,
      advertiserId,
      name: "Lost answers",
      objective: "REACH",
      budgetMode: "BUDGET_MODE_DAY",
      budget: minimumCampaignBudget(currency) ?? 50,
      currency,
    });
    const attempts = apiCalls(sim, "/campaign/create/");
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => (a.body as { request_id: string }).request_id)).size).toBe(1);
    expect(events.filter((e) => e.path === "/campaign/create/").map((e) => e.outcome)).toEqual([
      "network",
      "server",
      "ok",
    ]);
    expect(sim.control.campaigns(advertiserId, { includeDeleted: true })).toHaveLength(countBefore + 1);
    expect(
      sim.control
        .campaigns(advertiserId)
        .filter((c) => c.campaign_name === "Lost answers")
        .map((c) => c.campaign_id),
    ).toEqual([created.campaignId]);
  });

  it("pauses and re-budgets, and surfaces TikTok's refusal of a budget below 105% of spend", async () => {
    const { tiktok } = clientFor(sim);
    const advertiserId = advertiserIds[0]!;
    const currency = sim.control.advertisers().find((a) => a.advertiser_id === advertiserId)!.currency;
    const campaign = sim.control
      .campaigns(advertiserId)
      .find((c) => c.budget_mode === "BUDGET_MODE_TOTAL" && c.operation_status === "ENABLE");
    expect(campaign, "the dataset has an enabled total-budget campaign").toBeDefined();
    const id = campaign!.campaign_id;

    await tiktok.campaigns.setStatus({ accessToken: token, advertiserId, campaignIds: [id], status: "DISABLE" });
    const [paused] = await tiktok.campaigns.list({ accessToken: token, advertiserId, campaignIds: [id] });
    expect(paused!.operationStatus).toBe("DISABLE");

    const newBudget = Math.ceil(campaign!.budget * 2);
    await tiktok.campaigns.update({ accessToken: token, advertiserId, campaignId: id, budget: newBudget, currency });
    const [rebudgeted] = await tiktok.campaigns.list({ accessToken: token, advertiserId, campaignIds: [id] });
    expect(rebudgeted!.budget).toBe(newBudget);

    const { minimumCampaignBudget } = await import("./money.js");
    const tooLow = await tiktok.campaigns
      .update({
        accessToken: token,
        advertiserId,
        campaignId: id,
        budget: minimumCampaignBudget(currency) ?? 50,
        currency,
      })
      .catch((e: unknown) => e);
    // The dataset's total-budget campaigns have spent more than the minimum, so TikTok's 105%-of-spend rule refuses it.
    expect(tooLow).toBeInstanceOf(TikTokInvalidRequestError);
    expect((tooLow as Error).message).toMatch(/105|spent|spend/i);
  });

  it("refuses a deprecated objective sent raw, with TikTok's message", async () => {
    const { tiktok } = clientFor(sim);
    const error = await tiktok
      .request({
        method: "POST",
        path: "/campaign/create/",
        accessToken: token,
        body: {
          advertiser_id: advertiserIds[0],
          campaign_name: "raw",
          objective_type: "CONVERSIONS",
          budget_mode: "BUDGET_MODE_INFINITE",
        },
        data: (d) => d,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 40002 });
    expect((error as Error).message).toMatch(/WEB_CONVERSIONS/);
  });

  it("does not retry a permission error for an advertiser the token does not cover", async () => {
    const { tiktok } = clientFor(sim);
    const narrow = sim.control.issueToken({ advertiserIds: [advertiserIds[0]!] }).accessToken;
    sim.control.resetLog();
    const error = await tiktok.campaigns
      .list({ accessToken: narrow, advertiserId: advertiserIds[1]! })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikTokPermissionError);
    expect(apiCalls(sim, "/campaign/get/")).toHaveLength(1);
  });
});

describe("reports against the simulator", () => {
  let sim: Sim;
  let token: string;
  let advertiserId: string;
  beforeAll(async () => {
    sim = await withSim({ dataset: { advertisers: 1, campaignsPerAdvertiser: 120 } });
    ({ accessToken: token } = sim.control.issueToken());
    advertiserId = sim.control.advertisers()[0]!.advertiser_id;
  });
  afterAll(() => sim.close());
  afterEach(() => sim.control.clearFaults());

  it("splits 90 days into 30-day windows, fetches every page, and returns exactly TikTok's rows", async () => {
    const { tiktok } = clientFor(sim);
    const endDate = simYesterday(sim);
    const startDate = addDays(endDate, -89);
    sim.control.resetLog();
    const rows = await tiktok.reports.campaignDaily({ accessToken: token, advertiserId, startDate, endDate });
    expect(rows.length).toBe(sim.control.reportRowCount({ advertiserId, startDate, endDate }));
    expect(new Set(rows.map((r) => `${r.campaignId}|${r.date}`)).size).toBe(rows.length);
    expect(rows.every((r) => r.date >= startDate && r.date <= endDate)).toBe(true);

    const calls = apiCalls(sim, "/report/integrated/get/");
    expect(calls.every((c) => c.method === "GET" && c.query.page_size === "1000")).toBe(true);
    const windows = new Set(calls.map((c) => `${c.query.start_date}..${c.query.end_date}`));
    expect(windows.size).toBe(3);
    let expectedCalls = 0;
    for (const w of windows) {
      const [s, e] = w.split("..") as [string, string];
      expectedCalls += Math.max(
        1,
        Math.ceil(sim.control.reportRowCount({ advertiserId, startDate: s, endDate: e }) / 1000),
      );
    }
    expect(calls).toHaveLength(expectedCalls);
  });

  it("parses metric strings into numbers: spend at the currency's precision, whole counts", async () => {
    const { tiktok } = clientFor(sim);
    const endDate = simYesterday(sim);
    const rows = await tiktok.reports.campaignDaily({
      accessToken: token,
      advertiserId,
      startDate: addDays(endDate, -13),
      endDate,
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const { metrics: m } of rows) {
      expect(m.impressions).toBeGreaterThan(0);
      expect(Number.isInteger(m.impressions)).toBe(true);
      expect(Number.isInteger(m.clicks)).toBe(true);
      expect(m.clicks).toBeLessThanOrEqual(m.impressions);
      expect(Math.round(m.spend * 100)).toBeCloseTo(m.spend * 100, 6);
    }
  });

  it("halves windows that TikTok calls too large (40067) and still returns every row once", async () => {
    const narrowSim = await withSim({ dataset: { advertisers: 1, campaignsPerAdvertiser: 120 }, reportMaxRows: 900 });
    try {
      const { tiktok, events } = clientFor(narrowSim);
      const { accessToken } = narrowSim.control.issueToken();
      const adv = narrowSim.control.advertisers()[0]!.advertiser_id;
      const endDate = simYesterday(narrowSim);
      const startDate = addDays(endDate, -29);
      const rows = await tiktok.reports.campaignDaily({ accessToken, advertiserId: adv, startDate, endDate });
      expect(rows.length).toBe(narrowSim.control.reportRowCount({ advertiserId: adv, startDate, endDate }));
      expect(new Set(rows.map((r) => `${r.campaignId}|${r.date}`)).size).toBe(rows.length);
      expect(events.some((e) => e.code === 40067)).toBe(true);
      expect(events.filter((e) => e.code === 40067).every((e) => e.retryReason === "not_retryable")).toBe(true);
    } finally {
      await narrowSim.close();
    }
  });

  it("narrows the window instead of repeating a report that timed out", async () => {
    const { tiktok } = clientFor(sim, { timeoutMs: NORMAL_ANSWER_MS });
    const endDate = simYesterday(sim);
    const startDate = addDays(endDate, -9);
    sim.control.setFaults([{ kind: "stall", path: "/report/integrated/get/", count: 1 }]);
    sim.control.resetLog();
    const rows = await tiktok.reports.campaignDaily({ accessToken: token, advertiserId, startDate, endDate });
    expect(rows.length).toBe(sim.control.reportRowCount({ advertiserId, startDate, endDate }));
    const spans = apiCalls(sim, "/report/integrated/get/").map((c) => `${c.query.start_date}..${c.query.end_date}`);
    expect(spans[0]).toBe(`${startDate}..${endDate}`);
    expect(spans.slice(1, 3)).toEqual([
      `${startDate}..${addDays(startDate, 4)}`,
      `${addDays(startDate, 5)}..${endDate}`,
    ]);
  });

  it("includes deleted campaigns' rows only when asked", async () => {
    const { tiktok } = clientFor(sim);
    const endDate = simYesterday(sim);
    const startDate = addDays(endDate, -6);
    const before = await tiktok.reports.campaignDaily({ accessToken: token, advertiserId, startDate, endDate });
    const victim = before[0]!.campaignId;
    await tiktok.campaigns.setStatus({ accessToken: token, advertiserId, campaignIds: [victim], status: "DELETE" });
    const visible = await tiktok.reports.campaignDaily({ accessToken: token, advertiserId, startDate, endDate });
    expect(visible.some((r) => r.campaignId === victim)).toBe(false);
    const all = await tiktok.reports.campaignDaily({
      accessToken: token,
      advertiserId,
      startDate,
      endDate,
      includeDeleted: true,
    });
    expect(all.filter((r) => r.campaignId === victim).length).toBe(
      before.filter((r) => r.campaignId === victim).length,
    );
    expect(all.length).toBe(sim.control.reportRowCount({ advertiserId, startDate, endDate, includeDeleted: true }));
  });

  it("sees recent days change as attribution settles", async () => {
    const { tiktok } = clientFor(sim);
    const endDate = simYesterday(sim);
    const first = await tiktok.reports.campaignDaily({ accessToken: token, advertiserId, startDate: endDate, endDate });
    sim.control.advanceClock(3 * 86_400_000);
    const later = await tiktok.reports.campaignDaily({ accessToken: token, advertiserId, startDate: endDate, endDate });
    const sum = (rows: typeof first) => rows.reduce((n, r) => n + (r.metrics.conversions ?? 0), 0);
    expect(sum(later)).toBeGreaterThan(sum(first));
  });
});

describe("throttling, faults and timeouts against the simulator", () => {
  it("retries 40100 until TikTok answers when the app exceeds its limit", async () => {
    const sim = await withSim({ dataset: "demo", rateLimits: { perSecond: 3, perMinute: 600, perDay: 100_000 } });
    try {
      const { tiktok, events } = clientFor(sim, { retry: { random: () => 0, maxAttempts: 10 } });
      const { accessToken, advertiserIds } = sim.control.issueToken();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => tiktok.advertisers.info({ accessToken, advertiserIds })),
      );
      expect(results.every((r) => r.length === advertiserIds.length)).toBe(true);
      expect(events.filter((e) => e.code === 40100).length).toBeGreaterThan(0);
      expect(events.filter((e) => e.outcome === "ok")).toHaveLength(8);
    } finally {
      await sim.close();
    }
  });

  it("stays under the limit with the rate gate on: the simulator's limiter throttles none of the calls it lets go", async () => {
    const limits = { perSecond: 5, perMinute: 600, perDay: 100_000 };
    const sim = await withSim({ dataset: "demo", rateLimits: limits });
    try {
      // The client's default gate for the tier, noting when it lets each call go.
      const gate = createRateGate(limits);
      const sentAt: number[] = [];
      const { tiktok, events } = clientFor(sim, {
        rateGate: {
          acquire: async (signal) => {
            await gate.acquire(signal);
            sentAt.push(Date.now());
          },
          backOff: (until) => gate.backOff(until),
        },
      });
      const { accessToken, advertiserIds } = sim.control.issueToken();
      await Promise.all(Array.from({ length: 12 }, () => tiktok.advertisers.info({ accessToken, advertiserIds })));
      expect(events.filter((e) => e.outcome === "ok")).toHaveLength(12);
      // TikTok's rule, as the simulator implements it, applied to the moments the gate let the calls go: none is
      // over the limit. (The live simulator judges arrival times instead, which a busy machine bunches together by
      // more than the gate's 20 ms margin: a 40100 it answers then says how slow the machine was, not the gate.)
      const tiktokRule = new RateLimiter(limits, false, false);
      expect(sentAt.filter((at) => tiktokRule.admit(at, "/advertiser/info/", undefined) !== undefined)).toEqual([]);
      expect(sentAt.length).toBeGreaterThanOrEqual(12);
    } finally {
      await sim.close();
    }
  });

  it("retries each transient fault kind on reads and then succeeds", async () => {
    const sim = await withSim({ dataset: "demo" });
    try {
      const { tiktok, events } = clientFor(sim, { timeoutMs: NORMAL_ANSWER_MS });
      const { accessToken, advertiserIds } = sim.control.issueToken();
      const expectedFirst = {
        http500: "server",
        http502: "server",
        http504: "server",
        code50000: "server",
        code50002: "server",
        rate40100: "rate_limit",
        reset: "network",
        malformed: "malformed_response",
        stall: "network",
      } as const;
      for (const kind of Object.keys(expectedFirst) as (keyof typeof expectedFirst)[]) {
        sim.control.setFaults([{ kind, path: "/advertiser/info/", count: 1 }]);
        events.length = 0;
        const advertisers = await tiktok.advertisers.info({ accessToken, advertiserIds });
        expect(advertisers, kind).toHaveLength(advertiserIds.length);
        expect(
          events.map((e) => e.outcome),
          kind,
        ).toEqual([expectedFirst[kind], "ok"]);
      }
    } finally {
      await sim.close();
    }
  });

  it("aborts a stalled call at the timeout and reports it as a timeout", async () => {
    const sim = await withSim({ dataset: "demo" });
    try {
      const { tiktok } = clientFor(sim, { timeoutMs: 100, retry: { maxAttempts: 1 } });
      const { accessToken, advertiserIds } = sim.control.issueToken();
      sim.control.setFaults([{ kind: "stall", path: "/advertiser/info/" }]);
      const startedAt = performance.now();
      const error = await tiktok.advertisers.info({ accessToken, advertiserIds }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TikTokNetworkError);
      expect((error as TikTokNetworkError).timedOut).toBe(true);
      // Given up by the client's own 100 ms timer (not the 30 s default, not an answer): the stall never answers.
      expect((error as TikTokNetworkError).message).toContain("within 100 ms");
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(99);
      expect(apiCalls(sim, "/advertiser/info/")).toEqual([expect.objectContaining({ fault: "stall", httpStatus: 0 })]);
    } finally {
      await sim.close();
    }
  });

  it("does not retry an unknown token (40105)", async () => {
    const sim = await withSim({ dataset: "demo" });
    try {
      const { tiktok } = clientFor(sim);
      const advertiserIds = sim.control.advertisers().map((a) => a.advertiser_id);
      await expect(tiktok.advertisers.info({ accessToken: "nope-nope", advertiserIds })).rejects.toMatchObject({
        code: 40105,
      });
      expect(apiCalls(sim, "/advertiser/info/")).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});
