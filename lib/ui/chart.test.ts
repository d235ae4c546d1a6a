import { describe, expect, it } from "vitest";
import { figures, ZERO_SUMS } from "../metrics/sums";
import { chartColumns, chartSummary, dayToX, provisionalSpan, xToDay, type ChartPoint } from "./chart";

const day = (date: string, spendMilli: number, clicks: number, synced = true, provisional = false): ChartPoint => ({
  date,
  synced,
  provisional,
  figures: figures({ ...ZERO_SUMS, spend: spendMilli, clicks, impressions: clicks * 100 }),
});

describe("the daily chart's data", () => {
  const points = [
    day("2026-11-20", 12_500, 10),
    day("2026-11-21", 0, 0),
    day("2026-11-22", 30_000, 25, true, true),
    day("2026-11-23", 0, 0, false, true),
  ];

  it("x is the local date at UTC midnight, both ways", () => {
    expect(dayToX("2026-11-20")).toBe(Date.UTC(2026, 10, 20) / 1000);
    expect(xToDay(dayToX("2026-03-29"))).toBe("2026-03-29");
  });

  it("a day without delivery is a zero; a day not synced yet is a gap", () => {
    expect(chartColumns(points, ["spend", "clicks"])).toEqual({
      x: points.map((p) => dayToX(p.date)),
      left: [12.5, 0, 30, null],
      right: [10, 0, 25, null],
    });
    expect(chartColumns(points, ["cpc", "conversions"]).left).toEqual([1.25, null, 1.2, null]);
  });

  it("the provisional days are one span at the end of the range", () => {
    expect(provisionalSpan(points)).toEqual({ from: "2026-11-22", to: "2026-11-23" });
    expect(provisionalSpan(points.slice(0, 2))).toBeNull();
  });

  it("says what the canvas shows", () => {
    expect(chartSummary({ points, metrics: ["spend", "clicks"], currency: "USD", restatedDays: 1 })).toBe(
      "Daily Spend (left axis) and Clicks (right axis), Nov 20 – Nov 23, 2026. Spend peaked at USD 30.00 on " +
        "2026-11-22; Clicks peaked at 25 on 2026-11-22. Days from 2026-11-22 are provisional and shaded. " +
        "1 restated day is marked. 1 day is not synced yet and left blank.",
    );
  });
});
