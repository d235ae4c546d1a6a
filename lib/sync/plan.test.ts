import { describe, expect, it } from "vitest";
import { localToday } from "../tiktok/dates";
import { datesOf, provisionalFrom, syncRange, syncWindows } from "./plan";

const settings = { backfillDays: 90, lookbackDays: 7 };

describe("the account's own today", () => {
  const instant = Date.UTC(2026, 10, 26, 6, 30); // 06:30 UTC on Nov 26
  it("is the local date in the account's timezone, not UTC's", () => {
    expect(localToday(instant, "America/Los_Angeles")).toBe("2026-11-25");
    expect(localToday(instant, "Asia/Tokyo")).toBe("2026-11-26");
    expect(localToday(instant, "Etc/GMT+8")).toBe("2026-11-25"); // TikTok's POSIX-style names: GMT+8 is UTC−8
    expect(localToday(instant, "Etc/GMT-10")).toBe("2026-11-26");
  });
  it("falls back to UTC for an unknown or missing zone", () => {
    expect(localToday(instant, "Mars/Olympus")).toBe("2026-11-26");
    expect(localToday(instant, undefined)).toBe("2026-11-26");
  });
});

describe("what a run fetches", () => {
  it("backfills 90 days ending today on the first run", () => {
    expect(syncRange({ today: "2026-11-26", settings })).toEqual({ startDate: "2026-08-29", endDate: "2026-11-26" });
  });
  it("re-pulls today and the 7 days before it afterwards (the day 7 days back can still be restated today)", () => {
    expect(syncRange({ today: "2026-11-26", syncedThrough: "2026-11-26", settings })).toEqual({
      startDate: "2026-11-19",
      endDate: "2026-11-26",
    });
  });
  it("adds any gap since the last fully synced day", () => {
    expect(syncRange({ today: "2026-11-26", syncedThrough: "2026-11-10", settings })).toEqual({
      startDate: "2026-11-11",
      endDate: "2026-11-26",
    });
  });
  it("never reaches back past the backfill for a long-abandoned account", () => {
    expect(syncRange({ today: "2026-11-26", syncedThrough: "2026-01-01", settings })).toEqual({
      startDate: "2026-08-29",
      endDate: "2026-11-26",
    });
  });
  it("splits into windows of at most 30 days, oldest first", () => {
    const windows = syncWindows({ startDate: "2026-08-29", endDate: "2026-11-26" });
    expect(windows.map((w) => [w.startDate, w.endDate])).toEqual([
      ["2026-08-29", "2026-09-27"],
      ["2026-09-28", "2026-10-27"],
      ["2026-10-28", "2026-11-26"],
    ]);
    expect(windows.flatMap((w) => datesOf(w))).toHaveLength(90);
  });
  it("marks the lookback days as provisional", () => {
    expect(provisionalFrom("2026-11-26", 7)).toBe("2026-11-19");
    expect(provisionalFrom(undefined, 7)).toBeUndefined();
  });
});
