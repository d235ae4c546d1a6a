/**
 * What the Reports page computes, as pure functions (unit-tested without a browser): the date presets in the ad
 * account's own timezone, the previous period of equal length, the report's address (so a link shows the same
 * report), and the words and numbers on screen: money at the currency's precision, counts, ratios, changes coloured
 * by what they mean (a higher CPC is bad news, more clicks good news) and "no value" shown as "—", never as 0.
 *
 * Which days are synced, and when two periods may be compared, is lib/reports/coverage.ts's rule; the words for it
 * are here.
 *
 * Not here: the figures themselves (convex/tiktok/reports.ts computes them from sums, lib/metrics/sums.ts), nor
 * their names, labels, formats and directions (lib/metrics/catalogue.ts).
 */
import { FIGURE_NAMES, FIGURES, type FigureName, type SumName } from "../metrics/catalogue";
import type { Figures } from "../metrics/sums";
import { isSort, MAX_SEARCH_LENGTH, type SortOrder } from "../lists/contract";
import { MAX_ID_LENGTH } from "../tiktok/ids";
import { REPORT_TABLE, type ReportTableSort } from "../reports/table";
import { dateRange, monthDay } from "../format/dates";
import { comparable, isComplete, isUnsynced, type Coverage, type Period } from "../reports/coverage";
import { formatCount, formatMoney, formatPercent, NO_VALUE } from "../format/numbers";
import { addDays, daysInRange, isIsoDate } from "../tiktok/dates";
import { lastWholeDays } from "../reports/presets";

export const PRESETS = [
  "yesterday",
  "last_7_days",
  "last_14_days",
  "last_30_days",
  "month_to_date",
  "last_month",
] as const;
export type Preset = (typeof PRESETS)[number];
export type RangeChoice = Preset | "custom";

export const PRESET_LABELS: Record<RangeChoice, string> = {
  yesterday: "Yesterday",
  last_7_days: "Last 7 days",
  last_14_days: "Last 14 days",
  last_30_days: "Last 30 days",
  month_to_date: "Month to date",
  last_month: "Last month",
  custom: "Custom",
};

export const DEFAULT_PRESET: Preset = "last_7_days";

/** The longest custom range the page asks for (the report queries allow 731 days; a year and a bit is plenty). */
export const MAX_CUSTOM_DAYS = 366;

export interface DateRange {
  from: string;
  to: string;
}

export function isPreset(value: unknown): value is Preset {
  return typeof value === "string" && (PRESETS as readonly string[]).includes(value);
}

/**
 * A preset's dates, given the account's local today. "Last N days" are the N whole days before today (today is
 * still being counted, so it would drag every total down), as in TikTok Ads Manager; month to date includes today.
 */
export function presetRange(preset: Preset, today: string): DateRange {
  const yesterday = addDays(today, -1);
  switch (preset) {
    case "yesterday":
      return { from: yesterday, to: yesterday };
    case "last_7_days":
      return lastWholeDays(7, today);
    case "last_14_days":
      return lastWholeDays(14, today);
    case "last_30_days":
      return lastWholeDays(30, today);
    case "month_to_date":
      return { from: `${today.slice(0, 8)}01`, to: today };
    case "last_month": {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}

/** The period of equal length just before the range: what every change on the page is measured against. */
export function previousPeriod(range: DateRange): DateRange {
  const days = daysInRange({ startDate: range.from, endDate: range.to });
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

// ---------------------------------------------------------------------------------------------------------------
// The report's address: ?a=<advertiser>&range=<preset>&from=&to=&m=<metric>,<metric>&sort=&order=&q=&page=

/** Any figure can be drawn on the chart. */
export const CHART_METRICS = FIGURE_NAMES;
export type ChartMetric = (typeof CHART_METRICS)[number];
export const DEFAULT_CHART_METRICS: [ChartMetric, ChartMetric] = ["spend", "clicks"];

export interface ReportParams {
  advertiserId?: string;
  range: RangeChoice;
  /** Explicit dates: always kept, so a copied link shows the same days even tomorrow. */
  from?: string;
  to?: string;
  metrics: [ChartMetric, ChartMetric];
  sort: ReportTableSort;
  order: SortOrder;
  search: string;
  page: number;
}

type SearchParamsLike = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: SearchParamsLike, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the address; anything unknown or malformed falls back to the default rather than failing the page. */
export function parseReportParams(params: SearchParamsLike): ReportParams {
  const advertiser = read(params, "a");
  const range = read(params, "range");
  const from = read(params, "from");
  const to = read(params, "to");
  const datesOk = from !== undefined && to !== undefined && isIsoDate(from) && isIsoDate(to) && from <= to;
  const metrics = (read(params, "m") ?? "")
    .split(",")
    .filter((m): m is ChartMetric => (CHART_METRICS as readonly string[]).includes(m));
  const first = metrics[0] ?? DEFAULT_CHART_METRICS[0];
  const second = metrics.find((m) => m !== first) ?? DEFAULT_CHART_METRICS.find((m) => m !== first)!;
  const sort = read(params, "sort");
  const page = Number(read(params, "page") ?? "1");
  return {
    advertiserId:
      advertiser && /^[0-9A-Za-z_-]+$/.test(advertiser) && advertiser.length <= MAX_ID_LENGTH ? advertiser : undefined,
    range: isPreset(range) ? range : range === "custom" && datesOk ? "custom" : DEFAULT_PRESET,
    ...(datesOk && daysInRange({ startDate: from, endDate: to }) <= MAX_CUSTOM_DAYS ? { from, to } : {}),
    metrics: [first, second],
    sort: isSort(REPORT_TABLE, sort) ? sort : REPORT_TABLE.defaultSort,
    order:
      read(params, "order") === "asc" ? "asc" : read(params, "order") === "desc" ? "desc" : REPORT_TABLE.defaultOrder,
    search: (read(params, "q") ?? "").slice(0, MAX_SEARCH_LENGTH),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The range the page shows: the address's explicit dates when it has them, else the preset's dates for today. */
export function resolveRange(params: ReportParams, today: string): DateRange & { choice: RangeChoice } {
  if (params.from && params.to) {
    // A preset link from another day keeps its dates (the same report); the button lights only if they still match.
    const still = params.range !== "custom" && sameRange(presetRange(params.range, today), params);
    return { from: params.from, to: params.to, choice: still ? params.range : "custom" };
  }
  const preset = params.range === "custom" ? DEFAULT_PRESET : params.range;
  return { ...presetRange(preset, today), choice: preset };
}

function sameRange(a: DateRange, b: { from?: string; to?: string }): boolean {
  return a.from === b.from && a.to === b.to;
}

/** The address for `params` (defaults left out, so links stay short). */
export function reportSearch(params: ReportParams): string {
  const q = new URLSearchParams();
  if (params.advertiserId) q.set("a", params.advertiserId);
  q.set("range", params.range);
  if (params.from && params.to) {
    q.set("from", params.from);
    q.set("to", params.to);
  }
  if (params.metrics[0] !== DEFAULT_CHART_METRICS[0] || params.metrics[1] !== DEFAULT_CHART_METRICS[1])
    q.set("m", params.metrics.join(","));
  if (params.sort !== REPORT_TABLE.defaultSort) q.set("sort", params.sort);
  if (params.order !== REPORT_TABLE.defaultOrder) q.set("order", params.order);
  if (params.search) q.set("q", params.search);
  if (params.page > 1) q.set("page", String(params.page));
  return `?${q.toString()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers in words

export const FIGURE_LABELS = Object.fromEntries(FIGURE_NAMES.map((name) => [name, FIGURES[name].label])) as Record<
  FigureName,
  string
>;

export function formatFigure(name: FigureName, value: number | null, currency: string): string {
  switch (FIGURES[name].format) {
    case "money":
      return formatMoney(value, currency);
    case "percent":
      return formatPercent(value);
    case "count":
      return formatCount(value);
  }
}

/** For a chart's axis: short ("12.3k", "$1.2k" without the code), precise enough to read a trend. */
export function formatAxis(name: FigureName, value: number): string {
  const format = FIGURES[name].format;
  if (format === "percent") return `${value.toFixed(value >= 10 ? 0 : 1)}%`;
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return format === "money" ? value.toFixed(abs < 10 && value !== 0 ? 2 : 0) : String(Math.round(value));
}

export type ChangeTone = "good" | "bad" | "neutral";

export interface ChangeView {
  /** "+12.3%", "−4.0%", "0.0%", or "—" with nothing to compare. */
  text: string;
  /** The same in words, for screen readers: "up 12.3% from the previous period". */
  words: string;
  direction: "up" | "down" | "flat" | "none";
  tone: ChangeTone;
}

/** A relative change (0.123 = +12.3%) for `figure`, coloured by what a rise of that figure means. */
export function describeChange(figure: FigureName, change: number | null): ChangeView {
  if (change === null || !Number.isFinite(change)) {
    return { text: NO_VALUE, words: "no previous value to compare with", direction: "none", tone: "neutral" };
  }
  const percent = Math.abs(change * 100);
  const rounded = percent.toFixed(1);
  if (rounded === "0.0")
    return { text: "0.0%", words: "unchanged from the previous period", direction: "flat", tone: "neutral" };
  const direction = change > 0 ? "up" : "down";
  // Spend rising is neither good nor bad: it is the budget at work (the catalogue says so per figure).
  const meaning = FIGURES[figure].higherIs;
  const tone: ChangeTone =
    meaning === "neutral" ? "neutral" : (direction === "up") === (meaning === "good") ? "good" : "bad";
  return {
    text: `${direction === "up" ? "+" : "−"}${rounded}%`,
    words: `${direction} ${rounded}% from the previous period`,
    direction,
    tone,
  };
}

export interface Restatement {
  date: string;
  metric: SumName;
  before: number | null;
  after: number | null;
}

/** "Nov 20: conversions +12 since the last sync"; spend in the currency ("spend −3.20 USD"). */
export function restatementNote(r: Restatement, currency: string): string {
  const label = FIGURE_LABELS[r.metric].toLowerCase();
  let delta: string;
  if (r.before === null || r.after === null) {
    delta = r.after === null ? "no longer reported" : `now ${formatFigure(r.metric, r.after, currency)} (was no value)`;
  } else {
    const diff = r.after - r.before;
    const sign = diff > 0 ? "+" : diff < 0 ? "−" : "±";
    delta = `${sign}${formatFigure(r.metric, Math.abs(diff), currency)}`;
  }
  return `${monthDay(r.date)}: ${label} ${delta} since the last sync`;
}

/** The figures of a day or range with nothing delivered: spend, impressions and clicks all zero. */
export function noDelivery(f: Pick<Figures, "spend" | "impressions" | "clicks">): boolean {
  return f.spend === 0 && f.impressions === 0 && f.clicks === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Days not synced, in words (the rule itself: lib/reports/coverage.ts)

/** "Aug 1 – Sep 8, 2026", "Aug 1 – Sep 8, 2026 and Sep 20, 2026", "…, Oct 2, 2026 and 3 more stretches". */
export function missingDays(coverage: Coverage): string {
  const parts = coverage.missing.map((stretch) => dateRange(stretch));
  if (coverage.moreMissing > 0)
    parts.push(`${coverage.moreMissing} more ${coverage.moreMissing === 1 ? "stretch" : "stretches"}`);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** Under the range's heading when part of it is not synced: which days, and that the figures count the rest only. */
export function rangeCoverageNote(coverage: Coverage): string | null {
  if (isComplete(coverage)) return null;
  if (isUnsynced(coverage))
    return `No day of this range is synced (${missingDays(coverage)}): there is nothing to count.`;
  const unsynced = coverage.days - coverage.syncedDays;
  return (
    `Not synced: ${missingDays(coverage)} (${unsynced} of ${coverage.days} days). ` +
    `The figures count the ${coverage.syncedDays} synced ${coverage.syncedDays === 1 ? "day" : "days"} only.`
  );
}

/** Why no change is shown, naming the days missing in each period; null when both periods are fully synced. */
export function comparisonNote(current: Coverage, previous: Coverage, previousPeriod: Period): string | null {
  if (comparable(current, previous)) return null;
  const parts: string[] = [];
  if (!isComplete(current)) parts.push(`this range is not synced for ${missingDays(current)}`);
  if (!isComplete(previous)) {
    const period = `the previous period, ${dateRange(previousPeriod)},`;
    parts.push(
      isUnsynced(previous) ? `${period} is not synced at all` : `${period} is not synced for ${missingDays(previous)}`,
    );
  }
  return `No change is shown: ${parts.join(", and ")}. A change is shown only between periods whose every day is synced.`;
}

/** A tile's change when the two periods may not be compared: no percentage, and why, in words. */
export const NOT_COMPARED: ChangeView = {
  text: "Not compared",
  words: "not compared: not every day of both periods is synced",
  direction: "none",
  tone: "neutral",
};

/**
 * The previous period's figure beside a tile, or what stands in for it when that period is not fully synced: a sum
 * over some of its days is never shown as the period's whole (the comparison note names the days).
 */
export function previousFigure(name: FigureName, value: number | null, coverage: Coverage, currency: string): string {
  if (isUnsynced(coverage)) return "Not synced";
  if (!isComplete(coverage)) return "Partly synced";
  return formatFigure(name, value, currency);
}
