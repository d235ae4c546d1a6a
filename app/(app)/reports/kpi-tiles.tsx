"use client";
/**
 * The KPI tiles, one per figure of the metric catalogue (lib/metrics/catalogue.ts): the range's figure, its change
 * against the previous period of equal length (coloured by meaning, and said in words too: colour never carries the
 * message alone), and the previous value. A figure TikTok reports no value for (conversions without conversion
 * tracking) reads "—", never 0.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../convex/_generated/api";
import { FIGURE_NAMES } from "../../../lib/metrics/catalogue";
import { describeChange, FIGURE_LABELS, formatFigure } from "../../../lib/ui/reports";

type Summary = FunctionReturnType<typeof api.tiktok.reports.summary>;

const ARROWS = { up: "▲", down: "▼", flat: "", none: "" } as const;

export function KpiTiles({ summary }: { summary: Summary }) {
  return (
    <ul className="kpis" aria-label="Key figures" data-testid="kpis">
      {FIGURE_NAMES.map((name) => {
        const change = describeChange(name, summary.change[name]);
        const value = formatFigure(name, summary.current[name], summary.currency);
        return (
          <li key={name} className="kpi card" data-testid={`kpi-${name}`} data-value={summary.current[name] ?? ""}>
            <span className="kpi__label">{FIGURE_LABELS[name]}</span>
            <span className="kpi__value" data-testid="kpi-value">
              {value}
              {value === "—" ? <span className="sr-only"> (no value reported)</span> : null}
            </span>
            <span className={`kpi__change kpi__change--${change.tone}`} data-tone={change.tone}>
              <span aria-hidden="true">
                {ARROWS[change.direction]} {change.text}
              </span>
              <span className="sr-only">{change.words}</span>
            </span>
            <span className="kpi__previous">
              Before: {formatFigure(name, summary.previous[name], summary.currency)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
