import { describe, expect, it } from "vitest";
import { parseReportParams, presetRange, resolveRange, type ReportParams } from "../ui/reports";
import { localToday } from "../tiktok/dates";
import {
  addressAgrees,
  afterAccountSwitch,
  compactRange,
  lastWholeDays,
  rangeInZone,
  rangesPerAccount,
  timezoneName,
} from "./presets";

/** 2026-12-08 03:00 UTC: Dec 8 noon in Tokyo, still Dec 7 (7 pm) in Los Angeles. */
const MORNING_IN_TOKYO = Date.UTC(2026, 11, 8, 3, 0, 0);
const TOKYO = { advertiserId: "7000000000000000003", timezone: "Asia/Tokyo" };
const LOS_ANGELES = { advertiserId: "7000000000000000001", timezone: "America/Los_Angeles" };

describe("one definition of the last N days", () => {
  it("is the N whole days before the account's today, today left out", () => {
    expect(lastWholeDays(7, "2026-12-08")).toEqual({ from: "2026-12-01", to: "2026-12-07" });
    expect(lastWholeDays(1, "2026-03-01")).toEqual({ from: "2026-02-28", to: "2026-02-28" });
  });

  it("is what the Reports page's presets use", () => {
    for (const days of [7, 14, 30] as const) {
      expect(presetRange(`last_${days}_days`, "2026-12-08")).toEqual(lastWholeDays(days, "2026-12-08"));
    }
  });
});

describe("naming the days and whose they are", () => {
  it.each([
    ["Asia/Tokyo", "Tokyo time"],
    ["America/Los_Angeles", "Los Angeles time"],
    ["America/Argentina/Buenos_Aires", "Buenos Aires time"],
    ["Etc/GMT-9", "UTC+9"],
    ["Etc/GMT+5", "UTC−5"],
    ["UTC", "UTC"],
    [undefined, "UTC"],
  ])("%s reads %s", (timezone, words) => {
    expect(timezoneName(timezone)).toBe(words);
  });

  it("writes a range inside one month compactly, and spells out the rest", () => {
    expect(compactRange({ from: "2026-12-01", to: "2026-12-07" })).toBe("Dec 1–7, 2026");
    expect(compactRange({ from: "2026-11-30", to: "2026-12-06" })).toBe("Nov 30 – Dec 6, 2026");
    expect(compactRange({ from: "2025-12-30", to: "2026-01-05" })).toBe("Dec 30, 2025 – Jan 5, 2026");
    expect(compactRange({ from: "2026-12-07", to: "2026-12-07" })).toBe("Dec 7, 2026");
    expect(rangeInZone({ from: "2026-12-01", to: "2026-12-07" }, "Asia/Tokyo")).toBe("Dec 1–7, 2026, Tokyo time");
  });
});

describe("a preset follows the account", () => {
  const tokyoToday = localToday(MORNING_IN_TOKYO, TOKYO.timezone);
  const laToday = localToday(MORNING_IN_TOKYO, LOS_ANGELES.timezone);

  function chooseAccount(params: ReportParams, advertiserId: string, choice: ReportParams["range"]): ReportParams {
    return { ...params, ...afterAccountSwitch(advertiserId, choice) };
  }

  it("switching from Tokyo's last 7 days to a Los Angeles account keeps the preset, on Los Angeles' days", () => {
    expect([tokyoToday, laToday]).toEqual(["2026-12-08", "2026-12-07"]);
    const inTokyo = parseReportParams({ a: TOKYO.advertiserId, range: "last_7_days" });
    const shown = resolveRange(inTokyo, tokyoToday);
    expect(shown).toEqual({ from: "2026-12-01", to: "2026-12-07", choice: "last_7_days" });

    const address = { ...inTokyo, from: shown.from, to: shown.to };
    const switched = chooseAccount(address, LOS_ANGELES.advertiserId, shown.choice);
    expect(resolveRange(switched, laToday)).toEqual({ from: "2026-11-30", to: "2026-12-06", choice: "last_7_days" });
    expect(switched.range).toBe("last_7_days");
  });

  it("custom dates stay the same calendar days on the other account", () => {
    const custom = parseReportParams({ a: TOKYO.advertiserId, range: "custom", from: "2026-11-01", to: "2026-11-15" });
    const switched = chooseAccount(custom, LOS_ANGELES.advertiserId, "custom");
    expect(resolveRange(switched, laToday)).toEqual({ from: "2026-11-01", to: "2026-11-15", choice: "custom" });
  });

  it("the address must be rewritten when it names a preset the page shows as custom", () => {
    const stale = parseReportParams({
      a: TOKYO.advertiserId,
      range: "yesterday",
      from: "2026-12-01",
      to: "2026-12-01",
    });
    const shown = resolveRange(stale, tokyoToday);
    expect(shown.choice).toBe("custom");
    expect(addressAgrees(stale, { advertiserId: TOKYO.advertiserId, ...shown })).toBe(false);
    expect(addressAgrees({ ...stale, range: "custom" }, { advertiserId: TOKYO.advertiserId, ...shown })).toBe(true);
  });

  it("the overview applies a preset in each account's own timezone, and custom dates to all alike", () => {
    const accounts = [TOKYO, LOS_ANGELES, { advertiserId: "7000000000000000009" }];
    const tokyoWeek = { from: "2026-12-01", to: "2026-12-07" };
    expect(rangesPerAccount("last_7_days", tokyoWeek, accounts, MORNING_IN_TOKYO, presetRange)).toEqual({
      [TOKYO.advertiserId]: { from: "2026-12-01", to: "2026-12-07" },
      [LOS_ANGELES.advertiserId]: { from: "2026-11-30", to: "2026-12-06" },
      // No timezone known: days are counted in UTC (lib/tiktok/dates.ts localToday), where it is Dec 8 too.
      "7000000000000000009": { from: "2026-12-01", to: "2026-12-07" },
    });
    expect(rangesPerAccount("custom", tokyoWeek, accounts, MORNING_IN_TOKYO, presetRange)).toEqual(
      Object.fromEntries(accounts.map((a) => [a.advertiserId, tokyoWeek])),
    );
  });
});
