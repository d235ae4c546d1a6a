import { describe, expect, it } from "vitest";
import { addSums, change, figures, ZERO_SUMS } from "./metrics";

describe("report figures", () => {
  it("recomputes ratios from sums, never averaging daily ratios", () => {
    // Day 1: 1 click of 100 impressions (1%); day 2: 99 clicks of 900 (11%). The range's CTR is 100/1000 = 10%, not 6%.
    const days = [
      { spendMilli: 1_000, impressions: 100, clicks: 1, conversions: 0 },
      { spendMilli: 99_000, impressions: 900, clicks: 99, conversions: 4 },
    ];
    const total = days.reduce(addSums, ZERO_SUMS);
    expect(figures(total)).toEqual({
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
    expect(figures({ spendMilli: 5_000, impressions: 0, clicks: 0, conversions: null })).toMatchObject({
      ctr: null,
      cpc: null,
      cpm: null,
      conversions: null,
      costPerConversion: null,
    });
    expect(figures({ spendMilli: 5_000, impressions: 10, clicks: 1, conversions: 0 })).toMatchObject({
      conversions: 0,
      costPerConversion: null,
    });
    expect(
      addSums({ ...ZERO_SUMS }, { spendMilli: 0, impressions: 0, clicks: 0, conversions: null }).conversions,
    ).toBeNull();
    expect(addSums({ ...ZERO_SUMS }, { spendMilli: 0, impressions: 0, clicks: 0, conversions: 0 }).conversions).toBe(0);
  });
  it("gives the change against the previous period, or none when there was nothing before", () => {
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
});
