/**
 * Money rules for campaign budgets (docs/tiktok-api.md §5–6).
 *
 * TikTok amounts are real currency units in the ad account's currency, never micros. A campaign's daily budget
 * has a minimum of 50 USD, scaled per currency; some currencies take whole numbers only. For currencies whose
 * scale TikTok does not publish we check precision only and leave the minimum to TikTok, whose 40002 message
 * then reaches the marketer: we never invent a minimum.
 *
 * TikTok publishes no maximum, but an unbounded number is not an amount: from 1e21 up JavaScript writes numbers in
 * exponent form ("1e+21", in JSON bodies and `toFixed` alike), and past 2^53 whole units are no longer exact. So
 * budgets have a cap of our own (`maximumCampaignBudget`), far above any real campaign and far below either edge.
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

/**
 * The largest campaign budget we send, in USD-equivalents: ten million a day (or for a lifetime budget) is beyond
 * what any single campaign spends, yet a hundred thousand times below the point where numbers lose exactness.
 */
export const MAX_CAMPAIGN_BUDGET_USD = 10_000_000;

/**
 * For a currency whose scale we do not know, the cap of the currency with the smallest unit we know (IDR, VND:
 * 100,000,000,000), so no real account is refused whatever its unit is worth. Spend is stored in thousandths
 * (`spendMilli`): 1e11 × 1,000 = 1e14 stays exact under 2^53 ≈ 9.007e15, and no amount under it is ever written
 * with an exponent.
 */
const MAX_BUDGET_UNSCALED = MAX_CAMPAIGN_BUDGET_USD * Math.max(...Object.values(MIN_BUDGET_SCALE));

/** The largest campaign budget this app sends in `currency` (docs/tiktok-api.md §5 gives TikTok's minimum only). */
export function maximumCampaignBudget(currency: string): number {
  const scale = MIN_BUDGET_SCALE[currency.toUpperCase()];
  return scale === undefined ? MAX_BUDGET_UNSCALED : MAX_CAMPAIGN_BUDGET_USD * scale;
}

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

/**
 * The amount as TikTok should receive it: exactly the currency's decimals (50.1 * 1.1 is 55.11, not 55.110000000000006).
 * Only for amounts `assertValidCampaignBudget` passed: under the cap, `toFixed` never writes an exponent.
 */
export function roundToCurrency(amount: number, currency: string): number {
  return Number(amount.toFixed(currencyDecimals(currency)));
}

/** Throws a TikTokInputError saying what to change when `budget` would be refused for a campaign. */
export function assertValidCampaignBudget(budget: number, currency: string, field = "budget"): void {
  if (!/^[A-Za-z]{3}$/.test(currency)) {
    throw new TikTokInputError("currency", `Currency must be a 3-letter ISO 4217 code such as USD; got "${currency}"`);
  }
  // NaN and -Infinity fail `> 0`; Infinity is refused below as over the cap, like any other too-large amount.
  if (typeof budget !== "number" || !(budget > 0)) {
    throw new TikTokInputError(field, `Budget must be a positive amount in ${currency.toUpperCase()}`);
  }
  // Before the precision check, whose message writes the amount back: a huge one would come out as "1e+21".
  const maximum = maximumCampaignBudget(currency);
  if (budget > maximum) {
    throw new TikTokInputError(
      field,
      `A campaign budget can be at most ${formatMoney(maximum, currency)}; lower the budget to that or less`,
    );
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
  // 0.000000001 passes the precision check (binary floating point) but would reach TikTok as 0.
  if (roundToCurrency(budget, currency) <= 0) {
    throw new TikTokInputError(field, `Budget must be a positive amount in ${currency.toUpperCase()}`);
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
