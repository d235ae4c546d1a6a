import { afterEach, describe, expect, it, vi } from "vitest";
import { PATIENTLY } from "../testing/clock.js";
import { start } from "./index.js";
import { api, NO_LIMITS, TEST_NOW } from "./test-helpers.js";
import type { FaultRule, Sim, SimOptions } from "./types.js";

let sim: Sim | undefined;
async function boot(options: SimOptions = {}) {
  sim = await start({ now: TEST_NOW, ...NO_LIMITS, ...options });
  const t = sim.control.issueToken();
  const adv = t.advertiserIds[0]!;
  const client = api(sim, t.accessToken);
  return {
    sim,
    adv,
    list: (init: RequestInit = {}) => client.get("/campaign/get/", { advertiser_id: adv }, init),
    create: (body: Record<string, unknown> = {}, init: RequestInit = {}) =>
      client.post(
        "/campaign/create/",
        {
          advertiser_id: adv,
          campaign_name: "Fault test",
          objective_type: "TRAFFIC",
          budget_mode: "BUDGET_MODE_DAY",
          budget: 60,
          ...body,
        },
        init,
      ),
  };
}
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("injected faults", () => {
  it.each([
    ["http500", 500],
    ["http502", 502],
    ["http504", 504],
  ] as const)("%s answers HTTP %i with an HTML body, not JSON", async (kind, status) => {
    const { list } = await boot({ faults: [{ kind, count: 1 }] });
    const a = await list();
    expect(a.status).toBe(status);
    expect(a.contentType).toContain("text/html");
    expect(a.json).toBeUndefined();
    expect((await list()).status).toBe(200);
  });

  it.each([
    ["code50000", 50000],
    ["code50002", 50002],
    ["rate40100", 40100],
  ] as const)("%s answers HTTP 200 with code %i in the envelope", async (kind, code) => {
    const { list } = await boot({ faults: [{ kind }] });
    const a = await list();
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ code, data: {} });
    expect(a.json!.request_id).toMatch(/^\d{14}/);
  });

  it("reset closes the connection without an answer", async () => {
    const { list } = await boot({ faults: [{ kind: "reset", count: 1 }] });
    await expect(list()).rejects.toThrow();
    expect((await list()).status).toBe(200);
  });

  it("malformed answers HTTP 200 with truncated JSON", async () => {
    const { list } = await boot({ faults: [{ kind: "malformed" }] });
    const a = await list();
    expect(a.status).toBe(200);
    expect(a.contentType).toContain("application/json");
    expect(a.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(a.text)).toThrow();
  });

  it("stall with stallMs answers normally after the delay", async () => {
    const { list } = await boot({ faults: [{ kind: "stall", stallMs: 150 }] });
    const t0 = performance.now();
    const a = await list();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(a.json!.code).toBe(0);
  });

  it("stall without stallMs holds the request until the client gives up", async () => {
    const { list, sim: s } = await boot({ faults: [{ kind: "stall", count: 1 }] });
    const giveUp = new AbortController();
    const held = list({ signal: giveUp.signal });
    await vi.waitFor(() => expect(s.requests).toHaveLength(1), PATIENTLY);
    giveUp.abort();
    await expect(held).rejects.toThrow();
    expect(s.requests[0]).toMatchObject({ fault: "stall", httpStatus: 0 });
    expect((await list()).json!.code).toBe(0);
  });

  it("stall without stallMs holds the request until releaseStalls() answers it", async () => {
    const { create, sim: s, adv } = await boot({ faults: [{ kind: "stall", path: "/campaign/create/", count: 2 }] });
    const held = [create({ campaign_name: "Held 1" }), create({ campaign_name: "Held 2" })];
    await vi.waitFor(() => expect(s.requests).toHaveLength(2), PATIENTLY);
    expect(s.requests.map((r) => r.httpStatus)).toEqual([0, 0]);
    expect(s.control.campaigns(adv).filter((c) => c.campaign_name.startsWith("Held"))).toEqual([]);
    expect(s.control.releaseStalls()).toBe(2);
    for (const answer of await Promise.all(held)) expect(answer.json!.code).toBe(0);
    expect(s.control.campaigns(adv).filter((c) => c.campaign_name.startsWith("Held"))).toHaveLength(2);
    expect(s.control.releaseStalls()).toBe(0);
  });

  it("narrows rules by path prefix and spends them after count matches", async () => {
    const { list, create, sim: s } = await boot({ faults: [{ kind: "code50000", path: "/campaign/get/", count: 2 }] });
    expect((await create()).json!.code).toBe(0);
    expect((await list()).json!.code).toBe(50000);
    expect((await list()).json!.code).toBe(50000);
    expect((await list()).json!.code).toBe(0);
    expect(s.requests.map((r) => r.fault)).toEqual([undefined, "code50000", "code50000", undefined]);
  });

  it("draws probabilistic faults from the seed, so the same run faults the same requests", async () => {
    const pattern = async (seed: number) => {
      const { list } = await boot({ seed, faults: [{ kind: "code50002", probability: 0.5 }] });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await list()).json!.code);
      await sim!.close();
      sim = undefined;
      return out;
    };
    const first = await pattern(3);
    expect(first).toContain(0);
    expect(first).toContain(50002);
    expect(await pattern(3)).toEqual(first);
  });

  it("changes nothing when a create is faulted: no campaign appears", async () => {
    const { create, sim: s, adv } = await boot({ faults: [{ kind: "http502", count: 1 }] });
    const before = s.control.campaigns(adv).length;
    expect((await create({ request_id: "42" })).status).toBe(502);
    expect(s.control.campaigns(adv).length).toBe(before);
    const retry = await create({ request_id: "42" });
    expect(retry.json!.code).toBe(0);
    expect(s.control.campaigns(adv).length).toBe(before + 1);
  });

  it.each(["reset", "stall", "http504", "code50002"] as const)(
    "with afterProcessing, %s loses the answer of a create that did happen; a retry with the same request_id yields exactly one campaign",
    async (kind) => {
      const rule: FaultRule = { kind, path: "/campaign/create/", count: 1, afterProcessing: true };
      const { create, sim: s, adv } = await boot({ faults: [rule] });
      const before = s.control.campaigns(adv).length;
      const first = await create({ request_id: "7000000000000000001" }, { signal: AbortSignal.timeout(300) }).catch(
        () => undefined,
      );
      expect(first?.json?.code ?? -1).not.toBe(0);
      expect(s.control.campaigns(adv).length).toBe(before + 1);
      const retry = await create({ request_id: "7000000000000000001" });
      expect(retry.json!.code).toBe(0);
      expect(s.control.campaigns(adv).length).toBe(before + 1);
      expect(s.control.campaigns(adv).filter((c) => c.campaign_id === retry.json!.data.campaign_id)).toHaveLength(1);
    },
  );

  it("can be set and cleared at run time", async () => {
    const { list, sim: s } = await boot();
    s.control.setFaults([{ kind: "http500" }]);
    expect((await list()).status).toBe(500);
    s.control.clearFaults();
    expect((await list()).status).toBe(200);
    expect(() => s.control.setFaults([{ kind: "nope" as never }])).toThrow();
  });
});

describe("close()", () => {
  it("returns promptly while a stalled request is still open", async () => {
    // The stall would answer after a minute: close() cuts it off instead of waiting for it.
    const stallMs = 60_000;
    const { list, sim: s } = await boot({ faults: [{ kind: "stall", stallMs }] });
    const pending = list().catch((e: unknown) => e);
    await vi.waitFor(() => expect(s.requests).toHaveLength(1), PATIENTLY);
    const t0 = performance.now();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(stallMs);
    expect(await pending).toBeInstanceOf(Error);
    sim = undefined;
  });
});
