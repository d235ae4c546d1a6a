import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateGate } from "./rate-gate.js";

/** The largest number of timestamps inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("rate gate", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  async function run(count: number, gate: ReturnType<typeof createRateGate>) {
    const times: number[] = [];
    const all = Array.from({ length: count }, () => gate.acquire().then(() => times.push(Date.now())));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    return times.sort((a, b) => a - b);
  }

  it("never lets more than perSecond calls into any sliding second", async () => {
    const times = await run(45, createRateGate({ perSecond: 10, perMinute: 600 }));
    expect(times).toHaveLength(45);
    expect(busiestWindow(times, 1000)).toBe(10);
    // …and it does not dawdle: 10 at once, then one every 102 ms (the 1,020 ms window shared by 10).
    expect(times.slice(0, 10).every((t) => t === 0)).toBe(true);
    expect(times.at(-1)!).toBe(1_020 + 34 * 102);
  });

  it("never lets more than perMinute calls into any sliding minute", async () => {
    const times = await run(25, createRateGate({ perSecond: 100, perMinute: 10 }));
    expect(busiestWindow(times, 60_000)).toBe(10);
    expect(times[10]!).toBeGreaterThanOrEqual(60_000);
  });

  it("holds every caller while backed off", async () => {
    const gate = createRateGate({ perSecond: 10, perMinute: 600 });
    gate.backOff(5_000);
    const times = await run(3, gate);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(5_000);
  });

  it("leaves more room in each second after every back-off, up to a cap", async () => {
    const gate = createRateGate({ perSecond: 10, perMinute: 600 });
    gate.backOff(0); // margin 20 → 40 ms: one call every 104 ms once the first ten have gone
    let times = await run(21, gate);
    expect(times[20]! - times[10]!).toBe(10 * 104);
    for (let i = 0; i < 5; i++) gate.backOff(0); // 80, 160, then capped at 160
    const start = Date.now();
    times = await run(21, gate);
    expect(times[0]!).toBe(start);
    expect(times[20]! - times[10]!).toBe(10 * 116);
    expect(busiestWindow(times, 1_160)).toBe(10);
  });

  it("lets an aborted waiter go without waiting", async () => {
    const gate = createRateGate({ perSecond: 1, perMinute: 600 });
    await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});
