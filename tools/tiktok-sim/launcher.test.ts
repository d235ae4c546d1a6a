import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timed } from "../testing/clock.js";
import { type Launcher, startLauncher } from "./launcher.js";

describe("the simulator launcher", () => {
  let launcher: Launcher;
  beforeAll(async () => {
    launcher = await startLauncher();
  });
  afterAll(() => launcher.close());

  const launch = async (body: unknown) => {
    const res = await fetch(`${launcher.url}/sims`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const control = async (simUrl: string, path: string, body?: unknown) => {
    const res = await fetch(
      `${simUrl}/_sim/${path}`,
      body === undefined
        ? {}
        : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    );
    return await res.json();
  };
  const advertiserInfo = async (apiBase: string, token: string, advertiserId: string) => {
    const q = new URLSearchParams({ advertiser_ids: JSON.stringify([advertiserId]) });
    const res = await fetch(`${apiBase}/advertiser/info/?${q}`, { headers: { "Access-Token": token } });
    return ((await res.json()) as { code: number }).code;
  };
  const reachable = async (url: string) => {
    try {
      await fetch(`${url}/_sim/state`);
      return true;
    } catch {
      return false;
    }
  };

  it("starts independent simulators: a token minted by one is unknown to the other", async () => {
    const a = await launch({ dataset: "small", seed: 7 });
    const b = await launch({ dataset: "small", seed: 7 });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.url).not.toBe(b.body.url);
    expect(a.body.apiBase).toBe(`${a.body.url}/open_api/v1.3`);

    const token = await control(a.body.url, "token", {});
    const id = token.advertiser_ids[0] as string;
    expect(await advertiserInfo(a.body.apiBase, token.access_token, id)).toBe(0);
    expect(await advertiserInfo(b.body.apiBase, token.access_token, id)).toBe(40105);

    // The clock is per simulator too.
    // b's clock moves only as real time does meanwhile, not by a's day.
    const {
      result: moved,
      from,
      to,
    } = await timed(async () => {
      const before = (await control(b.body.url, "state")).clock.now as number;
      await control(a.body.url, "clock", { advance_ms: 86_400_000 });
      return ((await control(b.body.url, "state")).clock.now as number) - before;
    });
    expect(moved).toBeLessThanOrEqual(to - from);
  });

  it("passes the options through to start()", async () => {
    const { body } = await launch({
      dataset: "small",
      seed: 3,
      flavor: "sandbox",
      tokenMode: "expiring",
      appId: "my-app",
      now: Date.UTC(2026, 0, 1),
    });
    const state = await control(body.url, "state");
    expect(state).toMatchObject({
      appId: "my-app",
      seed: 3,
      flavor: "sandbox",
      tokenMode: "expiring",
      dataset: "small",
      apiBase: body.apiBase,
    });
    expect(state.clock.now).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
    expect((await control(body.url, "token", {})).refresh_token).toEqual(expect.any(String));
  });

  it("DELETE /sims?url= closes that simulator and leaves the others running", async () => {
    const a = (await launch({})).body;
    const b = (await launch({})).body;
    const res = await fetch(`${launcher.url}/sims?url=${encodeURIComponent(a.url)}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await reachable(a.url)).toBe(false);
    expect(await reachable(b.url)).toBe(true);
    expect((await fetch(`${launcher.url}/sims?url=${encodeURIComponent(a.url)}`, { method: "DELETE" })).status).toBe(
      404,
    );
  });

  it("answers 400 with a clear message for a bad body or bad options", async () => {
    const cases: [unknown, RegExp][] = [
      ["{not json", /JSON/],
      [[1, 2], /object/],
      [{ tier: "gold" }, /tier must be one of/],
      [{ dataset: "huge" }, /dataset/],
      [{ rateLimits: { perSecond: 1 } }, /rateLimits/],
      [{ port: 80 }, /unknown option\(s\) port/],
      [{ faults: [{ kind: "explode" }] }, /faults/],
    ];
    for (const [body, message] of cases) {
      const res = await launch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
  });

  it("close() closes every simulator it started, then itself", async () => {
    const own = await startLauncher();
    const post = () =>
      fetch(`${own.url}/sims`, { method: "POST", body: "{}" }).then((r) => r.json() as Promise<{ url: string }>);
    const [a, b] = await Promise.all([post(), post()]);
    expect(await reachable(a.url)).toBe(true);
    await own.close();
    expect(await reachable(a.url)).toBe(false);
    expect(await reachable(b.url)).toBe(false);
    expect(await reachable(own.url)).toBe(false);
  });
});
