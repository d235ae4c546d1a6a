import { describe, expect, it } from "vitest";
import { formatMoney } from "../format/numbers";
import { TikTokInputError } from "./errors";
import {
  assertValidCampaignBudget,
  budgetFloor,
  MAX_CAMPAIGN_BUDGET_USD,
  maximumCampaignBudget,
  minimumCampaignBudget,
  roundToCurrency,
} from "./money";

describe("budgetFloor: the lowest new budget TikTok accepts after spend", () => {
  it("is 105% of the spend, rounded up to the currency's cents", () => {
    expect(budgetFloor(100, "USD")).toBe(105);
    expect(budgetFloor(123.45, "USD")).toBe(129.63); // 129.6225 rounds up, never down
    expect(budgetFloor(200, "EUR")).toBe(210);
  });

  it("rounds whole-unit currencies up to a whole number", () => {
    expect(budgetFloor(10_001, "JPY")).toBe(10_502); // 10,501.05 → 10,502
  });

  it("is never below the currency's minimum", () => {
    expect(budgetFloor(0, "USD")).toBe(50);
    expect(budgetFloor(10, "JPY")).toBe(5_000);
  });

  it("leaves the minimum to TikTok for a currency whose minimum is not published", () => {
    expect(budgetFloor(0, "CHF")).toBe(0);
    expect(budgetFloor(40, "CHF")).toBe(42);
  });
});

describe("assertValidCampaignBudget: budgets have an upper bound (issue 17, item 6)", () => {
  const refusal = (budget: number, currency: string): string => {
    try {
      assertValidCampaignBudget(budget, currency);
    } catch (error) {
      expect(error).toBeInstanceOf(TikTokInputError);
      expect((error as TikTokInputError).field).toBe("budget");
      return (error as TikTokInputError).message;
    }
    throw new Error(`${budget} ${currency} was accepted`);
  };

  it("refuses 1e21, 2^53 + 2 and 1e15, saying the cap in money words, never in exponent form", () => {
    for (const budget of [1e21, 2 ** 53 + 2, 1e15, Number.POSITIVE_INFINITY]) {
      const message = refusal(budget, "USD");
      expect(message).toContain(formatMoney(maximumCampaignBudget("USD"), "USD"));
      expect(message).toMatch(/lower the budget/);
      expect(message).not.toMatch(/\de[+-]?\d/i);
    }
    // A whole-unit currency: the old precision message wrote the amount back as "1e+21".
    expect(refusal(1e21, "JPY")).not.toMatch(/\de[+-]?\d/i);
  });

  it("takes the cap itself, and scales it per currency like the minimum", () => {
    expect(maximumCampaignBudget("USD")).toBe(MAX_CAMPAIGN_BUDGET_USD);
    expect(maximumCampaignBudget("JPY")).toBe(MAX_CAMPAIGN_BUDGET_USD * (minimumCampaignBudget("JPY")! / 50));
    for (const currency of ["USD", "JPY", "IDR", "PLN"]) {
      expect(() => assertValidCampaignBudget(maximumCampaignBudget(currency), currency)).not.toThrow();
      expect(refusal(maximumCampaignBudget(currency) + 1, currency)).toContain(
        formatMoney(maximumCampaignBudget(currency), currency),
      );
    }
  });

  it("caps a currency of unknown scale where amounts stay exact in stored thousandths", () => {
    const cap = maximumCampaignBudget("CHF");
    expect(cap).toBeGreaterThanOrEqual(maximumCampaignBudget("VND"));
    expect(Number.isSafeInteger(cap * 1000)).toBe(true);
    expect(refusal(cap + 1, "CHF")).toContain(formatMoney(cap, "CHF"));
  });

  it("refuses an amount so small it would reach TikTok as 0", () => {
    expect(refusal(1e-9, "CHF")).toMatch(/positive amount/);
    expect(refusal(Number.NaN, "CHF")).toMatch(/positive amount/);
  });

  it("every amount it passes is written without an exponent in the JSON TikTok receives", () => {
    for (const currency of ["USD", "JPY", "VND", "CHF"]) {
      const json = JSON.stringify(roundToCurrency(maximumCampaignBudget(currency), currency));
      expect(json).toMatch(/^\d+$/);
    }
  });
});
