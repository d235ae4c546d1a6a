import { describe, expect, it } from "vitest";
import { amountInputText, formatCount, formatMoney, formatPercent, NO_VALUE } from "./numbers";

describe("money in words, the same on every page", () => {
  it("writes the amount at the currency's precision, with its code", () => {
    expect(formatMoney(1234.5, "USD")).toBe("USD 1,234.50");
    expect(formatMoney(1234.5, "JPY")).toBe("JPY 1,235");
    expect(formatMoney(1234.567, "EUR")).toBe("EUR 1,234.57");
    expect(formatMoney(0, "KRW")).toBe("KRW 0");
    expect(formatMoney(1250.5, "usd")).toBe("USD 1,250.50");
  });
  it("writes whole units where TikTok takes only those, though Intl would give decimals", () => {
    // Intl gives HUF two decimals; TikTok takes whole forints.
    expect(formatMoney(20000, "HUF")).toBe("HUF 20,000");
  });
  it("still reads for a code Intl does not know", () => {
    expect(formatMoney(12.5, "XYZ")).toContain("12.50");
    expect(formatMoney(12.5, "not a code")).toBe("12.50 NOT A CODE");
  });
  it("never writes an exponent, however large the amount", () => {
    expect(formatMoney(1e21, "USD")).toBe("USD 1,000,000,000,000,000,000,000.00");
  });
  it("says 'no value' as a dash, never 0", () => {
    expect(formatMoney(null, "USD")).toBe(NO_VALUE);
    expect(formatMoney(Number.NaN, "USD")).toBe(NO_VALUE);
  });
});

describe("an amount as typed into a budget field", () => {
  it("has the currency's decimals and no separators, and never an exponent (issue 17, item 6)", () => {
    expect(amountInputText(1234.5, "USD")).toBe("1234.50");
    expect(amountInputText(5000, "JPY")).toBe("5000");
    // A budget TikTok describes may be anything; `toFixed` would put "1e+21" in the field.
    expect(amountInputText(1e21, "USD")).toBe("1000000000000000000000.00");
    expect(amountInputText(Number.POSITIVE_INFINITY, "USD")).toBe("");
  });
});

describe("counts and percents", () => {
  it("groups thousands and writes percents as TikTok does", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(null)).toBe(NO_VALUE);
    expect(formatPercent(1.0912)).toBe("1.09%");
    expect(formatPercent(null)).toBe(NO_VALUE);
  });
});
