import { describe, expect, it } from "vitest";
import {
  checkHistoryMonth,
  earliestHistoryMonth,
  HISTORY_MAX_MONTHS_BACK,
  monthInWords,
  nextRunWindow,
  planRunDates,
  runWindows,
} from "./history";

const settings = { backfillDays: 90, lookbackDays: 7 };

describe("which months a person may ask for", () => {
  it("reaches back HISTORY_MAX_MONTHS_BACK months before the account's current month, across years", () => {
    expect(HISTORY_MAX_MONTHS_BACK).toBe(36);
    expect(earliestHistoryMonth("2026-12-08")).toBe("2023-12");
    expect(earliestHistoryMonth("2026-01-31")).toBe("2023-01");
    expect(monthInWords("2023-12")).toBe("December 2023");
  });

  it("takes a month before the synced coverage, from its first day", () => {
    expect(checkHistoryMonth({ month: "2026-06", today: "2026-12-08", syncedFrom: "2026-09-09" })).toEqual({
      ok: true,
      from: "2026-06-01",
    });
    // The coverage starts mid-month: that month's first days are still missing.
    expect(checkHistoryMonth({ month: "2026-09", today: "2026-12-08", syncedFrom: "2026-09-09" })).toEqual({
      ok: true,
      from: "2026-09-01",
    });
  });

  it("refuses, saying what to change: a malformed month, one too old, one already synced, or before the first sync", () => {
    const refused = (month: string, syncedFrom?: string) => {
      const result = checkHistoryMonth({ month, today: "2026-12-08", syncedFrom });
      return result.ok ? "accepted" : result.message;
    };
    expect(refused("2026-13", "2026-09-09")).toBe("Choose a month, written YYYY-MM (for example 2026-03)");
    expect(refused("26-03", "2026-09-09")).toMatch(/written YYYY-MM/);
    expect(refused("2023-11", "2026-09-09")).toBe(
      "TikTok's reports can be fetched back to December 2023 at most; choose that month or a later one",
    );
    expect(refused("2023-12", "2026-09-09")).toBe("accepted");
    expect(refused("2026-10", "2026-09-09")).toBe(
      "Days from Sep 9, 2026 on are synced already; choose September 2026 or an earlier month",
    );
    expect(refused("2026-09", "2026-09-01")).toBe(
      "Days from Sep 1, 2026 on are synced already; choose August 2026 or an earlier month",
    );
    expect(refused("2026-06")).toMatch(/first sync has not finished yet/);
  });
});

describe("a run's dates with history", () => {
  const base = { today: "2026-12-08", settings, syncedFrom: "2026-09-10", syncedThrough: "2026-12-07" };

  it("without pending history, is the regular sync's", () => {
    expect(planRunDates(base)).toEqual({ startDate: "2026-12-01", endDate: "2026-12-08" });
    expect(planRunDates({ ...base, historyFrom: "2026-09-10" })).toEqual({
      startDate: "2026-12-01",
      endDate: "2026-12-08",
    });
  });

  it("with it: history fetched, the days synced before re-threaded, the regular dates fetched", () => {
    const plan = planRunDates({ ...base, historyFrom: "2026-06-01" });
    expect(plan).toEqual({
      startDate: "2026-06-01",
      endDate: "2026-12-08",
      historyFrom: "2026-06-01",
      storedFrom: "2026-09-10",
      storedTo: "2026-11-30",
    });
    const windows = runWindows(plan);
    expect(windows.map((w) => [w.startDate, w.endDate, w.stored])).toEqual([
      ["2026-06-01", "2026-06-30", false],
      ["2026-07-01", "2026-07-30", false],
      ["2026-07-31", "2026-08-29", false],
      ["2026-08-30", "2026-09-09", false],
      ["2026-09-10", "2026-10-09", true],
      ["2026-10-10", "2026-11-08", true],
      ["2026-11-09", "2026-11-30", true],
      ["2026-12-01", "2026-12-08", false],
    ]);
    // Every date once, in order.
    for (let i = 1; i < windows.length; i++)
      expect(Date.parse(windows[i]!.startDate) - Date.parse(windows[i - 1]!.endDate)).toBe(86_400_000);
  });

  it("resumes after the last history date a stopped run stored, and within the stored days from the cursor", () => {
    expect(planRunDates({ ...base, historyFrom: "2026-06-01", historyThrough: "2026-07-30" }).startDate).toBe(
      "2026-07-31",
    );
    // All history stored, stopped while re-threading: starts at the stored days again (re-threading is idempotent).
    expect(planRunDates({ ...base, historyFrom: "2026-06-01", historyThrough: "2026-09-09" }).startDate).toBe(
      "2026-09-10",
    );
    // A progress mark from an older request (before the month now asked for) is not trusted.
    expect(planRunDates({ ...base, historyFrom: "2026-06-01", historyThrough: "2026-05-20" }).startDate).toBe(
      "2026-06-01",
    );
    const run = planRunDates({ ...base, historyFrom: "2026-06-01" });
    expect(nextRunWindow({ ...run, nextDate: "2026-10-01" })).toEqual({
      startDate: "2026-10-01",
      endDate: "2026-10-30",
      stored: true,
    });
    expect(nextRunWindow({ ...run, nextDate: "2026-12-01" })).toEqual({
      startDate: "2026-12-01",
      endDate: "2026-12-08",
      stored: false,
    });
  });

  it("fetches a gap left after the coverage (an account left alone for months) rather than calling it stored", () => {
    const plan = planRunDates({
      ...base,
      syncedThrough: "2026-08-01",
      syncedFrom: "2026-05-04",
      historyFrom: "2026-04-01",
    });
    expect(plan).toMatchObject({ startDate: "2026-04-01", storedFrom: "2026-05-04", storedTo: "2026-08-01" });
    expect(
      runWindows(plan)
        .filter((w) => w.stored)
        .at(-1)!.endDate,
    ).toBe("2026-08-01");
    expect(runWindows(plan).at(-1)).toMatchObject({ endDate: "2026-12-08", stored: false });
  });
});
