import { describe, expect, it } from "vitest";
import { budgetFloor } from "./money";

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
