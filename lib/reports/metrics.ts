/**
 * Report figures from summed parts. Ratios are always recomputed from sums over the range (never averaged from
 * daily ratios, which would weigh a quiet day like a busy one), and a ratio over zero is "no value", not zero.
 * Spend arrives in thousandths of the account's currency (as stored) and leaves in real units.
 */
export interface Sums {
  spendMilli: number;
  impressions: number;
  clicks: number;
  /** Null when no day of the range reported conversions: the account tracks none, which is not "0 conversions". */
  conversions: number | null;
}

export interface Figures {
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number | null;
  /** Percent, like TikTok's own `ctr`. */
  ctr: number | null;
  cpc: number | null;
  cpm: number | null;
  costPerConversion: number | null;
}

export const ZERO_SUMS: Sums = { spendMilli: 0, impressions: 0, clicks: 0, conversions: null };

export function addSums(a: Sums, b: Sums): Sums {
  return {
    spendMilli: a.spendMilli + b.spendMilli,
    impressions: a.impressions + b.impressions,
    clicks: a.clicks + b.clicks,
    conversions: a.conversions === null && b.conversions === null ? null : (a.conversions ?? 0) + (b.conversions ?? 0),
  };
}

const ratio = (numerator: number, denominator: number, scale = 1): number | null =>
  denominator > 0 ? (numerator / denominator) * scale : null;

export function figures(s: Sums): Figures {
  const spend = s.spendMilli / 1000;
  return {
    spend,
    impressions: s.impressions,
    clicks: s.clicks,
    conversions: s.conversions,
    ctr: ratio(s.clicks, s.impressions, 100),
    cpc: ratio(spend, s.clicks),
    cpm: ratio(spend, s.impressions, 1000),
    costPerConversion: s.conversions === null ? null : ratio(spend, s.conversions),
  };
}

export type FigureName = keyof Figures;

/** Every figure a report shows, in the order reports list them. */
export const FIGURE_NAMES = [
  "spend",
  "impressions",
  "clicks",
  "conversions",
  "ctr",
  "cpc",
  "cpm",
  "costPerConversion",
] as const satisfies readonly FigureName[];

/** Relative change from the previous period, or null when there is nothing to compare with. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}
