"use client";
/**
 * The daily chart: two metrics at once on two axes (the switcher picks them), provisional days shaded, restated days
 * marked, days not synced left as gaps (named under the chart: lib/reports/coverage.ts), and the same numbers as a
 * table for screen readers and keyboards.
 *
 * Why uPlot (1.6, canvas) and not recharts: this page is opened every morning and must be fast. Measured with
 * Next 16 here (docs/architecture.md §7), recharts costs 116 KB gzipped, uPlot 22 KB; uPlot draws a year of days on one canvas
 * in a few milliseconds and has two y-axes built in. Canvas is invisible to assistive technology, so the chart
 * carries a one-sentence label and a full table beside it. The library is imported only when the chart mounts
 * (`import("uplot")` below), so no other page, and not this page's first paint, pays for it.
 */
import type uPlotType from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../convex/_generated/api";
import { chartColumns, chartSummary, dayToX, provisionalSpan, xToDay } from "../../../lib/ui/chart";
import type { QueryState } from "../../_components/use-query-state";
import { monthDay } from "../../../lib/format/dates";
import { coverageOf, isComplete } from "../../../lib/reports/coverage";
import {
  CHART_METRICS,
  FIGURE_LABELS,
  formatAxis,
  formatFigure,
  missingDays,
  type ChartMetric,
  type Restatement,
} from "../../../lib/ui/reports";
import { ErrorState, SkeletonBlock } from "../../_components/states";
import { errorMessage } from "../../../lib/ui/errors";

type Series = FunctionReturnType<typeof api.tiktok.reports.series>;

/** The two series' colours: the product's accent and its info blue, told apart by the legend's words too. */
const COLORS = ["#e11d48", "#2f6fdb"] as const;
const PROVISIONAL_FILL = "rgba(217, 133, 6, 0.13)";
const RESTATED_MARK = "#8a4a06";
const DAY = 86_400;

export function DailyChart({
  series,
  restatements,
  metrics,
  currency,
  onMetrics,
}: {
  series: QueryState<Series>;
  restatements: readonly Restatement[];
  metrics: [ChartMetric, ChartMetric];
  currency: string;
  onMetrics: (metrics: [ChartMetric, ChartMetric]) => void;
}) {
  const restatedDates = useMemo(() => [...new Set(restatements.map((r) => r.date))].sort(), [restatements]);
  const headingId = useId();

  return (
    <section className="card reports__section chart" aria-labelledby={headingId} data-testid="daily-chart">
      <div className="reports__head chart__head">
        <h2 id={headingId} className="section-title">
          Day by day
        </h2>
        <div className="chart__switcher">
          <MetricSelect
            id="chart-left"
            label="Left axis"
            value={metrics[0]}
            other={metrics[1]}
            onChange={(m) => onMetrics([m, metrics[1]])}
          />
          <MetricSelect
            id="chart-right"
            label="Right axis"
            value={metrics[1]}
            other={metrics[0]}
            onChange={(m) => onMetrics([metrics[0], m])}
          />
        </div>
      </div>
      {series.status === "loading" ? (
        <SkeletonBlock width="100%" height="280px" />
      ) : series.status === "error" ? (
        <ErrorState
          title="Could not load the daily numbers"
          message={errorMessage(series.error, "The app could not load the daily numbers. Try again in a moment.")}
        />
      ) : (
        <ChartBody points={series.data.points} metrics={metrics} currency={currency} restatedDates={restatedDates} />
      )}
    </section>
  );
}

function MetricSelect({
  id,
  label,
  value,
  other,
  onChange,
}: {
  id: string;
  label: string;
  value: ChartMetric;
  other: ChartMetric;
  onChange: (metric: ChartMetric) => void;
}) {
  return (
    <div className="chart__metric">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select select--small"
        value={value}
        onChange={(e) => onChange(e.target.value as ChartMetric)}
      >
        {CHART_METRICS.map((m) => (
          <option key={m} value={m} disabled={m === other}>
            {FIGURE_LABELS[m]}
          </option>
        ))}
      </select>
    </div>
  );
}

function ChartBody({
  points,
  metrics,
  currency,
  restatedDates,
}: {
  points: Series["points"];
  metrics: [ChartMetric, ChartMetric];
  currency: string;
  restatedDates: readonly string[];
}) {
  const holder = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const summary = chartSummary({ points, metrics, currency, restatedDays: restatedDates.length });
  const restated = useMemo(() => new Set(restatedDates), [restatedDates]);
  const coverage = useMemo(
    () =>
      points.length === 0
        ? undefined
        : coverageOf(
            { from: points[0]!.date, to: points.at(-1)!.date },
            points.filter((p) => p.synced).map((p) => p.date),
          ),
    [points],
  );

  useEffect(() => {
    const el = holder.current;
    if (!el || points.length < 2) return;
    let chart: uPlotType | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    const columns = chartColumns(points, metrics);
    const span = provisionalSpan(points);
    const size = () => ({ width: Math.max(280, el.clientWidth), height: el.clientWidth < 600 ? 220 : 280 });

    import("uplot")
      .then(({ default: uPlot }) => {
        if (cancelled) return;
        const options: uPlotType.Options = {
          ...size(),
          // Local dates at UTC midnight: reading them in UTC keeps each point on its own day, whatever the viewer's zone.
          tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
          legend: { show: false },
          cursor: { drag: { x: false, y: false }, points: { size: 7 } },
          scales: { x: { time: true, range: (_u, min, max) => [min - DAY / 2, max + DAY / 2] } },
          series: [
            {},
            { label: FIGURE_LABELS[metrics[0]], scale: "left", stroke: COLORS[0], width: 2, spanGaps: false },
            { label: FIGURE_LABELS[metrics[1]], scale: "right", stroke: COLORS[1], width: 2, dash: [6, 3] },
          ],
          axes: [
            {
              stroke: "#5c5f6b",
              grid: { show: false },
              // Whole days only (a tick at noon would repeat the date): one, two, seven… days apart, as room allows.
              incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 56 * DAY],
              values: (_u, splits) => splits.map((x) => monthDay(xToDay(x))),
            },
            {
              scale: "left",
              stroke: COLORS[0],
              grid: { stroke: "#eef0f3" },
              size: 56,
              values: (_u, splits) => splits.map((v) => formatAxis(metrics[0], v)),
            },
            {
              scale: "right",
              side: 1,
              stroke: COLORS[1],
              grid: { show: false },
              size: 56,
              values: (_u, splits) => splits.map((v) => formatAxis(metrics[1], v)),
            },
          ],
          hooks: {
            drawClear: [
              (u) => {
                if (!span) return;
                const { ctx, bbox } = u;
                const left = u.valToPos(dayToX(span.from) - DAY / 2, "x", true);
                const right = u.valToPos(dayToX(span.to) + DAY / 2, "x", true);
                ctx.save();
                ctx.fillStyle = PROVISIONAL_FILL;
                ctx.fillRect(
                  Math.max(left, bbox.left),
                  bbox.top,
                  Math.min(right, bbox.left + bbox.width) - left,
                  bbox.height,
                );
                ctx.restore();
              },
            ],
            draw: [
              (u) => {
                const { ctx, bbox } = u;
                const r = 5 * devicePixelRatio;
                ctx.save();
                ctx.fillStyle = RESTATED_MARK;
                for (const date of restated) {
                  const x = u.valToPos(dayToX(date), "x", true);
                  if (x < bbox.left || x > bbox.left + bbox.width) continue;
                  // A small downward triangle along the top edge: "this day changed".
                  ctx.beginPath();
                  ctx.moveTo(x - r, bbox.top);
                  ctx.lineTo(x + r, bbox.top);
                  ctx.lineTo(x, bbox.top + r * 1.6);
                  ctx.closePath();
                  ctx.fill();
                }
                ctx.restore();
              },
            ],
            setCursor: [(u) => setHover(u.cursor.idx ?? null)],
          },
        };
        chart = new uPlot(options, [columns.x, columns.left, columns.right], el);
        observer = new ResizeObserver(() => chart?.setSize(size()));
        observer.observe(el);
      })
      .catch(() => setFailed(true));

    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [points, metrics, restated]);

  const hovered = hover === null ? undefined : points[hover];

  return (
    <>
      <ul className="chart__legend" aria-hidden="true">
        <li>
          <span className="chart__swatch" style={{ background: COLORS[0] }} /> {FIGURE_LABELS[metrics[0]]} (left)
        </li>
        <li>
          <span className="chart__swatch chart__swatch--dashed" style={{ borderColor: COLORS[1] }} />{" "}
          {FIGURE_LABELS[metrics[1]]} (right)
        </li>
        <li>
          <span className="provisional-swatch" /> Provisional
        </li>
        <li>
          <span className="restated-swatch" /> Restated
        </li>
      </ul>
      {failed ? (
        <p className="muted">The chart could not be drawn here; the table below has every day&apos;s numbers.</p>
      ) : points.length < 2 ? (
        <p className="muted" data-testid="chart-one-day">
          One day: its numbers are in the tiles above. Choose a longer range to see the days side by side.
        </p>
      ) : (
        <div className="chart__canvas" role="img" aria-label={summary} ref={holder} data-testid="chart-canvas" />
      )}
      {coverage && !isComplete(coverage) ? (
        <p className="muted small" data-testid="chart-coverage">
          Not synced, left blank: {missingDays(coverage)}.
        </p>
      ) : null}
      <p className="chart__readout small" aria-hidden="true">
        {hovered
          ? `${monthDay(hovered.date)}: ${FIGURE_LABELS[metrics[0]]} ${hovered.synced ? formatFigure(metrics[0], hovered.figures[metrics[0]], currency) : "not synced"} · ${FIGURE_LABELS[metrics[1]]} ${hovered.synced ? formatFigure(metrics[1], hovered.figures[metrics[1]], currency) : "not synced"}${hovered.provisional ? " · provisional" : ""}${restated.has(hovered.date) ? " · restated" : ""}`
          : "Point at the chart to read a day."}
      </p>
      <details className="chart__table">
        <summary>Show the daily numbers as a table</summary>
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Daily numbers, scrolls">
          <table className="data-table report-table" data-testid="daily-table">
            <caption className="sr-only">Daily numbers, {currency}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {CHART_METRICS.map((m) => (
                  <th key={m} scope="col" className="num">
                    {FIGURE_LABELS[m]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.date}>
                  <th scope="row">
                    {monthDay(p.date)}
                    {p.provisional ? <span className="tag tag--warn day-tag">provisional</span> : null}
                    {restated.has(p.date) ? <span className="tag tag--quiet day-tag">restated</span> : null}
                  </th>
                  {CHART_METRICS.map((m) => (
                    <td key={m} className="num">
                      {p.synced ? formatFigure(m, p.figures[m], currency) : <span className="muted">not synced</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
