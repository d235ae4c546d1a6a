/**
 * Numbers in words, the same on every page, in every message and in the server's errors: money at the currency's
 * precision with its ISO code (never a symbol: "$" is also CAD, AUD…, "¥" also CNY), counts with separators,
 * percents, and "—" for "no value", never 0. Intl never writes an exponent, however large the amount.
 */
/** Currencies TikTok takes and reports in whole units only (docs/tiktok-api.md §5): every other has two decimals. */
const WHOLE_UNIT_CURRENCIES = new Set(["JPY", "KRW", "IDR", "VND", "HUF", "CLP", "TWD"]);

/** The decimals amounts in `currency` are written with, as TikTok writes and accepts them. */
export function currencyDecimals(currency: string): 0 | 2 {
  return WHOLE_UNIT_CURRENCIES.has(currency.toUpperCase()) ? 0 : 2;
}

export const NO_VALUE = "—";

/** "USD 1,234.50", "JPY 1,235"; an unknown code still reads: "1,234.50 XYZ". Null: "—". */
export function formatMoney(amount: number | null, currency: string): string {
  if (amount === null || !Number.isFinite(amount)) return NO_VALUE;
  const decimals = currencyDecimals(currency);
  const code = currency.toUpperCase();
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: code,
      currencyDisplay: "code",
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    })
      .format(amount)
      .replace(/\u00a0/g, " ");
  } catch {
    // A code Intl does not know: the number at the precision TikTok uses, and the code as TikTok sent it.
    return `${amount.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })} ${code}`;
  }
}

/**
 * An amount as a person types it into a budget field: the currency's decimals, a point, no separators and no code
 * ("1234.50", "5000"). Intl, not `toFixed`, which writes "1e+21" from 1e21 up (a budget TikTok sent us may be that).
 */
export function amountInputText(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return "";
  const decimals = currencyDecimals(currency);
  return new Intl.NumberFormat("en-US", {
    useGrouping: false,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(amount);
}

/** "12,345"; null: "—". */
export function formatCount(n: number | null): string {
  return n === null || !Number.isFinite(n) ? NO_VALUE : Math.round(n).toLocaleString("en-US");
}

/** A percent as TikTok writes it (1.09 = 1.09%): "1.09%"; null: "—". */
export function formatPercent(percent: number | null): string {
  return percent === null || !Number.isFinite(percent) ? NO_VALUE : `${percent.toFixed(2)}%`;
}
