/**
 * The daily chart's data, as pure functions: the two chosen metrics per day in the columns uPlot draws (x in
 * seconds), a gap (null) for a day the sync has not covered yet (so it is not drawn as a zero), the provisional days
 * as one shaded span, and the restated days to mark. Also the chart's text alternative: a sentence for the canvas'
 * label. No uPlot import here: the library is loaded by the page only when the chart is drawn.
 */
import type { Figures } from "../metrics/sums";
import { dateRange } from "../format/dates";
import { FIGURE_LABELS, formatFigure, type ChartMetric } from "./reports";

export interface ChartPoint {
  date: string;
  synced: boolean;
  provisional: boolean;
  figures: Figures;
}

/** Seconds since the epoch at the date's UTC midnight: the chart's x, with no timezone applied to local dates. */
export function dayToX(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

export function xToDay(x: number): string {
  return new Date(x * 1000).toISOString().slice(0, 10);
}

export interface ChartColumns {
  x: number[];
  left: (number | null)[];
  right: (number | null)[];
}

export function chartColumns(
  points: readonly ChartPoint[],
  metrics: readonly [ChartMetric, ChartMetric],
): ChartColumns {
  const value = (p: ChartPoint, metric: ChartMetric) => (p.synced ? p.figures[metric] : null);
  return {
    x: points.map((p) => dayToX(p.date)),
    left: points.map((p) => value(p, metrics[0])),
    right: points.map((p) => value(p, metrics[1])),
  };
}

/** The first and last provisional day of the range (they are always the range's tail), or null when none is. */
export function provisionalSpan(points: readonly ChartPoint[]): { from: string; to: string } | null {
  const first = points.find((p) => p.provisional);
  const last = points.findLast((p) => p.provisional);
  return first && last ? { from: first.date, to: last.date } : null;
}

/** One line for screen readers: what the canvas shows (the table beside it has every number). */
export function chartSummary(args: {
  points: readonly ChartPoint[];
  metrics: readonly [ChartMetric, ChartMetric];
  currency: string;
  restatedDays: number;
}): string {
  const { points, metrics, currency } = args;
  if (points.length === 0) return "No days to chart.";
  const range = dateRange({ from: points[0]!.date, to: points.at(-1)!.date });
  const total = (m: ChartMetric) => {
    const synced = points.filter((p) => p.synced);
    const peak = synced.reduce<ChartPoint | null>((best, p) => {
      const v = p.figures[m];
      return v !== null && (best === null || (best.figures[m] ?? -Infinity) < v) ? p : best;
    }, null);
    return peak
      ? `${FIGURE_LABELS[m]} peaked at ${formatFigure(m, peak.figures[m], currency)} on ${peak.date}`
      : `${FIGURE_LABELS[m]} has no values`;
  };
  const span = provisionalSpan(points);
  const parts = [
    `Daily ${FIGURE_LABELS[metrics[0]]} (left axis) and ${FIGURE_LABELS[metrics[1]]} (right axis), ${range}.`,
    `${total(metrics[0])}; ${total(metrics[1])}.`,
  ];
  if (span) parts.push(`Days from ${span.from} are provisional and shaded.`);
  if (args.restatedDays > 0)
    parts.push(`${args.restatedDays} restated ${args.restatedDays === 1 ? "day is" : "days are"} marked.`);
  const missing = points.filter((p) => !p.synced).length;
  if (missing > 0) parts.push(`${missing} ${missing === 1 ? "day is" : "days are"} not synced yet and left blank.`);
  return parts.join(" ");
}
