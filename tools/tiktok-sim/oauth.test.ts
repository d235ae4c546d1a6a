import { afterEach, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { api, envelope, NO_LIMITS, TEST_NOW } from "./test-helpers.js";
import type { Sim, SimOptions } from "./types.js";

const APP = { app_id: "sim-app-id", secret: "sim-app-secret" };
const CALLBACK = "https://app.example.com/api/auth/tiktok/callback";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sim: Sim | undefined;
async function boot(options: SimOptions = {}): Promise<Sim> {
  sim = await start({ now: TEST_NOW, ...NO_LIMITS, ...options });
  return sim;
}
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function consent(s: Sim, params: Record<string, string>): Promise<Response> {
  return fetch(`${s.url}/portal/auth?${new URLSearchParams(params)}`);
}

async function decide(s: Sim, form: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return fetch(`${s.url}/portal/auth`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
}

async function exchange(s: Sim, authCode: string, extra: Record<string, unknown> = {}) {
  return envelope(await api(s).post("/oauth2/access_token/", { ...APP, auth_code: authCode, ...extra }));
}

describe("Access-Token checks", () => {
  it("answers 40104 when the Access-Token header is missing, even with an Authorization: Bearer header", async () => {
    const s = await boot();
    const id = s.control.advertisers()[0]!.advertiser_id;
    const t = s.control.issueToken();
    expect(envelope(await api(s).get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(40104);
    const bearer = await api(s).get(
      "/advertiser/info/",
      { advertiser_ids: [id] },
      { headers: { Authorization: `Bearer ${t.accessToken}` } },
    );
    expect(envelope(bearer).code).toBe(40104);
  });

  it("answers 40105 for an unknown token", async () => {
    const s = await boot();
    const id = s.control.advertisers()[0]!.advertiser_id;
    expect(envelope(await api(s, "not-a-token").get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(40105);
  });

  it("answers 40001 for an advertiser the token was not granted", async () => {
    const s = await boot({ dataset: "small" });
    const [a, b] = s.control.advertisers();
    const t = s.control.issueToken({ advertiserIds: [a!.advertiser_id] });
    const e = envelope(await api(s, t.accessToken).get("/campaign/get/", { advertiser_id: b!.advertiser_id }));
    expect(e.code).toBe(40001);
  });
});

describe("the consent page at /portal/auth", () => {
  it("shows the app, every advertiser checked, and Approve/Deny buttons", async () => {
    const s = await boot({ dataset: "small" });
    const res = await consent(s, { app_id: APP.app_id, redirect_uri: CALLBACK, state: "s1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(APP.app_id);
    for (const a of s.control.advertisers()) {
      expect(html).toMatch(new RegExp(`type="checkbox" name="advertiser_ids" value="${a.advertiser_id}" checked`));
      expect(html).toContain(a.name.replaceAll("&", "&amp;"));
    }
    expect(html).toMatch(/<button id="approve"[^>]*>Approve<\/button>/);
    expect(html).toMatch(/<button id="deny"[^>]*>Deny<\/button>/);
    expect(html).not.toMatch(/scope=/);
  });

  it("shows an error page, and never redirects, for an unknown app_id or a missing or unregistered redirect_uri", async () => {
    const s = await boot({ redirectUris: [CALLBACK] });
    const cases: Record<string, string>[] = [
      { app_id: "other-app", redirect_uri: CALLBACK },
      { app_id: APP.app_id },
      { app_id: APP.app_id, redirect_uri: "https://evil.example.com/cb" },
      { app_id: APP.app_id, redirect_uri: "javascript:alert(1)" },
    ];
    for (const params of cases) {
      const res = await fetch(`${s.url}/portal/auth?${new URLSearchParams(params)}`, { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain('role="alert"');
    }
  });

  it("redirects on approval with auth_code, an identical code, and the state, keeping the redirect_uri's own query", async () => {
    const s = await boot();
    const redirectUri = `${CALLBACK}?tenant=42`;
    const ids = s.control.advertisers().map((a) => a.advertiser_id);
    const res = await decide(s, {
      app_id: APP.app_id,
      redirect_uri: redirectUri,
      state: "xyz",
      decision: "approve",
      advertiser_ids: ids,
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get("tenant")).toBe("42");
    expect(location.searchParams.get("state")).toBe("xyz");
    const code = location.searchParams.get("auth_code");
    expect(code).toBeTruthy();
    expect(location.searchParams.get("code")).toBe(code);
    const e = await exchange(s, code!);
    expect(e.code).toBe(0);
    expect(e.data.advertiser_ids).toEqual(ids);
  });

  it("redirects on denial with state and error=access_denied and no code", async () => {
    const s = await boot();
    const res = await decide(s, { app_id: APP.app_id, redirect_uri: CALLBACK, state: "xyz", decision: "deny" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("xyz");
    expect(location.searchParams.has("auth_code")).toBe(false);
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("grants only the advertisers left checked", async () => {
    const s = await boot({ dataset: "small" });
    const [a, , c] = s.control.advertisers();
    const res = await decide(s, {
      app_id: APP.app_id,
      redirect_uri: CALLBACK,
      decision: "approve",
      advertiser_ids: [a!.advertiser_id, c!.advertiser_id],
    });
    const code = new URL(res.headers.get("location")!).searchParams.get("auth_code")!;
    expect((await exchange(s, code)).data.advertiser_ids).toEqual([a!.advertiser_id, c!.advertiser_id]);
  });
});

describe("oauth2/access_token/ code exchange", () => {
  it("answers the long-lived Marketing API token: access_token, string advertiser_ids, numeric scope, no expiry, no refresh token", async () => {
    const s = await boot();
    const e = await exchange(s, s.control.issueAuthCode());
    expect(e.code).toBe(0);
    expect(typeof e.data.access_token).toBe("string");
    expect(e.data.advertiser_ids).toEqual(s.control.advertisers().map((a) => a.advertiser_id));
    expect(e.data.scope.every((x: unknown) => typeof x === "number")).toBe(true);
    expect(e.data).not.toHaveProperty("expires_in");
    expect(e.data).not.toHaveProperty("refresh_token");
  });

  it("works without an Access-Token header and leaves advertiser_ids empty when return_advertiser_ids is false", async () => {
    const s = await boot();
    const e = await exchange(s, s.control.issueAuthCode(), { return_advertiser_ids: false });
    expect(e.code).toBe(0);
    expect(e.data.advertiser_ids).toEqual([]);
  });

  it("accepts an auth code once: reuse answers 40110", async () => {
    const s = await boot();
    const code = s.control.issueAuthCode();
    expect((await exchange(s, code)).code).toBe(0);
    expect((await exchange(s, code)).code).toBe(40110);
  });

  it("expires an auth code after one hour of the sim clock", async () => {
    const s = await boot();
    const fresh = s.control.issueAuthCode();
    const stale = s.control.issueAuthCode();
    s.control.advanceClock(HOUR - 60_000);
    expect((await exchange(s, fresh)).code).toBe(0);
    s.control.advanceClock(60_001);
    expect((await exchange(s, stale)).code).toBe(40110);
    expect((await exchange(s, "never-issued")).code).toBe(40110);
  });

  it("answers 40000 for a wrong app_id or secret", async () => {
    const s = await boot();
    const code = s.control.issueAuthCode();
    expect(
      envelope(await api(s).post("/oauth2/access_token/", { ...APP, app_id: "other", auth_code: code })).code,
    ).toBe(40000);
    expect(
      envelope(await api(s).post("/oauth2/access_token/", { ...APP, secret: "wrong", auth_code: code })).code,
    ).toBe(40000);
    expect((await exchange(s, code)).code).toBe(0);
  });

  it("keeps long-lived tokens valid indefinitely and refuses the refresh form", async () => {
    const s = await boot();
    const e = await exchange(s, s.control.issueAuthCode());
    s.control.advanceClock(400 * DAY);
    const id = e.data.advertiser_ids[0];
    expect(envelope(await api(s, e.data.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(0);
    const refresh = envelope(
      await api(s).post("/oauth2/access_token/", { ...APP, grant_type: "refresh_token", auth_code: "anything" }),
    );
    expect(refresh.code).toBe(40000);
    expect(refresh.message).toMatch(/not supported/);
  });
});

describe("expiring tokens (the ~24 h expiring tokens some docs describe, docs/tiktok-api.md §7)", () => {
  it("adds expires_in 86400, a refresh token and refresh_token_expires_in to the exchange answer", async () => {
    const s = await boot({ tokenMode: "expiring" });
    const e = await exchange(s, s.control.issueAuthCode());
    expect(e.data.expires_in).toBe(86_400);
    expect(typeof e.data.refresh_token).toBe("string");
    expect(e.data.refresh_token_expires_in).toBe(31_536_000);
  });

  it("answers 40102 once the access token is past its expiry", async () => {
    const s = await boot({ tokenMode: "expiring" });
    const e = await exchange(s, s.control.issueAuthCode());
    const id = e.data.advertiser_ids[0];
    s.control.advanceClock(DAY - 60_000);
    expect(envelope(await api(s, e.data.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(0);
    s.control.advanceClock(60_001);
    expect(envelope(await api(s, e.data.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(
      40102,
    );
  });

  it("refreshes with grant_type refresh_token and the refresh token in auth_code; the old access token stops working", async () => {
    const s = await boot({ tokenMode: "expiring" });
    const first = await exchange(s, s.control.issueAuthCode());
    const id = first.data.advertiser_ids[0];
    s.control.advanceClock(DAY + 1);
    const refreshed = envelope(
      await api(s).post("/oauth2/access_token/", {
        ...APP,
        grant_type: "refresh_token",
        auth_code: first.data.refresh_token,
      }),
    );
    expect(refreshed.code).toBe(0);
    expect(refreshed.data.access_token).not.toBe(first.data.access_token);
    expect(refreshed.data.expires_in).toBe(86_400);
    expect(refreshed.data.refresh_token).toBe(first.data.refresh_token);
    expect(
      envelope(await api(s, refreshed.data.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code,
    ).toBe(0);
    expect(
      envelope(await api(s, first.data.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code,
    ).toBe(40105);
  });

  it("answers 40107 for an unknown refresh token and 40103 for an expired one", async () => {
    const s = await boot({ tokenMode: "expiring" });
    const first = await exchange(s, s.control.issueAuthCode());
    const refresh = (token: string) =>
      api(s).post("/oauth2/access_token/", { ...APP, grant_type: "refresh_token", auth_code: token });
    expect(envelope(await refresh("bogus")).code).toBe(40107);
    s.control.advanceClock(366 * DAY);
    expect(envelope(await refresh(first.data.refresh_token)).code).toBe(40103);
  });
});

describe("revocation and the advertiser list", () => {
  it("revoke_token answers the advertiser ids that lost access, and the token then answers 40105", async () => {
    const s = await boot({ dataset: "small" });
    const t = s.control.issueToken();
    const e = envelope(await api(s).post("/oauth2/revoke_token/", { ...APP, access_token: t.accessToken }));
    expect(e.code).toBe(0);
    expect(e.data.advertiser_ids).toEqual(t.advertiserIds);
    expect(
      envelope(await api(s, t.accessToken).get("/advertiser/info/", { advertiser_ids: [t.advertiserIds[0]] })).code,
    ).toBe(40105);
  });

  it("treats a revocation by the advertiser (control.revokeToken) like TikTok: 40105 from then on", async () => {
    const s = await boot();
    const t = s.control.issueToken();
    s.control.revokeToken(t.accessToken);
    expect(envelope(await api(s, t.accessToken).get("/oauth2/advertiser/get/", APP)).code).toBe(40105);
  });

  it("oauth2/advertiser/get/ lists {advertiser_id, advertiser_name} and follows later grants and removals", async () => {
    const s = await boot({ dataset: "small" });
    const [a, b, c] = s.control.advertisers();
    const t = s.control.issueToken({ advertiserIds: [a!.advertiser_id, b!.advertiser_id] });
    const list = async () => envelope(await api(s, t.accessToken).get("/oauth2/advertiser/get/", APP)).data.list;
    expect(await list()).toEqual([
      { advertiser_id: a!.advertiser_id, advertiser_name: a!.name },
      { advertiser_id: b!.advertiser_id, advertiser_name: b!.name },
    ]);
    s.control.grantAdvertiser(t.accessToken, c!.advertiser_id);
    s.control.removeAdvertiser(t.accessToken, a!.advertiser_id);
    expect((await list()).map((x: { advertiser_id: string }) => x.advertiser_id)).toEqual([
      b!.advertiser_id,
      c!.advertiser_id,
    ]);
    expect(envelope(await api(s, t.accessToken).get("/campaign/get/", { advertiser_id: a!.advertiser_id })).code).toBe(
      40001,
    );
  });

  it("oauth2/advertiser/get/ needs the app's secret", async () => {
    const s = await boot();
    const t = s.control.issueToken();
    expect(envelope(await api(s, t.accessToken).get("/oauth2/advertiser/get/", { ...APP, secret: "nope" })).code).toBe(
      40000,
    );
  });

  it("oauth2/advertiser/get/ does not work in the sandbox", async () => {
    const s = await boot({ flavor: "sandbox" });
    const t = s.control.issueToken();
    const e = envelope(await api(s, t.accessToken).get("/oauth2/advertiser/get/", APP));
    expect(e.code).not.toBe(0);
    expect(e.message).toMatch(/sandbox/);
  });
});
