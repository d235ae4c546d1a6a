/**
 * CSV of the campaign table, exactly its rows (same order) and its totals row, for spreadsheets. The figures' columns
 * are the metric catalogue's (lib/metrics/catalogue.ts), in its order. Amounts are written at the currency's precision
 * with the currency in its own column; dates are the account's local dates. A cell that a spreadsheet would run as a
 * formula (a campaign named "=HYPERLINK(…)") is written as text.
 */
import { FIGURE_NAMES, FIGURES, type FigureName } from "../metrics/catalogue";
import type { Figures } from "../metrics/sums";
import { currencyDecimals } from "../format/numbers";

export interface CsvRow {
  campaignId: string;
  name: string;
  status: string;
  objective: string;
  figures: Figures;
}

const HEADER = [
  "From",
  "To",
  "Campaign ID",
  "Campaign",
  "Status",
  "Objective",
  "Currency",
  ...FIGURE_NAMES.map((name) =>
    FIGURES[name].format === "percent" ? `${FIGURES[name].label} (%)` : FIGURES[name].label,
  ),
];

function cell(value: string): string {
  // Formula injection: =, +, -, @ (and tab or carriage return) at the start make spreadsheets evaluate the cell.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function campaignCsv(args: {
  from: string;
  to: string;
  currency: string;
  rows: CsvRow[];
  totals: Figures;
}): string {
  const decimals = currencyDecimals(args.currency);
  const value = (name: FigureName, n: number | null): string => {
    if (n === null) return "";
    switch (FIGURES[name].format) {
      case "money":
        return n.toFixed(decimals);
      case "percent":
        return n.toFixed(2);
      case "count":
        return String(n);
    }
  };
  const line = (id: string, name: string, status: string, objective: string, f: Figures) =>
    [
      args.from,
      args.to,
      id,
      name,
      status,
      objective,
      args.currency,
      ...FIGURE_NAMES.map((figure) => value(figure, f[figure])),
    ]
      .map(cell)
      .join(",");
  return (
    [
      HEADER.join(","),
      ...args.rows.map((r) => line(r.campaignId, r.name, r.status, r.objective, r.figures)),
      line("", "Total", "", "", args.totals),
    ].join("\r\n") + "\r\n"
  );
}
