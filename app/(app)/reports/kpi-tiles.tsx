"use client";
/**
 * The KPI tiles, one per figure of the metric catalogue (lib/metrics/catalogue.ts): the range's figure, its change
 * against the previous period of equal length (coloured by meaning, and said in words too: colour never carries the
 * message alone), and the previous value. A figure TikTok reports no value for (conversions without conversion
 * tracking) reads "—", never 0. A change is shown only when both periods are fully synced (lib/reports/coverage.ts):
 * otherwise the tile says "Not compared", a partial sum is marked as the synced days' only, and the note above the
 * tiles names the missing days.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../convex/_generated/api";
import { FIGURE_NAMES } from "../../../lib/metrics/catalogue";
import { comparable, isComplete, isUnsynced } from "../../../lib/reports/coverage";
import { describeChange, FIGURE_LABELS, formatFigure, NOT_COMPARED, previousFigure } from "../../../lib/ui/reports";

type Summary = FunctionReturnType<typeof api.tiktok.reports.summary>;

const ARROWS = { up: "▲", down: "▼", flat: "", none: "" } as const;

export function KpiTiles({ summary }: { summary: Summary }) {
  const { current, previous } = summary.coverage;
  const compared = comparable(current, previous);
  const partial = !isComplete(current) && !isUnsynced(current);
  return (
    <ul className="kpis" aria-label="Key figures" data-testid="kpis">
      {FIGURE_NAMES.map((name) => {
        const change = compared ? describeChange(name, summary.change[name]) : NOT_COMPARED;
        const value = isUnsynced(current) ? "Not synced" : formatFigure(name, summary.current[name], summary.currency);
        return (
          <li key={name} className="kpi card" data-testid={`kpi-${name}`} data-value={summary.current[name] ?? ""}>
            <span className="kpi__label">{FIGURE_LABELS[name]}</span>
            <span className="kpi__value" data-testid="kpi-value">
              {value}
              {value === "—" ? <span className="sr-only"> (no value reported)</span> : null}
            </span>
            {partial ? (
              <span className="kpi__previous" data-testid="kpi-partial">
                Synced days only
              </span>
            ) : null}
            <span
              className={`kpi__change kpi__change--${change.tone}`}
              data-tone={change.tone}
              data-testid="kpi-change"
            >
              <span aria-hidden="true">
                {ARROWS[change.direction]} {change.text}
              </span>
              <span className="sr-only">{change.words}</span>
            </span>
            <span className="kpi__previous" data-testid="kpi-previous">
              Before: {previousFigure(name, summary.previous[name], previous, summary.currency)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
