/** Resource behaviour that needs no server: input checks before any call, and request shapes. */
import { describe, expect, it } from "vitest";
import { TIKTOK_REPORT_METRICS } from "../metrics/catalogue";
import { metricValues } from "../metrics/sums";
import { buildCreateBody } from "./campaigns";
import { createTikTokClient } from "./client";
import { TikTokInputError } from "./errors";
import { fail, networkError, ok, scriptedFetch, type ScriptedAnswer } from "./testing/scripted-fetch";

// IDs beyond 2^53 written as numbers: they lose precision, which is the point of the tests that use them.
// eslint-disable-next-line no-loss-of-precision -- deliberately imprecise
const ADVERTISER_ID_AS_NUMBER = 7000000000000000001;
// eslint-disable-next-line no-loss-of-precision -- deliberately imprecise
const CAMPAIGN_ID_AS_NUMBER = 1800000000000000001;

function client(script: ScriptedAnswer[] = []) {
  const fake = scriptedFetch(script);
  const tiktok = createTikTokClient({
    appId: "app-1",
    appSecret: "app-secret-1",
    environment: "local",
    apiOrigin: "http://sim.test",
    fetch: fake.fetch,
    rateGate: false,
  });
  return { tiktok, calls: fake.calls };
}

const base = {
  advertiserId: "7000000000000000001",
  name: "Spring sale",
  objective: "TRAFFIC",
  budgetMode: "BUDGET_MODE_DAY" as const,
  budget: 50,
  currency: "USD",
};

async function rejectsWithField(promise: Promise<unknown>, field: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TikTokInputError);
  expect((error as TikTokInputError).field).toBe(field);
}

describe("campaigns.create refuses bad input before any network call", () => {
  it.each([
    [{ name: "   " }, "name"],
    [{ name: "x".repeat(513) }, "name"],
    [{ objective: "CONVERSATIONS" }, "objective"],
    [{ budgetMode: "BUDGET_MODE_WEEK" }, "budgetMode"],
    [{ budget: undefined }, "budget"],
    [{ budget: 49.99 }, "budget"],
    [{ budget: 50.005 }, "budget"],
    [{ budget: 6000.5, currency: "JPY" }, "budget"],
    [{ budget: 1e21 }, "budget"],
    [{ budget: 2 ** 53 + 2 }, "budget"],
    [{ budget: 1e15 }, "budget"],
    [{ budgetMode: "BUDGET_MODE_INFINITE", budget: 100 }, "budget"],
    [{ advertiserId: "adv-1" }, "advertiserId"],
    [{ requestId: "not-a-number" }, "requestId"],
    [{ status: "DELETE" }, "status"],
  ])("%j is refused on %s", async (override, field) => {
    const { tiktok, calls } = client();
    await rejectsWithField(tiktok.campaigns.create({ accessToken: "t", ...base, ...(override as object) }), field);
    expect(calls).toHaveLength(0);
  });

  it("accepts a 512-character name (counted in characters, not bytes)", () => {
    expect(buildCreateBody({ ...base, name: "é".repeat(512) }).campaign_name).toHaveLength(512);
  });

  it("sends the current objective for a deprecated name and a generated request_id", () => {
    const body = buildCreateBody({ ...base, objective: "APP_INSTALL" });
    expect(body).toMatchObject({ objective_type: "APP_PROMOTION", app_promotion_type: "APP_INSTALL", budget: 50 });
    expect(body.request_id).toMatch(/^\d+$/);
  });

  it("keeps a caller's own idempotency key", () => {
    expect(buildCreateBody({ ...base, requestId: "123456789" }).request_id).toBe("123456789");
  });
});

describe("other resources check input first", () => {
  it("setStatus needs at least one id and a known status", async () => {
    const { tiktok, calls } = client();
    await rejectsWithField(
      tiktok.campaigns.setStatus({ accessToken: "t", advertiserId: "1", campaignIds: [], status: "DISABLE" }),
      "campaignIds",
    );
    await rejectsWithField(
      tiktok.campaigns.setStatus({ accessToken: "t", advertiserId: "1", campaignIds: ["2"], status: "PAUSE" as never }),
      "status",
    );
    expect(calls).toHaveLength(0);
  });

  it("update needs something to change, and a currency with a budget", async () => {
    const { tiktok } = client();
    await rejectsWithField(tiktok.campaigns.update({ accessToken: "t", advertiserId: "1", campaignId: "2" }), "update");
    await rejectsWithField(
      tiktok.campaigns.update({ accessToken: "t", advertiserId: "1", campaignId: "2", budget: 80 }),
      "currency",
    );
  });

  it("reports refuse bad dates before calling", async () => {
    const { tiktok, calls } = client();
    await rejectsWithField(
      tiktok.reports.campaignDaily({
        accessToken: "t",
        advertiserId: "1",
        startDate: "2026-02-30",
        endDate: "2026-03-01",
      }),
      "startDate",
    );
    expect(calls).toHaveLength(0);
  });

  it("advertiser ids that lost precision as numbers are refused", async () => {
    const { tiktok } = client();
    await rejectsWithField(
      tiktok.advertisers.info({ accessToken: "t", advertiserIds: [ADVERTISER_ID_AS_NUMBER as unknown as string] }),
      "advertiserIds",
    );
  });
});

describe("batching", () => {
  it("asks advertiser/info for at most 100 ids per call", async () => {
    const ids = Array.from({ length: 230 }, (_, i) => String(7000000000000000000n + BigInt(i)));
    const answer = (from: number, to: number) =>
      ok({
        list: ids
          .slice(from, to)
          .map((id) => ({ advertiser_id: id, name: id, currency: "USD", create_time: 1_700_000_000 })),
      });
    const { tiktok, calls } = client([answer(0, 100), answer(100, 200), answer(200, 230)]);
    const advertisers = await tiktok.advertisers.info({ accessToken: "t", advertiserIds: ids });
    expect(calls.map((c) => JSON.parse(c.url.searchParams.get("advertiser_ids")!).length)).toEqual([100, 100, 30]);
    expect(advertisers).toHaveLength(230);
    expect(advertisers[0]!.createdAt).toBe(1_700_000_000_000);
  });

  it("changes status in batches of 20", async () => {
    const ids = Array.from({ length: 45 }, (_, i) => String(1800000000000000000n + BigInt(i)));
    const { tiktok, calls } = client([ok({}), ok({}), ok({})]);
    const res = await tiktok.campaigns.setStatus({
      accessToken: "t",
      advertiserId: "1",
      campaignIds: ids,
      status: "DISABLE",
    });
    expect(calls.map((c) => (c.body as { campaign_ids: string[] }).campaign_ids.length)).toEqual([20, 20, 5]);
    expect(res.campaignIds).toEqual(ids);
  });
});

describe("oauth", () => {
  it("builds the portal URL with app_id, state and redirect_uri and no scope", () => {
    const { tiktok } = client();
    const url = new URL(
      tiktok.oauth.authorizeUrl({ redirectUri: "https://app.test/api/auth/tiktok/callback", state: "s1" }),
    );
    expect(url.origin + url.pathname).toBe("http://sim.test/portal/auth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_id: "app-1",
      state: "s1",
      redirect_uri: "https://app.test/api/auth/tiktok/callback",
    });
  });

  it("uses TikTok's portal for production and sandbox", () => {
    for (const environment of ["production", "sandbox"] as const) {
      const tiktok = createTikTokClient({ appId: "a", appSecret: "s", environment, rateGate: false });
      expect(tiktok.oauth.authorizeUrl({ redirectUri: "https://x.test/cb", state: "s" })).toMatch(
        /^https:\/\/business-api\.tiktok\.com\/portal\/auth\?/,
      );
    }
    expect(createTikTokClient({ environment: "sandbox", rateGate: false }).apiBase).toBe(
      "https://sandbox-ads.tiktok.com/open_api/v1.3",
    );
  });

  it("builds the portal URL from the app id alone, without the secret", () => {
    const tiktok = createTikTokClient({ appId: "a", environment: "local", rateGate: false });
    expect(tiktok.oauth.authorizeUrl({ redirectUri: "https://x.test/cb", state: "s" })).toContain("app_id=a");
  });

  it("says which setting is missing when the app id or secret is absent", async () => {
    const tiktok = createTikTokClient({ environment: "local", rateGate: false });
    expect(() => tiktok.oauth.authorizeUrl({ redirectUri: "https://x.test/cb", state: "s" })).toThrow(/TIKTOK_APP_ID/);
    await expect(
      createTikTokClient({ appId: "a", environment: "local", rateGate: false }).oauth.exchangeAuthCode({
        authCode: "c",
      }),
    ).rejects.toThrow(/TIKTOK_APP_SECRET/);
  });

  it("turns a relative expires_in into an absolute expiry, and invents none without it", async () => {
    const fake = scriptedFetch([
      ok({
        access_token: "at1",
        advertiser_ids: ["1"],
        scope: [4],
        expires_in: 86_400,
        refresh_token: "rt1",
        refresh_token_expires_in: 31_536_000,
      }),
      ok({ access_token: "at2", advertiser_ids: ["1"], scope: [4] }),
    ]);
    const tiktok = createTikTokClient({
      appId: "a",
      appSecret: "s",
      environment: "local",
      fetch: fake.fetch,
      rateGate: false,
      now: () => 1_000,
    });
    const expiring = await tiktok.oauth.exchangeAuthCode({ authCode: "code-1" });
    expect(expiring).toMatchObject({
      accessToken: "at1",
      expiresAt: 1_000 + 86_400_000,
      refreshToken: "rt1",
      refreshTokenExpiresAt: 1_000 + 31_536_000_000,
    });
    const longLived = await tiktok.oauth.exchangeAuthCode({ authCode: "code-2" });
    expect(longLived.expiresAt).toBeUndefined();
    expect(longLived.refreshToken).toBeUndefined();
    expect(fake.calls[0]!.body).toEqual({ app_id: "a", secret: "s", auth_code: "code-1" });
  });

  it("refuses a token answer without an access token (a malformed refresh never replaces a good token)", async () => {
    const fake = scriptedFetch([ok({ access_token: "", advertiser_ids: [] })]);
    const tiktok = createTikTokClient({
      appId: "a",
      appSecret: "s",
      environment: "local",
      fetch: fake.fetch,
      rateGate: false,
    });
    await expect(tiktok.oauth.refreshAccessToken({ refreshToken: "rt" })).rejects.toMatchObject({ kind: "schema" });
  });
});

describe("report rows are checked as strictly as a schema would", () => {
  const page = (list: unknown[]) =>
    ok({ list, page_info: { page: 1, page_size: 1000, total_number: list.length, total_page: 1 } });
  const good = {
    dimensions: { campaign_id: "1800000000000000001", stat_time_day: "2026-02-01 00:00:00" },
    // Every metric asked for is answered ("-" where the account has no value), as TikTok does.
    metrics: {
      ...Object.fromEntries(TIKTOK_REPORT_METRICS.map((name) => [name, "-"])),
      spend: "14.68",
      impressions: "1079",
      clicks: "0",
      conversion: "-",
    } as Record<string, unknown>,
  };
  const args = {
    accessToken: "t",
    advertiserId: "7000000000000000001",
    startDate: "2026-02-01",
    endDate: "2026-02-01",
  };

  it("maps a well-formed row: strings to numbers, '-' to null, the day to YYYY-MM-DD", async () => {
    const { tiktok } = client([page([good])]);
    expect(await tiktok.reports.campaignDaily(args)).toEqual([
      {
        campaignId: "1800000000000000001",
        date: "2026-02-01",
        metrics: metricValues({ spend: 14.68, impressions: 1079, clicks: 0, conversions: null }),
      },
    ]);
  });

  it("asks for the catalogue's additive metrics by TikTok's names, and no ratio", async () => {
    const { tiktok, calls } = client([page([good])]);
    await tiktok.reports.campaignDaily(args);
    const metrics = JSON.parse(new URL(calls[0]!.url).searchParams.get("metrics")!);
    expect(metrics).toEqual(expect.arrayContaining(["spend", "impressions", "clicks", "conversion"]));
    expect(metrics).toEqual(TIKTOK_REPORT_METRICS);
    for (const ratio of ["ctr", "cpc", "cpm", "cost_per_conversion"]) expect(metrics).not.toContain(ratio);
  });

  it("takes a count sent as a JSON number or null (TikTok sends some so), keeping null apart from 0", async () => {
    const row = {
      ...good,
      metrics: { ...good.metrics, spend: 14.68, impressions: 1079, clicks: null, conversion: null },
    };
    const { tiktok } = client([page([row])]);
    const [parsed] = await tiktok.reports.campaignDaily(args);
    expect(parsed!.metrics).toEqual(metricValues({ spend: 14.68, impressions: 1079, clicks: 0, conversions: null }));
  });

  it.each([
    ["a metric sent as a boolean", { ...good, metrics: { ...good.metrics, spend: true } }, "list.1.metrics.spend"],
    ["a missing metric", { ...good, metrics: { ...good.metrics, clicks: undefined } }, "list.1.metrics.clicks"],
    [
      "a metric too long for a number",
      { ...good, metrics: { ...good.metrics, impressions: "9".repeat(400) } },
      "list.1.metrics.impressions",
    ],
    [
      "an id sent as a number",
      { ...good, dimensions: { ...good.dimensions, campaign_id: CAMPAIGN_ID_AS_NUMBER } },
      "list.1.dimensions.campaign_id",
    ],
    [
      "a day in another format",
      { ...good, dimensions: { ...good.dimensions, stat_time_day: "02/01/2026" } },
      "list.1.dimensions.stat_time_day",
    ],
    ["no metrics object", { dimensions: good.dimensions }, "list.1.metrics"],
  ])("refuses %s as a schema mismatch naming the field", async (_, row, path) => {
    const { tiktok, calls } = client([page([good, row])]);
    const error: unknown = await tiktok.reports.campaignDaily(args).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "schema" });
    expect((error as Error).message).toContain(path);
    expect(calls).toHaveLength(1);
  });
});

describe("fixes from review: each would have gone wrong against the real API", () => {
  const reportArgs = {
    accessToken: "t",
    advertiserId: "7000000000000000001",
    startDate: "2026-02-01",
    endDate: "2026-02-04",
  };
  const emptyPage = ok({ list: [], page_info: { page: 1, page_size: 1000, total_number: 0, total_page: 0 } });

  it.each([
    ["a connection reset", networkError("ECONNRESET")],
    ["TikTok's own timeout (50002)", fail(50002, "timeout")],
  ])("never repeats an auth-code exchange after %s, and keeps the code out of the error", async (_, answer) => {
    const { tiktok, calls } = client([answer, ok({ access_token: "x" })]);
    const error: unknown = await tiktok.oauth.exchangeAuthCode({ authCode: "CODE-SECRET-77" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(calls).toHaveLength(1);
    expect(JSON.stringify([(error as Error).message, error])).not.toContain("CODE-SECRET-77");
  });

  it("never repeats a refresh after a lost answer (the refresh token may have rotated)", async () => {
    const { tiktok, calls } = client([networkError("ECONNRESET"), ok({ access_token: "x" })]);
    await expect(tiktok.oauth.refreshAccessToken({ refreshToken: "RT-SECRET-88" })).rejects.toMatchObject({
      kind: "network",
    });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["TikTok's timeout code 50002", fail(50002, "Internal service timeout")],
    ["a gateway 504", { status: 504, body: "<html>504</html>" }],
  ])("narrows a report window after %s on its first page instead of repeating it", async (_, answer) => {
    const { tiktok, calls } = client([answer, emptyPage, emptyPage]);
    await tiktok.reports.campaignDaily(reportArgs);
    expect(calls.map((c) => `${c.url.searchParams.get("start_date")}..${c.url.searchParams.get("end_date")}`)).toEqual([
      "2026-02-01..2026-02-04",
      "2026-02-01..2026-02-02",
      "2026-02-03..2026-02-04",
    ]);
  });

  it("de-duplicates report campaign ids and filters at most 100 per query", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(1800000000000000000n + BigInt(i)));
    const { tiktok, calls } = client([emptyPage, emptyPage]);
    await tiktok.reports.campaignDaily({ ...reportArgs, campaignIds: [...ids, ...ids.slice(0, 10)] });
    const filters = calls.map(
      (c) => JSON.parse(JSON.parse(c.url.searchParams.get("filtering")!)[0].filter_value) as string[],
    );
    expect(filters.map((f) => f.length)).toEqual([100, 50]);
  });

  it("hands the create's idempotency key back on failure, so a later retry cannot duplicate the campaign", async () => {
    const { tiktok } = client([fail(40100, "QPM limit exceeded")]);
    const error: unknown = await tiktok.campaigns.create({ accessToken: "t", ...base }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { idempotencyKey?: string }).idempotencyKey).toMatch(/^\d+$/);
    const mine = await tiktok.campaigns.create({ accessToken: "t", ...base, requestId: "4242" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((mine as { idempotencyKey?: string }).idempotencyKey).toBe("4242");
  });

  it("refuses a re-budget over the cap before any call (issue 17, item 6)", async () => {
    const { tiktok, calls } = client([ok({})]);
    await rejectsWithField(
      tiktok.campaigns.update({ accessToken: "t", advertiserId: "1", campaignId: "2", budget: 1e21, currency: "USD" }),
      "budget",
    );
    expect(calls).toHaveLength(0);
  });

  it("sends budgets rounded to the currency", async () => {
    const { tiktok, calls } = client([ok({})]);
    await tiktok.campaigns.update({
      accessToken: "t",
      advertiserId: "1",
      campaignId: "2",
      budget: 50.1 * 1.1,
      currency: "USD",
    });
    expect((calls[0]!.body as { budget: number }).budget).toBe(55.11);
  });

  it("counts revoking an already-revoked token as done", async () => {
    const { tiktok } = client([fail(40105, "Access token is invalid")]);
    await expect(tiktok.oauth.revoke({ accessToken: "t" })).resolves.toEqual({ advertiserIds: [] });
  });

  it("refuses an empty access token before sending anything", async () => {
    const { tiktok, calls } = client([]);
    await rejectsWithField(tiktok.advertisers.info({ accessToken: "", advertiserIds: ["1"] }), "accessToken");
    expect(calls).toHaveLength(0);
  });

  it("does not call a 40000 about app_id on a campaign path a credentials problem", async () => {
    const { tiktok } = client([fail(40000, "app_id is required for this endpoint")]);
    await expect(tiktok.campaigns.list({ accessToken: "t", advertiserId: "1" })).rejects.toMatchObject({
      kind: "invalid_request",
    });
  });

  it("defaults the sandbox to its published limits: 1 a second, 30 a minute, 1,000 a day", () => {
    expect(createTikTokClient({ environment: "sandbox", rateGate: false }).limits).toEqual({
      perSecond: 1,
      perMinute: 30,
      perDay: 1_000,
    });
    expect(createTikTokClient({ environment: "sandbox", tier: "basic", rateGate: false }).limits.perSecond).toBe(10);
  });
});
