import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateGate } from "./rate-gate";

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

  it("holds callers that were already queued when the back-off came, and never exceeds the limit", async () => {
    const gate = createRateGate({ perSecond: 10, perMinute: 600 });
    const times: number[] = [];
    const all = Array.from({ length: 40 }, () => gate.acquire().then(() => times.push(Date.now())));
    await vi.advanceTimersByTimeAsync(150);
    gate.backOff(150 + 1_100);
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(times).toHaveLength(40);
    expect(times.filter((t) => t > 150 && t < 1_250)).toEqual([]);
    expect(
      busiestWindow(
        times.sort((a, b) => a - b),
        1_000,
      ),
    ).toBeLessThanOrEqual(10);
  });

  it("refuses at once, with retryAfterMs, instead of sleeping through a long pause", async () => {
    const gate = createRateGate({ perSecond: 10, perMinute: 600 }, { maxWaitMs: 30_000 });
    gate.backOff(Date.now() + 300_000);
    const error: unknown = await gate.acquire().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "rate_limit", scope: "app", retryAfterMs: 300_000 });
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
