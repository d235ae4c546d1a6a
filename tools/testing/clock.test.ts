// The test clock (./clock.ts): Date at the real clock's pace, shifted by what a test adds; and `timed`'s bounds.
import { afterEach, describe, expect, it } from "vitest";
import { installTestClock, timed, within, type TestClock } from "./clock";

const RealDate = Date;
const HOUR = 3_600_000;
let clock: TestClock | undefined;
afterEach(() => clock?.restore());

describe("the test clock", () => {
  it("moves Date by what the test adds, and otherwise with real time", async () => {
    clock = installTestClock();
    const before = RealDate.now();
    clock.advance(6 * HOUR);
    const shifted = Date.now();
    const after = RealDate.now();
    expect(shifted - 6 * HOUR).toEqual(within(before, after));
    // Never behind the real timers the code under test sleeps on (a timer may fire up to 1 ms early by Date).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Date.now() - shifted).toBeGreaterThanOrEqual(49);
  });

  it("is the Date of `new Date()`, `Date()`, instanceof and the static helpers", () => {
    clock = installTestClock();
    clock.setTo(Date.UTC(2030, 0, 1, 12));
    const now = new Date();
    expect(now).toBeInstanceOf(Date);
    expect(now).toBeInstanceOf(RealDate);
    expect(now.getTime() - Date.UTC(2030, 0, 1, 12)).toBeGreaterThanOrEqual(0);
    expect(now.getTime() - Date.UTC(2030, 0, 1, 12)).toBeLessThan(HOUR);
    expect(Date()).toContain("2030");
    expect(new Date(0).toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(new Date("2026-02-15T10:30:00Z").getTime()).toBe(Date.parse("2026-02-15T10:30:00Z"));
  });

  it("puts the real Date back", () => {
    clock = installTestClock();
    clock.advance(24 * HOUR);
    clock.restore();
    expect(Date).toBe(RealDate);
    expect(Date.now() - RealDate.now()).toBeLessThan(HOUR);
    expect(() => installTestClock().restore()).not.toThrow();
  });
});

describe("timed", () => {
  it("answers the work's result with the clock's readings before and after it", async () => {
    let stamped = 0;
    const run = await timed(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      stamped = Date.now();
      return "done";
    });
    expect(run.result).toBe("done");
    expect(run.from).toBeLessThanOrEqual(run.to);
    expect(stamped).toEqual(run.during);
    expect(run.from - 1).not.toEqual(run.during);
    expect(run.to + 1).not.toEqual(run.during);
  });

  it("reads the clock it is given", async () => {
    let now = 1_000;
    const run = await timed(
      async () => void (now += 500),
      () => now,
    );
    expect([run.from, run.to]).toEqual([1_000, 1_500]);
  });
});
