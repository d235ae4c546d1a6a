import { describe, expect, it } from "vitest";
import {
  addDays,
  assertValidRange,
  daysInRange,
  halveRange,
  isIsoDate,
  parseTikTokDateTime,
  splitRange,
} from "./dates";
import { assertCampaignName } from "./campaign-input";
import { TikTokInputError } from "./errors";
import { isRequestId, newRequestId } from "./ids";
import { parseMetric } from "./metrics";
import { currencyDecimals } from "../format/numbers";
import { assertValidCampaignBudget, hasValidPrecision, minimumCampaignBudget, roundToCurrency } from "./money";
import { resolveObjective } from "./objectives";

function inputError(fn: () => unknown): TikTokInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TikTokInputError) return error;
    throw error;
  }
  throw new Error("expected a TikTokInputError");
}

describe("money: per-currency campaign budget rules", () => {
  it.each([
    ["USD", 50],
    ["EUR", 50],
    ["GBP", 50],
    ["PLN", 200],
    ["MXN", 500],
    ["HKD", 500],
    ["INR", 5_000],
    ["JPY", 5_000],
    ["KRW", 50_000],
    ["IDR", 500_000],
    ["VND", 500_000],
  ])("the minimum in %s is %i", (currency, minimum) => {
    expect(minimumCampaignBudget(currency)).toBe(minimum);
    expect(() => assertValidCampaignBudget(minimum, currency)).not.toThrow();
    const under = inputError(() => assertValidCampaignBudget(minimum - 1, currency));
    expect(under.field).toBe("budget");
    expect(under.message).toContain(`at least`);
  });

  it("does not invent a minimum for currencies TikTok does not publish one for", () => {
    expect(minimumCampaignBudget("BRL")).toBeUndefined();
    expect(() => assertValidCampaignBudget(1, "BRL")).not.toThrow();
  });

  it.each(["JPY", "KRW", "IDR", "VND", "HUF", "CLP", "TWD"])("%s takes whole numbers only", (currency) => {
    expect(currencyDecimals(currency)).toBe(0);
    expect(hasValidPrecision(1_000_000.5, currency)).toBe(false);
    expect(inputError(() => assertValidCampaignBudget(1_000_000.5, currency)).message).toContain("whole numbers");
  });

  it("allows two decimals elsewhere, despite binary floating point", () => {
    expect(hasValidPrecision(50.1, "USD")).toBe(true);
    expect(hasValidPrecision(0.07 * 1000, "USD")).toBe(true);
    expect(hasValidPrecision(50.123, "USD")).toBe(false);
    expect(inputError(() => assertValidCampaignBudget(50.123, "USD")).message).toContain("50.12");
  });

  it("rounds what it sends to the currency's decimals", () => {
    expect(50.1 * 1.1).not.toBe(55.11);
    expect(roundToCurrency(50.1 * 1.1, "USD")).toBe(55.11);
    expect(roundToCurrency(5000.0000001, "JPY")).toBe(5000);
  });

  it("refuses non-positive, non-finite amounts and malformed currencies", () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => assertValidCampaignBudget(bad, "USD")).toThrow(TikTokInputError);
    expect(inputError(() => assertValidCampaignBudget(60, "dollars")).field).toBe("currency");
  });
});

describe("campaign names", () => {
  it.each([
    ["zero-width spaces", "\u200B\u200B"],
    ["joiners", "\u200C\u200D"],
    ["a byte-order mark", "\uFEFF"],
    ["word joiners and soft hyphens among spaces", " \u2060\u00AD "],
  ])("treats a name of only %s as empty", (_, name) => {
    expect(inputError(() => assertCampaignName(name))).toMatchObject({
      field: "name",
      message: "Give the campaign a name",
    });
  });

  it.each([
    ["a NUL", "Spring\u0000sale"],
    ["a line break", "Spring\nsale"],
    ["a carriage return", "Spring\rsale"],
    ["a tab", "Spring\tsale"],
    ["DEL", "Spring\u007Fsale"],
    ["a C1 control", "Spring\u0085sale"],
  ])("refuses %s inside a name, saying what to remove", (_, name) => {
    expect(inputError(() => assertCampaignName(name))).toMatchObject({
      field: "name",
      message: expect.stringContaining("remove the line breaks, tabs or other control characters"),
    });
  });

  it("keeps a name whose visible characters need joiners (an emoji family), trimmed", () => {
    expect(assertCampaignName("  Family 👨\u200D👩\u200D👧 sale  ")).toBe("Family 👨\u200D👩\u200D👧 sale");
  });
});

describe("objectives: current names, and the deprecated ones mapped", () => {
  it("maps CONVERSIONS to WEB_CONVERSIONS", () => {
    expect(resolveObjective("CONVERSIONS")).toEqual({ objective: "WEB_CONVERSIONS" });
  });
  it("maps APP_INSTALL to APP_PROMOTION with an APP_INSTALL promotion type", () => {
    expect(resolveObjective("APP_INSTALL")).toEqual({ objective: "APP_PROMOTION", appPromotionType: "APP_INSTALL" });
  });
  it("accepts current objectives in any case", () => {
    expect(resolveObjective("traffic")).toEqual({ objective: "TRAFFIC" });
  });
  it("requires a promotion type with APP_PROMOTION, and only there", () => {
    expect(inputError(() => resolveObjective("APP_PROMOTION")).field).toBe("appPromotionType");
    expect(resolveObjective("APP_PROMOTION", "APP_RETARGETING")).toEqual({
      objective: "APP_PROMOTION",
      appPromotionType: "APP_RETARGETING",
    });
    expect(inputError(() => resolveObjective("REACH", "APP_INSTALL")).field).toBe("appPromotionType");
  });
  it("names the valid objectives when given an unknown one", () => {
    const error = inputError(() => resolveObjective("SALES"));
    expect(error.message).toContain("WEB_CONVERSIONS");
  });
});

describe("dates: account-local calendar dates", () => {
  it("recognises real YYYY-MM-DD dates only", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-2-1")).toBe(false);
    expect(isIsoDate("2026-02-01T00:00:00")).toBe(false);
  });

  it("says which date is wrong and how", () => {
    expect(inputError(() => assertValidRange({ startDate: "2026-13-01", endDate: "2026-12-01" })).field).toBe(
      "startDate",
    );
    expect(inputError(() => assertValidRange({ startDate: "2026-02-10", endDate: "2026-02-01" })).message).toContain(
      "swap",
    );
  });

  it("splits a 90-day range into 30-day windows with no gap or overlap", () => {
    const windows = splitRange({ startDate: "2026-01-01", endDate: "2026-03-31" }, 30);
    expect(windows).toEqual([
      { startDate: "2026-01-01", endDate: "2026-01-30" },
      { startDate: "2026-01-31", endDate: "2026-03-01" },
      { startDate: "2026-03-02", endDate: "2026-03-31" },
    ]);
    expect(windows.reduce((n, w) => n + daysInRange(w), 0)).toBe(90);
  });

  it("halves a window, giving the first half the odd day", () => {
    expect(halveRange({ startDate: "2026-02-01", endDate: "2026-02-05" })).toEqual([
      { startDate: "2026-02-01", endDate: "2026-02-03" },
      { startDate: "2026-02-04", endDate: "2026-02-05" },
    ]);
  });

  it("crosses months, years and DST changes by calendar day", () => {
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("reads TikTok's UTC date-times", () => {
    expect(parseTikTokDateTime("2026-02-01 13:45:00")).toBe(Date.UTC(2026, 1, 1, 13, 45, 0));
    expect(() => parseTikTokDateTime("yesterday")).toThrow();
  });
});

describe("metrics: strings and '-' parsed at the boundary", () => {
  it.each([
    ["14.68", 14.68],
    ["1079", 1079],
    ["0", 0],
    ["-12.5", -12.5],
    ["-", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(parseMetric(input)).toBe(expected);
  });
  it.each(["abc", " ", "0x10", "1e3", "12,5", "Infinity"])("fails loudly on %j rather than guess a number", (input) => {
    expect(() => parseMetric(input)).toThrow(/neither a decimal/);
  });
});

describe("ids: create idempotency keys", () => {
  it("are positive 64-bit integers written as strings, and differ", () => {
    const ids = Array.from({ length: 200 }, newRequestId);
    for (const id of ids) expect(isRequestId(id)).toBe(true);
    expect(new Set(ids).size).toBe(200);
  });
  it("reject what TikTok would refuse", () => {
    for (const bad of ["0", "-1", "01", "abc", "9223372036854775808", "1.5"]) expect(isRequestId(bad)).toBe(false);
    expect(isRequestId("9223372036854775807")).toBe(true);
  });
});
