import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { api, envelope, TEST_NOW } from "./test-helpers.js";
import type { Sim } from "./types.js";

describe("the control API over HTTP (/_sim/)", () => {
  let sim: Sim;
  const control = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/_sim/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    sim = await start({ now: TEST_NOW, dataset: "small" });
  });
  afterAll(() => sim.close());

  it("refuses web pages (an Origin) and rebound DNS names (a Host that is not loopback)", async () => {
    const { request } = await import("node:http");
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${sim.url}/_sim/state`, { headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    const port = new URL(sim.url).port;
    expect(await get({ origin: "https://evil.example" })).toBe(403);
    expect(await get({ host: `rebound.evil.example:${port}` })).toBe(403);
    expect(await get({ host: "127.0.0.1.evil.example" })).toBe(403);
    expect(await get({ host: `127.0.0.1:${port}` })).toBe(200);
    expect(await get({ host: `localhost:${port}` })).toBe(200);
  });

  it("GET /_sim/state describes the advertisers and the clock", async () => {
    const { status, body } = await control("GET", "state");
    expect(status).toBe(200);
    expect(body.advertisers.map((a: { currency: string }) => a.currency)).toEqual(["USD", "EUR", "JPY"]);
    expect(body.clock.now).toBeGreaterThanOrEqual(TEST_NOW);
    expect(body.apiBase).toBe(sim.apiBase);
    expect(JSON.stringify(body)).not.toContain("sim-app-secret");
  });

  it("GET /_sim/report-row-count agrees with the in-process count", async () => {
    const advertiserId = sim.control.advertisers()[0]!.advertiser_id;
    const endDate = new Date(sim.control.now() - 86_400_000).toISOString().slice(0, 10);
    const startDate = new Date(sim.control.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    const q = new URLSearchParams({ advertiser_id: advertiserId, start_date: startDate, end_date: endDate });
    const { status, body } = await control("GET", `report-row-count?${q}`);
    expect(status).toBe(200);
    expect(body.rows).toBeGreaterThan(0);
    expect(body.rows).toBe(sim.control.reportRowCount({ advertiserId, startDate, endDate }));
  });

  it("POST /_sim/token mints a token the API accepts, and POST /_sim/revoke kills it", async () => {
    const { body } = await control("POST", "token", {});
    const id = body.advertiser_ids[0];
    expect(envelope(await api(sim, body.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(0);
    expect((await control("POST", "revoke", { access_token: body.access_token })).status).toBe(200);
    expect(envelope(await api(sim, body.access_token).get("/advertiser/info/", { advertiser_ids: [id] })).code).toBe(
      40105,
    );
  });

  it("POST /_sim/auth-code mints a code for chosen advertisers that oauth2/access_token/ exchanges", async () => {
    const id = sim.control.advertisers()[2]!.advertiser_id;
    const { body } = await control("POST", "auth-code", { advertiser_ids: [id] });
    const e = envelope(
      await api(sim).post("/oauth2/access_token/", {
        app_id: "sim-app-id",
        secret: "sim-app-secret",
        auth_code: body.auth_code,
      }),
    );
    expect(e.data.advertiser_ids).toEqual([id]);
  });

  it("POST /_sim/clock advances the sim clock", async () => {
    const before = sim.control.now();
    const { body } = await control("POST", "clock", { advance_ms: 3_600_000 });
    expect(body.now - before).toBeGreaterThanOrEqual(3_600_000);
    expect(sim.control.now()).toBeGreaterThanOrEqual(body.now);
  });

  it("POST /_sim/faults and POST /_sim/rate-limits change behaviour at run time", async () => {
    const t = sim.control.issueToken();
    const list = () => api(sim, t.accessToken).get("/campaign/get/", { advertiser_id: t.advertiserIds[0] });
    await control("POST", "faults", { rules: [{ kind: "http502", count: 1 }] });
    expect((await list()).status).toBe(502);
    expect((await list()).status).toBe(200);
    await control("POST", "rate-limits", { perSecond: 1, perMinute: 100, perDay: 1000 });
    sim.control.advanceClock(1000);
    expect(envelope(await list()).code).toBe(0);
    expect(envelope(await list()).code).toBe(40100);
    await control("POST", "rate-limits", { limits: false });
    expect(envelope(await list()).code).toBe(0);
    expect((await control("POST", "rate-limits", { perSecond: "fast" })).status).toBe(400);
  });

  it("GET /_sim/requests returns the API request log, which leaves control calls out", async () => {
    sim.control.resetLog();
    const t = sim.control.issueToken();
    await api(sim, t.accessToken).get("/campaign/get/", { advertiser_id: t.advertiserIds[0] });
    const { body } = await control("GET", "requests");
    expect(body.requests).toHaveLength(1);
    expect(body.requests[0]).toMatchObject({ path: "/open_api/v1.3/campaign/get/", code: 0, httpStatus: 200 });
  });

  it("answers 404 for an unknown control endpoint", async () => {
    expect((await control("GET", "nothing-here")).status).toBe(404);
  });
});

describe("the CLI (npm run sim)", () => {
  it("prints the API base, app id and a consent URL without the secret, serves requests, and exits cleanly on SIGTERM", async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tools/tiktok-sim/cli.ts", "--port", "0", "--dataset", "small"],
      {
        cwd: root,
        env: { ...process.env, TIKTOK_APP_ID: "cli-app", TIKTOK_APP_SECRET: "do-not-print-me" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Up once it prints its control address (or gone): however long starting takes on a busy machine.
    await new Promise<void>((resolve) => {
      const printed = () => out.includes("Control:") && resolve();
      child.stdout.on("data", printed);
      child.stderr.on("data", printed);
      void exited.then(() => resolve());
    });
    const apiBase = /API base:\s+(\S+)/.exec(out)?.[1];
    expect(apiBase, out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open_api\/v1\.3$/);
    expect(out).toContain("App id:       cli-app");
    expect(out).toMatch(/Consent URL:\s+http:\/\/127\.0\.0\.1:\d+\/portal\/auth\?app_id=cli-app&redirect_uri=/);
    const exchange = await fetch(`${apiBase}/oauth2/access_token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ app_id: "cli-app", secret: "do-not-print-me", auth_code: "unknown" }),
    });
    expect(((await exchange.json()) as { code: number }).code).toBe(40110);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).not.toContain("do-not-print-me");
  });
});
