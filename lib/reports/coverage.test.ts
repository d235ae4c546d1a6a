import { describe, expect, it } from "vitest";
import { addDays } from "../tiktok/dates";
import { comparable, coverageOf, isComplete, isUnsynced, MAX_MISSING_STRETCHES } from "./coverage";

const OCT = { from: "2026-10-01", to: "2026-10-31" };
const datesFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

describe("which days of a period are synced", () => {
  it("a period with every day synced is complete, with nothing missing", () => {
    const c = coverageOf(OCT, datesFrom("2026-09-01", "2026-11-30"));
    expect(c).toEqual({ days: 31, syncedDays: 31, missing: [], moreMissing: 0 });
    expect(isComplete(c)).toBe(true);
    expect(isUnsynced(c)).toBe(false);
  });

  it("names the stretches of unsynced days, oldest first, at both ends and between", () => {
    const synced = [...datesFrom("2026-10-05", "2026-10-10"), ...datesFrom("2026-10-12", "2026-10-29")];
    const c = coverageOf(OCT, synced.reverse());
    expect(c.missing).toEqual([
      { from: "2026-10-01", to: "2026-10-04" },
      { from: "2026-10-11", to: "2026-10-11" },
      { from: "2026-10-30", to: "2026-10-31" },
    ]);
    expect(c).toMatchObject({ days: 31, syncedDays: 24, moreMissing: 0 });
    expect(isComplete(c)).toBe(false);
  });

  it("a period with no synced day is one stretch, the whole period", () => {
    const c = coverageOf(OCT, ["2026-09-30", "2026-11-01"]);
    expect(c).toEqual({ days: 31, syncedDays: 0, missing: [OCT], moreMissing: 0 });
    expect(isUnsynced(c)).toBe(true);
  });

  it("a patchy history lists its first stretches and counts the rest", () => {
    // Every other day synced: 16 unsynced single days in October.
    const c = coverageOf(
      OCT,
      datesFrom(OCT.from, OCT.to).filter((_, i) => i % 2 === 1),
    );
    expect(c.missing).toHaveLength(MAX_MISSING_STRETCHES);
    expect(c.missing[0]).toEqual({ from: "2026-10-01", to: "2026-10-01" });
    expect(c.missing.length + c.moreMissing).toBe(16);
    expect(c.syncedDays).toBe(15);
  });

  it("two periods are compared only when both are complete", () => {
    const whole = coverageOf(OCT, datesFrom(OCT.from, OCT.to));
    const part = coverageOf(OCT, datesFrom("2026-10-02", OCT.to));
    const none = coverageOf(OCT, []);
    expect(comparable(whole, whole)).toBe(true);
    expect(comparable(whole, part)).toBe(false);
    expect(comparable(part, whole)).toBe(false);
    expect(comparable(whole, none)).toBe(false);
  });
});
