/**
 * CSV of the campaign table, exactly its rows (same order) and its totals row, for spreadsheets. Amounts are written at
 * the currency's precision with the currency in its own column; dates are the account's local dates. A cell that a
 * spreadsheet would run as a formula (a campaign named "=HYPERLINK(…)") is written as text.
 */
import { currencyDecimals } from "../tiktok/money";
import type { Figures } from "./metrics";

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
  "Spend",
  "Impressions",
  "Clicks",
  "CTR (%)",
  "CPC",
  "CPM",
  "Conversions",
  "Cost per conversion",
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
  const money = (n: number | null) => (n === null ? "" : n.toFixed(decimals));
  const count = (n: number | null) => (n === null ? "" : String(n));
  const line = (id: string, name: string, status: string, objective: string, f: Figures) =>
    [
      args.from,
      args.to,
      id,
      name,
      status,
      objective,
      args.currency,
      money(f.spend),
      count(f.impressions),
      count(f.clicks),
      f.ctr === null ? "" : f.ctr.toFixed(2),
      money(f.cpc),
      money(f.cpm),
      count(f.conversions),
      money(f.costPerConversion),
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
