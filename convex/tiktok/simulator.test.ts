// The TikTok simulator as Convex function tests see it: started per test file through the launcher in
// vitest's globalSetup (tools/testing/global-sim.ts) and reached over plain fetch from the edge runtime.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timed } from "../../tools/testing/clock";
import { newSim, type SimHandle } from "../../tools/testing/sim-client";

describe("the TikTok simulator from the edge runtime", () => {
  let sim: SimHandle;
  beforeAll(async () => {
    sim = await newSim({ dataset: "small" });
  });
  afterAll(() => sim.close());

  it("newSim() gives a running simulator whose control API answers", async () => {
    const state = await sim.control.state();
    expect(state.apiBase).toBe(sim.apiBase);
    expect(state.advertisers.length).toBeGreaterThan(0);
    expect(state.clock.now).toEqual(expect.any(Number));
  });

  it("an auth code from authCode() exchanges at oauth2/access_token/ for an access token", async () => {
    const id = (await sim.control.state()).advertisers[0]!.advertiser_id;
    const authCode = await sim.control.authCode([id]);
    const res = await fetch(`${sim.apiBase}/oauth2/access_token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ app_id: "sim-app-id", secret: "sim-app-secret", auth_code: authCode }),
    });
    const body = (await res.json()) as { code: number; data: { access_token: string; advertiser_ids: string[] } };
    expect(body.code).toBe(0);
    expect(body.data.access_token).toEqual(expect.any(String));
    expect(body.data.advertiser_ids).toEqual([id]);
  });

  it("two newSim() calls are independent simulators", async () => {
    const other = await newSim({ dataset: "small" });
    try {
      expect(other.url).not.toBe(sim.url);
      const { accessToken, advertiserIds } = await other.control.token();
      const info = (s: SimHandle) =>
        fetch(`${s.apiBase}/advertiser/info/?advertiser_ids=${encodeURIComponent(JSON.stringify(advertiserIds))}`, {
          headers: { "Access-Token": accessToken },
        }).then((r) => r.json() as Promise<{ code: number }>);
      expect((await info(other)).code).toBe(0);
      expect((await info(sim)).code).toBe(40105);

      // This simulator's clock moves only as real time does meanwhile, not by the other's day.
      const {
        result: moved,
        from,
        to,
      } = await timed(async () => {
        const before = (await sim.control.state()).clock.now;
        await other.control.advanceClock(86_400_000);
        return (await sim.control.state()).clock.now - before;
      });
      expect(moved).toBeLessThanOrEqual(to - from);
    } finally {
      await other.close();
    }
  });
});
