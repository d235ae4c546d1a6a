import { describe, expect, it } from "vitest";
import {
  addSums,
  change,
  figures,
  plusDay,
  sumsOfStored,
  metricValues,
  toStoredDay,
  totalsDifference,
  ZERO_SUMS,
  ZERO_TOTALS,
} from "./sums";

// Sums are in stored units: spend in thousandths of the currency (1_000 is 1.00).
describe("report figures", () => {
  it("recomputes ratios from sums, never averaging daily ratios", () => {
    // Day 1: 1 click of 100 impressions (1%); day 2: 99 clicks of 900 (11%). The range's CTR is 100/1000 = 10%, not 6%.
    const days = [
      metricValues({ spend: 1_000, impressions: 100, clicks: 1, conversions: 0 }),
      metricValues({ spend: 99_000, impressions: 900, clicks: 99, conversions: 4 }),
    ];
    const total = days.reduce(addSums, ZERO_SUMS);
    expect(figures(total)).toMatchObject({
      spend: 100,
      impressions: 1000,
      clicks: 100,
      conversions: 4,
      ctr: 10,
      cpc: 1,
      cpm: 100,
      costPerConversion: 25,
    });
  });
  it("says 'no value' for a ratio over zero, and keeps missing conversions apart from zero", () => {
    expect(figures(metricValues({ spend: 5_000, impressions: 0, clicks: 0, conversions: null }))).toMatchObject({
      ctr: null,
      cpc: null,
      cpm: null,
      conversions: null,
      costPerConversion: null,
    });
    expect(figures(metricValues({ spend: 5_000, impressions: 10, clicks: 1, conversions: 0 }))).toMatchObject({
      conversions: 0,
      costPerConversion: null,
    });
    expect(
      addSums({ ...ZERO_SUMS }, metricValues({ spend: 0, impressions: 0, clicks: 0, conversions: null })).conversions,
    ).toBeNull();
    expect(
      addSums({ ...ZERO_SUMS }, metricValues({ spend: 0, impressions: 0, clicks: 0, conversions: 0 })).conversions,
    ).toBe(0);
  });
  it("gives the change against the previous period, or none when there was nothing before", () => {
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
});

describe("every ratio from sums, by hand", () => {
  it("gives CTR, CPC, CPM and cost per conversion of three days' sums, not the mean of the days' ratios", () => {
    // Spend 10.00 / 20.00 / 0.50; impressions 1,000 / 4,000 / 0; clicks 20 / 30 / 0; conversions 1 / "-" / 0.
    const days = [
      toStoredDay(metricValues({ spend: 10, impressions: 1000, clicks: 20, conversions: 1 })),
      toStoredDay(metricValues({ spend: 20, impressions: 4000, clicks: 30, conversions: null })),
      toStoredDay(metricValues({ spend: 0.5, impressions: 0, clicks: 0, conversions: 0 })),
    ];
    const sum = days.map(sumsOfStored).reduce(addSums, ZERO_SUMS);
    const f = figures(sum);
    expect(f.spend).toBe(30.5);
    expect(f.impressions).toBe(5000);
    expect(f.clicks).toBe(50);
    expect(f.conversions).toBe(1);
    expect(f.ctr).toBeCloseTo((50 / 5000) * 100, 12); // 1%
    expect(f.cpc).toBeCloseTo(30.5 / 50, 12); // 0.61
    expect(f.cpm).toBeCloseTo((30.5 / 5000) * 1000, 12); // 6.10
    expect(f.costPerConversion).toBeCloseTo(30.5 / 1, 12);
  });
});

describe("running totals", () => {
  const day = (spend: number, conversions: number | null) =>
    toStoredDay(metricValues({ spend, impressions: 100, clicks: 2, conversions }));

  it("give a range's sums as the totals at its end minus those before it", () => {
    const t1 = plusDay(ZERO_TOTALS, day(1.5, 3));
    const t2 = plusDay(t1, day(2.25, null));
    const t3 = plusDay(t2, day(4, 5));
    expect(totalsDifference(t3, t1)).toMatchObject({ spend: 6_250, impressions: 200, clicks: 4, conversions: 5 });
    expect(totalsDifference(t1, null)).toMatchObject({ spend: 1_500, impressions: 100, clicks: 2, conversions: 3 });
  });

  it("keep 'not tracked' apart from 0 over a range with no tracked day", () => {
    const t1 = plusDay(ZERO_TOTALS, day(1, 3));
    const t2 = plusDay(t1, day(1, null));
    expect(totalsDifference(t2, t1).conversions).toBeNull();
    expect(totalsDifference(plusDay(t2, day(1, 0)), t2).conversions).toBe(0);
  });

  it("take a day back out exactly (a date written again)", () => {
    const t = plusDay(plusDay(ZERO_TOTALS, day(1, 3)), day(2, null));
    expect(plusDay(t, day(2, null), -1)).toEqual(plusDay(ZERO_TOTALS, day(1, 3)));
  });
});
