import { describe, expect, it } from "vitest";
import {
  FIGURE_NAMES,
  FIGURES,
  fromStored,
  RATIO_NAMES,
  ratioDef,
  SUM_NAMES,
  sumDef,
  TIKTOK_REPORT_METRICS,
  toStored,
} from "./catalogue";

describe("the metric catalogue", () => {
  it("lists every figure once, additive metrics and ratios apart", () => {
    expect(new Set(FIGURE_NAMES).size).toBe(FIGURE_NAMES.length);
    expect([...SUM_NAMES, ...RATIO_NAMES].sort()).toEqual([...FIGURE_NAMES].sort());
  });

  it("makes each ratio of two additive metrics", () => {
    for (const name of RATIO_NAMES) {
      const { numerator, denominator } = ratioDef(name);
      expect(SUM_NAMES).toContain(numerator);
      expect(SUM_NAMES).toContain(denominator);
    }
  });

  it("gives each additive metric its own TikTok name and its own stored fields", () => {
    expect(new Set(TIKTOK_REPORT_METRICS).size).toBe(SUM_NAMES.length);
    const fields = SUM_NAMES.flatMap((name) => {
      const def = sumDef(name);
      return [def.field, def.total, ...(def.trackedDays ? [def.trackedDays] : [])];
    });
    expect(new Set(fields).size).toBe(fields.length);
  });

  it("counts tracked days exactly for the metrics whose '-' means not tracked", () => {
    for (const name of SUM_NAMES) {
      const def = sumDef(name);
      expect(def.trackedDays !== undefined, name).toBe(def.dash === "untracked");
    }
    // TikTok's "-" for conversions means the account tracks none (no pixel): never 0.
    expect(FIGURES.conversions.dash).toBe("untracked");
    expect(FIGURES.spend.dash).toBe("zero");
  });

  it("stores money in exact thousandths and counts as they are", () => {
    expect(toStored("spend", 14.68)).toBe(14_680);
    expect(toStored("spend", 0.1 + 0.2)).toBe(300);
    expect(fromStored("spend", 14_680)).toBe(14.68);
    expect(toStored("impressions", 1079)).toBe(1079);
  });
});
