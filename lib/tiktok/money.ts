/**
 * Money rules for campaign budgets (docs/tiktok-api.md §5–6).
 *
 * TikTok amounts are real currency units in the ad account's currency, never micros. A campaign's daily budget
 * has a minimum of 50 USD, scaled per currency; some currencies take whole numbers only. For currencies whose
 * scale TikTok does not publish we check precision only and leave the minimum to TikTok, whose 40002 message
 * then reaches the marketer: we never invent a limit.
 */
import { currencyDecimals, formatMoney } from "../format/numbers";
import { TikTokInputError } from "./errors";

export const MIN_CAMPAIGN_BUDGET_USD = 50;

/** How many USD-equivalents of minimum budget each currency's unit scale corresponds to. */
const MIN_BUDGET_SCALE: Record<string, number> = {
  USD: 1,
  EUR: 1,
  GBP: 1,
  PLN: 4,
  MXN: 10,
  HKD: 10,
  INR: 100,
  JPY: 100,
  KRW: 1_000,
  IDR: 10_000,
  VND: 10_000,
};

/** The minimum campaign budget in `currency`, or undefined when TikTok's minimum for it is not published. */
export function minimumCampaignBudget(currency: string): number | undefined {
  const scale = MIN_BUDGET_SCALE[currency.toUpperCase()];
  return scale === undefined ? undefined : MIN_CAMPAIGN_BUDGET_USD * scale;
}

/** True when `amount` has no more decimals than the currency allows (tolerant of binary floating point). */
export function hasValidPrecision(amount: number, currency: string): boolean {
  const scaled = amount * 10 ** currencyDecimals(currency);
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** The amount as TikTok should receive it: exactly the currency's decimals (50.1 * 1.1 is 55.11, not 55.110000000000006). */
export function roundToCurrency(amount: number, currency: string): number {
  return Number(amount.toFixed(currencyDecimals(currency)));
}

/** Throws a TikTokInputError saying what to change when `budget` would be refused for a campaign. */
export function assertValidCampaignBudget(budget: number, currency: string, field = "budget"): void {
  if (!/^[A-Za-z]{3}$/.test(currency)) {
    throw new TikTokInputError("currency", `Currency must be a 3-letter ISO 4217 code such as USD; got "${currency}"`);
  }
  if (typeof budget !== "number" || !Number.isFinite(budget) || budget <= 0) {
    throw new TikTokInputError(field, `Budget must be a positive amount in ${currency.toUpperCase()}`);
  }
  if (!hasValidPrecision(budget, currency)) {
    const decimals = currencyDecimals(currency);
    throw new TikTokInputError(
      field,
      decimals === 0
        ? `${currency.toUpperCase()} budgets take whole numbers only; use ${Math.round(budget)} or another whole amount`
        : `Budgets take at most 2 decimals; use ${budget.toFixed(2)}`,
    );
  }
  const minimum = minimumCampaignBudget(currency);
  if (minimum !== undefined && budget < minimum) {
    throw new TikTokInputError(
      field,
      `The minimum campaign budget is ${formatMoney(minimum, currency)}; raise the budget to at least that`,
    );
  }
}

/** TikTok's rule for a new budget: at least 105% of what the campaign has already spent (docs/tiktok-api.md §5). */
export const SPENT_BUDGET_FACTOR = 1.05;

/**
 * The lowest new budget TikTok accepts for a campaign that has spent `spent` (its lifetime spend for a total
 * budget, today's for a daily one): 105% of it rounded up to the currency's precision, and never under the
 * currency's minimum. The same rounding as TikTok's, so a marketer shown this floor is never refused at it.
 */
export function budgetFloor(spent: number, currency: string): number {
  const factor = 10 ** currencyDecimals(currency);
  const spentMinor = Math.round(spent * factor);
  const ruled = Math.ceil((spentMinor * 105) / 100 - 1e-9) / factor;
  return Math.max(ruled, minimumCampaignBudget(currency) ?? 0);
}
