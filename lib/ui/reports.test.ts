import { describe, expect, it } from "vitest";
import { formatCount, formatPercent } from "../format/numbers";
import { coverageOf } from "../reports/coverage";
import { addDays } from "../tiktok/dates";
import {
  comparisonNote,
  describeChange,
  formatFigure,
  missingDays,
  previousFigure,
  rangeCoverageNote,
  parseReportParams,
  presetRange,
  previousPeriod,
  reportSearch,
  resolveRange,
  restatementNote,
} from "./reports";

describe("date presets, in the ad account's own timezone", () => {
  const today = "2026-03-15";
  it.each([
    ["yesterday", "2026-03-14", "2026-03-14"],
    ["last_7_days", "2026-03-08", "2026-03-14"],
    ["last_14_days", "2026-03-01", "2026-03-14"],
    ["last_30_days", "2026-02-13", "2026-03-14"],
    ["month_to_date", "2026-03-01", "2026-03-15"],
    ["last_month", "2026-02-01", "2026-02-28"],
  ] as const)("%s is %s to %s", (preset, from, to) => {
    expect(presetRange(preset, today)).toEqual({ from, to });
  });

  it("last month crosses a year and knows leap years", () => {
    expect(presetRange("last_month", "2026-01-03")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(presetRange("last_month", "2028-03-31")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(presetRange("month_to_date", "2026-05-01")).toEqual({ from: "2026-05-01", to: "2026-05-01" });
  });

  it("the previous period has the same number of days and ends the day before", () => {
    expect(previousPeriod({ from: "2026-03-08", to: "2026-03-14" })).toEqual({ from: "2026-03-01", to: "2026-03-07" });
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-31" })).toEqual({ from: "2026-01-29", to: "2026-02-28" });
    expect(previousPeriod({ from: "2026-03-14", to: "2026-03-14" })).toEqual({ from: "2026-03-13", to: "2026-03-13" });
  });
});

describe("the report's address", () => {
  it("round-trips every choice, so a copied link shows the same report", () => {
    const params = parseReportParams(
      new URLSearchParams(
        "a=7000000001&range=custom&from=2026-01-05&to=2026-02-04&m=cpc,conversions&sort=name&order=asc&q=spring&page=3",
      ),
    );
    expect(params).toEqual({
      advertiserId: "7000000001",
      range: "custom",
      from: "2026-01-05",
      to: "2026-02-04",
      metrics: ["cpc", "conversions"],
      sort: "name",
      order: "asc",
      search: "spring",
      page: 3,
    });
    expect(parseReportParams(new URLSearchParams(reportSearch(params)))).toEqual(params);
  });

  it("falls back to defaults for anything unknown or hostile", () => {
    const params = parseReportParams({
      a: "<script>",
      range: "forever",
      from: "2026-02-30",
      to: "2026-03-01",
      m: "spend,spend",
      sort: "__proto__",
      page: "-2",
    });
    expect(params).toEqual({
      advertiserId: undefined,
      range: "last_7_days",
      metrics: ["spend", "clicks"],
      sort: "spend",
      order: "desc",
      search: "",
      page: 1,
    });
    expect(parseReportParams({ range: "custom", from: "2026-03-02", to: "2026-03-01" }).range).toBe("last_7_days");
    expect(parseReportParams({ range: "custom", from: "2024-01-01", to: "2026-03-01" }).from).toBeUndefined();
  });

  it("a preset link keeps its dates on a later day, and then reads as custom", () => {
    const link = parseReportParams({ range: "yesterday", from: "2026-03-14", to: "2026-03-14" });
    expect(resolveRange(link, "2026-03-15")).toEqual({ from: "2026-03-14", to: "2026-03-14", choice: "yesterday" });
    expect(resolveRange(link, "2026-03-20")).toEqual({ from: "2026-03-14", to: "2026-03-14", choice: "custom" });
    expect(resolveRange(parseReportParams({ range: "last_14_days" }), "2026-03-15")).toEqual({
      from: "2026-03-01",
      to: "2026-03-14",
      choice: "last_14_days",
    });
  });
});

describe("numbers in words", () => {
  it('"no value" is a dash, never a zero', () => {
    expect(formatCount(null)).toBe("—");
    expect(formatCount(0)).toBe("0");
    expect(formatPercent(null)).toBe("—");
    expect(formatFigure("conversions", null, "USD")).toBe("—");
    expect(formatFigure("costPerConversion", null, "USD")).toBe("—");
    expect(formatFigure("ctr", 1.0912, "USD")).toBe("1.09%");
    expect(formatFigure("impressions", 1234567, "USD")).toBe("1,234,567");
    expect(formatFigure("cpm", 4.2, "JPY")).toBe("JPY 4");
  });

  it("changes are coloured by meaning: a higher CPC is bad, more clicks good, more spend neither", () => {
    expect(describeChange("clicks", 0.123)).toEqual({
      text: "+12.3%",
      words: "up 12.3% from the previous period",
      direction: "up",
      tone: "good",
    });
    expect(describeChange("cpc", 0.1).tone).toBe("bad");
    expect(describeChange("cpc", -0.1)).toMatchObject({ text: "−10.0%", tone: "good" });
    expect(describeChange("costPerConversion", 0.5).tone).toBe("bad");
    expect(describeChange("cpm", 0.5).tone).toBe("bad");
    expect(describeChange("conversions", -0.2).tone).toBe("bad");
    expect(describeChange("spend", 0.9).tone).toBe("neutral");
    expect(describeChange("clicks", 0.0004)).toMatchObject({ text: "0.0%", direction: "flat", tone: "neutral" });
    expect(describeChange("clicks", null)).toMatchObject({ text: "—", direction: "none" });
  });

  it("restated days read as a note", () => {
    expect(restatementNote({ date: "2026-11-20", metric: "conversions", before: 30, after: 42 }, "USD")).toBe(
      "Nov 20: conversions +12 since the last sync",
    );
    expect(restatementNote({ date: "2026-11-19", metric: "spend", before: 10.5, after: 7.3 }, "USD")).toBe(
      "Nov 19: spend −USD 3.20 since the last sync",
    );
    expect(restatementNote({ date: "2026-11-19", metric: "conversions", before: null, after: 3 }, "USD")).toBe(
      "Nov 19: conversions now 3 (was no value) since the last sync",
    );
  });
});

describe("days not synced, in words", () => {
  const previous = { from: "2026-08-01", to: "2026-09-30" };
  const whole = coverageOf({ from: "2026-10-01", to: "2026-11-30" }, datesOf("2026-09-09", "2026-12-06"));
  const partPrevious = coverageOf(previous, datesOf("2026-09-09", "2026-12-06"));

  it("the issue's comparison: the previous period's missing days named, and no change shown", () => {
    expect(comparisonNote(whole, partPrevious, previous)).toBe(
      "No change is shown: the previous period, Aug 1 – Sep 30, 2026, is not synced for Aug 1 – Sep 8, 2026. " +
        "A change is shown only between periods whose every day is synced.",
    );
    expect(comparisonNote(whole, whole, previous)).toBeNull();
  });

  it("names the days missing in each period, and a wholly unsynced previous period as such", () => {
    const range = { from: "2026-11-24", to: "2026-12-10" };
    const partCurrent = coverageOf(range, datesOf("2026-09-09", "2026-12-06"));
    const none = coverageOf(previous, []);
    expect(comparisonNote(partCurrent, none, previous)).toBe(
      "No change is shown: this range is not synced for Dec 7 – Dec 10, 2026, and the previous period, " +
        "Aug 1 – Sep 30, 2026, is not synced at all. A change is shown only between periods whose every day is synced.",
    );
    expect(rangeCoverageNote(partCurrent)).toBe(
      "Not synced: Dec 7 – Dec 10, 2026 (4 of 17 days). The figures count the 13 synced days only.",
    );
    expect(rangeCoverageNote(whole)).toBeNull();
    expect(rangeCoverageNote(none)).toBe(
      "No day of this range is synced (Aug 1 – Sep 30, 2026): there is nothing to count.",
    );
  });

  it("lists several stretches and counts those left off", () => {
    const patchy = coverageOf({ from: "2026-10-01", to: "2026-10-31" }, ["2026-10-02", "2026-10-04"]);
    expect(missingDays(patchy)).toBe("Oct 1, 2026, Oct 3, 2026 and Oct 5 – Oct 31, 2026");
    expect(missingDays({ ...patchy, moreMissing: 2 })).toBe(
      "Oct 1, 2026, Oct 3, 2026, Oct 5 – Oct 31, 2026 and 2 more stretches",
    );
  });

  it("the previous figure is never a partial sum passed for the whole", () => {
    expect(previousFigure("spend", 8152.73, partPrevious, "EUR")).toBe("Partly synced");
    expect(previousFigure("spend", 0, coverageOf(previous, []), "EUR")).toBe("Not synced");
    expect(previousFigure("spend", 8152.73, whole, "EUR")).toBe(formatFigure("spend", 8152.73, "EUR"));
  });
});

function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
