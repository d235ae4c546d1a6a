import { afterEach, describe, expect, it } from "vitest";
import { start } from "./index.js";
import { api, envelope, TEST_NOW } from "./test-helpers.js";
import type { Sim, SimOptions } from "./types.js";

let sim: Sim | undefined;
async function boot(options: SimOptions = {}) {
  sim = await start({ now: TEST_NOW, ...options });
  const t = sim.control.issueToken();
  const call = (path = "/campaign/get/", advertiserId = t.advertiserIds[0]!) =>
    api(sim!, t.accessToken)
      .get(path, path === "/advertiser/info/" ? { advertiser_ids: [advertiserId] } : { advertiser_id: advertiserId })
      .then(envelope);
  const burst = (n: number, path?: string) => Promise.all(Array.from({ length: n }, () => call(path)));
  return { sim, token: t, call, burst };
}
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const codes = (answers: { code: number }[]) => answers.map((a) => a.code);
const count = (answers: { code: number }[], code: number) => answers.filter((a) => a.code === code).length;

describe("app-level rate limits (40100)", () => {
  it("lets the Basic tier's 10 requests through in any second and answers the rest 40100 with HTTP 200", async () => {
    const { burst } = await boot({ advertiserPathQps: false });
    const answers = await burst(15);
    expect(count(answers, 0)).toBe(10);
    expect(count(answers, 40100)).toBe(5);
    const throttled = answers.find((a) => a.code === 40100)!;
    expect(throttled.message).toMatch(/per second/);
    expect(throttled.request_id).toMatch(/^\d{14}/);
  });

  it("counts throttled requests against nothing: the next second has the full quota again", async () => {
    const { sim: s, burst } = await boot({ advertiserPathQps: false });
    await burst(10);
    expect(count(await burst(20), 40100)).toBe(20);
    s.control.advanceClock(1000);
    expect(count(await burst(10), 0)).toBe(10);
  });

  it("uses the tier's limits: tier4 allows 50 per second", async () => {
    const { burst } = await boot({ tier: "tier4", advertiserPathQps: false });
    const answers = await burst(55);
    expect(count(answers, 0)).toBe(50);
  });

  it("enforces the per-minute window over any 60 s span", async () => {
    const { sim: s, burst } = await boot({
      rateLimits: { perSecond: 100, perMinute: 20, perDay: 1000 },
      advertiserPathQps: false,
    });
    expect(count(await burst(15), 0)).toBe(15);
    s.control.advanceClock(30_000);
    const answers = await burst(10);
    expect(count(answers, 0)).toBe(5);
    expect(answers.find((a) => a.code === 40100)!.message).toMatch(/per minute/);
    s.control.advanceClock(30_001);
    expect(count(await burst(10), 0)).toBe(10);
  });

  it("enforces the per-day count until 00:00 UTC", async () => {
    const { sim: s, burst } = await boot({
      rateLimits: { perSecond: 100, perMinute: 1000, perDay: 12 },
      advertiserPathQps: false,
    });
    const answers = await burst(15);
    expect(count(answers, 0)).toBe(12);
    expect(answers.find((a) => a.code === 40100)!.message).toMatch(/per day/);
    s.control.advanceClock(6 * 3_600_000);
    expect(count(await burst(3), 0)).toBe(3);
  });

  it("can be changed or switched off at run time", async () => {
    const { sim: s, burst } = await boot({ advertiserPathQps: false });
    s.control.setRateLimits(false);
    expect(count(await burst(40), 0)).toBe(40);
    s.control.setRateLimits({ perSecond: 2, perMinute: 100, perDay: 1000 });
    s.control.advanceClock(1000);
    expect(codes(await burst(3)).sort()).toEqual([0, 0, 40100]);
  });

  it("does not throttle the consent page or the control API", async () => {
    const { sim: s } = await boot({ rateLimits: { perSecond: 1, perMinute: 1, perDay: 1 } });
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${s.url}/portal/auth?app_id=sim-app-id&redirect_uri=https://a.example/cb`)).status).toBe(
        200,
      );
      expect((await fetch(`${s.url}/_sim/state`)).status).toBe(200);
    }
  });
});

describe("advertiser-level rate limits (40133)", () => {
  it("answers 40133 beyond the per advertiser and path limit while other paths still pass", async () => {
    const { call, burst } = await boot({ rateLimits: false, advertiserPathQps: 3 });
    const answers = await burst(5);
    expect(count(answers, 0)).toBe(3);
    expect(count(answers, 40133)).toBe(2);
    expect((await call("/report/integrated/get/")).code).not.toBe(40133);
  });

  it("defaults to 10 requests per second per advertiser and path", async () => {
    const { burst } = await boot({ rateLimits: false });
    expect(count(await burst(12), 40133)).toBe(2);
  });
});

describe("the sandbox", () => {
  it("allows 1 request per second per endpoint and answers 40100 beyond", async () => {
    const { sim: s, call } = await boot({ flavor: "sandbox" });
    expect((await call()).code).toBe(0);
    expect((await call()).code).toBe(40100);
    expect((await call("/advertiser/info/")).code).toBe(0);
    s.control.advanceClock(1000);
    expect((await call()).code).toBe(0);
  });

  it("allows 30 requests a minute and 1,000 a day per endpoint, naming the window as TikTok does", async () => {
    const { sim: s, call } = await boot({ flavor: "sandbox" });
    for (let i = 0; i < 30; i++) {
      expect((await call()).code).toBe(0);
      s.control.advanceClock(1_000);
    }
    // 30 s in: the endpoint's minute is full; another endpoint has a minute of its own.
    const overMinute = await call();
    expect(overMinute.code).toBe(40100);
    expect(overMinute.message).toMatch(/30 requests per minute \(QPM\) per endpoint/);
    expect((await call("/advertiser/info/")).code).toBe(0);
    s.control.advanceClock(30_000);
    expect((await call()).code).toBe(0);

    // Paced at 30 a minute, the 1,001st request of the UTC day on one endpoint is refused until 00:00 UTC.
    for (let made = 31; made < 1_000; made++) {
      s.control.advanceClock(2_000);
      expect((await call()).code).toBe(0);
    }
    s.control.advanceClock(2_000);
    const overDay = await call();
    expect(overDay.code).toBe(40100);
    expect(overDay.message).toMatch(/1000 requests per day \(QPD\)/);
  });
});
