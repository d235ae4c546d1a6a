/**
 * The metric catalogue: every figure the product reports, once. Each additive metric says what TikTok calls it, how
 * its value is read, how it is stored and shown, and whether a rise is good news; each ratio says which sums it is
 * made of. Everything else loops over this: the report request (lib/tiktok/reports.ts), the stored fields and running
 * totals (convex/tiktok/validators.ts), sums, differences and ratios (lib/metrics/sums.ts), restatement notes, the
 * CSV, the KPI tiles, the table's columns and the chart's choices.
 *
 * Adding an additive metric is one entry here (and the simulator learning to report it): the schema's fields, the
 * sync, the queries and the pages follow. Non-additive metrics (reach, frequency) are not for this table: they do not
 * add up across days or campaigns (docs/tiktok-api.md §5), so they cannot be kept as running totals.
 *
 * Pure data and types: no Convex, no React.
 */

/** How a value is written on screen and in the CSV. */
export type MetricFormat = "money" | "count" | "percent";

/** What a rise means to the people reading it: spend rising is the budget at work, neither good nor bad. */
export type Direction = "good" | "bad" | "neutral";

/** A metric TikTok reports per object and day that adds up across days and objects. */
export interface AdditiveMetricDef {
  kind: "sum";
  /** TikTok's name for it in `report/integrated/get` (docs/tiktok-api.md §5; note `conversion`, singular). */
  tiktok: string;
  label: string;
  format: "money" | "count";
  /**
   * What TikTok's "-" means for it. `zero`: nothing happened (TikTok always reports these for a row with delivery).
   * `untracked`: the account does not measure it (no pixel, no app events), which is not 0 and is never shown as 0.
   */
  dash: "zero" | "untracked";
  higherIs: Direction;
  /**
   * The field on stored day rows and rollups. Money is stored in thousandths of the account's currency as an
   * integer, so sums and running totals are exact over years of days (every currency TikTok bills in has at most
   * three decimals); counts as they are.
   */
  field: string;
  /** The running-total field on day rows and cursors (the object's total through that date). */
  total: string;
  /** For `untracked` metrics: the running count of days TikTok reported a value (0 over a range: not tracked). */
  trackedDays?: string;
}

/** A ratio of two sums over the same rows, recomputed from the sums and never averaged from daily ratios. */
export interface RatioDef {
  kind: "ratio";
  label: string;
  format: "money" | "percent";
  higherIs: Direction;
  numerator: string;
  denominator: string;
  /** × 100 for a percent (TikTok writes CTR as 1.09 for 1.09%), × 1000 for a cost per mille. */
  scale: number;
}

/**
 * Every figure, in the order people read them: the KPI tiles, the table's columns, the CSV's columns and the chart's
 * choices all follow this order.
 */
export const FIGURES = {
  spend: {
    kind: "sum",
    tiktok: "spend",
    label: "Spend",
    format: "money",
    dash: "zero",
    higherIs: "neutral",
    field: "spendMilli",
    total: "cumSpendMilli",
  },
  impressions: {
    kind: "sum",
    tiktok: "impressions",
    label: "Impressions",
    format: "count",
    dash: "zero",
    higherIs: "good",
    field: "impressions",
    total: "cumImpressions",
  },
  clicks: {
    kind: "sum",
    tiktok: "clicks",
    label: "Clicks",
    format: "count",
    dash: "zero",
    higherIs: "good",
    field: "clicks",
    total: "cumClicks",
  },
  ctr: {
    kind: "ratio",
    label: "CTR",
    format: "percent",
    higherIs: "good",
    numerator: "clicks",
    denominator: "impressions",
    scale: 100,
  },
  cpc: {
    kind: "ratio",
    label: "CPC",
    format: "money",
    higherIs: "bad",
    numerator: "spend",
    denominator: "clicks",
    scale: 1,
  },
  cpm: {
    kind: "ratio",
    label: "CPM",
    format: "money",
    higherIs: "bad",
    numerator: "spend",
    denominator: "impressions",
    scale: 1000,
  },
  conversions: {
    kind: "sum",
    tiktok: "conversion",
    label: "Conversions",
    format: "count",
    dash: "untracked",
    higherIs: "good",
    field: "conversions",
    total: "cumConversions",
    trackedDays: "cumConversionDays",
  },
  costPerConversion: {
    kind: "ratio",
    label: "Cost per conversion",
    format: "money",
    higherIs: "bad",
    numerator: "spend",
    denominator: "conversions",
    scale: 1,
  },
} as const satisfies Record<string, AdditiveMetricDef | RatioDef>;

type Catalogue = typeof FIGURES;

export type FigureName = keyof Catalogue;
/** The additive metrics (kept per day, summed, carried in running totals). */
export type SumName = { [K in FigureName]: Catalogue[K] extends { kind: "sum" } ? K : never }[FigureName];
export type RatioName = Exclude<FigureName, SumName>;
/** Additive metrics whose "-" means "not tracked": kept apart from 0 all the way to the page. */
export type UntrackedSumName = { [K in SumName]: Catalogue[K] extends { dash: "untracked" } ? K : never }[SumName];
export type AlwaysSumName = Exclude<SumName, UntrackedSumName>;

/** The stored field of an additive metric (`spendMilli`), its running total (`cumSpendMilli`), its tracked days. */
export type FieldOf<K extends SumName> = Catalogue[K]["field"];
export type TotalOf<K extends SumName> = Catalogue[K]["total"];
export type TrackedDaysOf<K extends UntrackedSumName> = Catalogue[K]["trackedDays"];

export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];
export const SUM_NAMES = FIGURE_NAMES.filter((name): name is SumName => FIGURES[name].kind === "sum");
export const RATIO_NAMES = FIGURE_NAMES.filter((name): name is RatioName => FIGURES[name].kind === "ratio");

export function sumDef(name: SumName): AdditiveMetricDef {
  return FIGURES[name];
}

export function ratioDef(name: RatioName): RatioDef & { numerator: SumName; denominator: SumName } {
  return FIGURES[name];
}

export function isUntracked(name: SumName): name is UntrackedSumName {
  return sumDef(name).dash === "untracked";
}

/** Money is stored in thousandths of the account's currency (see AdditiveMetricDef.field). */
export const MONEY_SCALE = 1000;

/** A value in real units as stored: thousandths for money (rounded to the integer), counts as they are. */
export function toStored(name: SumName, value: number): number {
  return sumDef(name).format === "money" ? Math.round(value * MONEY_SCALE) : value;
}

/** A stored value in real units. */
export function fromStored(name: SumName, stored: number): number {
  return sumDef(name).format === "money" ? stored / MONEY_SCALE : stored;
}

/** TikTok's metric names to ask a report for: one per additive metric. */
export const TIKTOK_REPORT_METRICS: readonly string[] = SUM_NAMES.map((name) => sumDef(name).tiktok);
