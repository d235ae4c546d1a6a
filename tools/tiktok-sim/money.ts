// Currencies: decimal precision, the campaign budget minimum and a rough exchange rate used to make
// generated spend look plausible in each currency. Amounts are real currency units, never micros
// (docs/tiktok-api.md §6). The minimum is 50 USD scaled per currency, and some currencies take whole
// numbers only (§5, campaign/create). Does not convert between currencies for anything but invented data.

interface CurrencyInfo {
  /** Decimal places allowed in budgets and shown in spend. */
  precision: 0 | 2;
  /** Multiplier on the 50 USD minimum daily budget. */
  minimumScale: number;
  /** Units of this currency per USD, only for inventing realistic amounts. */
  perUsd: number;
}

const CURRENCIES: Record<string, CurrencyInfo> = {
  USD: { precision: 2, minimumScale: 1, perUsd: 1 },
  EUR: { precision: 2, minimumScale: 1, perUsd: 0.92 },
  GBP: { precision: 2, minimumScale: 1, perUsd: 0.79 },
  PLN: { precision: 2, minimumScale: 4, perUsd: 4 },
  MXN: { precision: 2, minimumScale: 10, perUsd: 17 },
  HKD: { precision: 2, minimumScale: 10, perUsd: 7.8 },
  INR: { precision: 2, minimumScale: 100, perUsd: 83 },
  JPY: { precision: 0, minimumScale: 100, perUsd: 150 },
  KRW: { precision: 0, minimumScale: 1000, perUsd: 1350 },
  IDR: { precision: 0, minimumScale: 10000, perUsd: 15600 },
  VND: { precision: 0, minimumScale: 10000, perUsd: 24000 },
  HUF: { precision: 0, minimumScale: 1, perUsd: 360 },
  CLP: { precision: 0, minimumScale: 1, perUsd: 900 },
  TWD: { precision: 0, minimumScale: 1, perUsd: 32 },
  BRL: { precision: 2, minimumScale: 1, perUsd: 5 },
  AUD: { precision: 2, minimumScale: 1, perUsd: 1.5 },
  CAD: { precision: 2, minimumScale: 1, perUsd: 1.35 },
};

const FALLBACK: CurrencyInfo = { precision: 2, minimumScale: 1, perUsd: 1 };

function info(currency: string): CurrencyInfo {
  return CURRENCIES[currency] ?? FALLBACK;
}

export function currencyPrecision(currency: string): 0 | 2 {
  return info(currency).precision;
}

export function minimumBudget(currency: string): number {
  return 50 * info(currency).minimumScale;
}

export function perUsd(currency: string): number {
  return info(currency).perUsd;
}

/** True when `amount` has no more decimals than the currency allows. */
export function hasValidPrecision(amount: number, currency: string): boolean {
  const scaled = amount * 10 ** currencyPrecision(currency);
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export function roundToCurrency(amount: number, currency: string): number {
  const f = 10 ** currencyPrecision(currency);
  return Math.round(amount * f) / f;
}

/** Minor units (cents, or whole yen) → the string TikTok reports ("14.68", "1234"). */
export function formatMinor(minor: number, currency: string): string {
  return currencyPrecision(currency) === 0 ? String(minor) : (minor / 100).toFixed(2);
}

export function minorToUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyPrecision(currency);
}
