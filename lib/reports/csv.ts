/**
 * CSV files of the Reports page, for spreadsheets: the campaign table (exactly its rows, same order, and its totals
 * row) and the campaign × day export (one line per campaign and day). The figures' columns are the metric
 * catalogue's (lib/metrics/catalogue.ts), in its order. Amounts are written at the currency's precision with the
 * currency in its own column; dates are the account's local dates. A cell that a spreadsheet would run as a formula
 * (a campaign named "=HYPERLINK(…)") is written as text. The file starts with a UTF-8 byte-order mark (Excel reads
 * a file without one in the machine's legacy code page, garbling names such as "Café" or "東京"), and its name
 * says the account, the currency and the dates.
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

const FIGURE_COLUMNS = FIGURE_NAMES.map((name) =>
  FIGURES[name].format === "percent" ? `${FIGURES[name].label} (%)` : FIGURES[name].label,
);
const CAMPAIGN_COLUMNS = ["Campaign ID", "Campaign", "Status", "Objective", "Currency"];
const HEADER = ["From", "To", ...CAMPAIGN_COLUMNS, ...FIGURE_COLUMNS];
const DAY_HEADER = ["Date", ...CAMPAIGN_COLUMNS, ...FIGURE_COLUMNS];

/** Excel opens a CSV as UTF-8 only when it starts with this mark; other spreadsheets ignore it. */
export const UTF8_BYTE_ORDER_MARK = "\uFEFF";

function cell(value: string): string {
  // Formula injection: =, +, -, @ (and tab or carriage return) at the start make spreadsheets evaluate the cell.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A figure's cells at the currency's precision (percentages to two places); empty where there is no value. */
function figureCells(currency: string, f: Figures): string[] {
  const decimals = currencyDecimals(currency);
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
  return FIGURE_NAMES.map((figure) => value(figure, f[figure]));
}

function lines(header: string[], rows: string[][]): string {
  return [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\r\n") + "\r\n";
}

export function campaignCsv(args: {
  from: string;
  to: string;
  currency: string;
  rows: CsvRow[];
  totals: Figures;
}): string {
  const line = (id: string, name: string, status: string, objective: string, f: Figures) => [
    args.from,
    args.to,
    id,
    name,
    status,
    objective,
    args.currency,
    ...figureCells(args.currency, f),
  ];
  return lines(HEADER, [
    ...args.rows.map((r) => line(r.campaignId, r.name, r.status, r.objective, r.figures)),
    line("", "Total", "", "", args.totals),
  ]);
}

export interface CampaignDays {
  campaignId: string;
  name: string;
  status: string;
  objective: string;
  days: { date: string; figures: Figures }[];
}

/**
 * The campaign × day CSV: one line per campaign and day it has data for, by date, then campaign name, then id (the
 * order a pivot table or a filter expects). No totals line: a spreadsheet sums a column, and a total among the days
 * would be counted twice by anyone who does.
 */
export function campaignDayCsv(args: { currency: string; campaigns: CampaignDays[] }): string {
  const rows = args.campaigns.flatMap((c) => c.days.map((day) => ({ c, day })));
  rows.sort(
    (a, b) =>
      a.day.date.localeCompare(b.day.date) ||
      a.c.name.localeCompare(b.c.name) ||
      a.c.campaignId.localeCompare(b.c.campaignId),
  );
  return lines(
    DAY_HEADER,
    rows.map(({ c, day }) => [
      day.date,
      c.campaignId,
      c.name,
      c.status,
      c.objective,
      args.currency,
      ...figureCells(args.currency, day.figures),
    ]),
  );
}

/** The file's bytes as text: the byte-order mark, then the CSV. */
export function csvFileText(csv: string): string {
  return csv.startsWith(UTF8_BYTE_ORDER_MARK) ? csv : UTF8_BYTE_ORDER_MARK + csv;
}

/**
 * The file's name: what it holds, the account's name (letters and digits of any script kept, the rest as dashes),
 * the currency and the dates, e.g. "tiktok-campaigns-by-day_kite-kettle-jp_JPY_2026-12-01_to_2026-12-07.csv".
 * An account whose name has no letter or digit is named by its id.
 */
export function csvFileName(args: {
  kind: "campaigns" | "campaigns-by-day";
  account: { name: string; advertiserId: string };
  currency: string;
  from: string;
  to: string;
}): string {
  const slug =
    args.account.name
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || args.account.advertiserId;
  return `tiktok-${args.kind}_${slug}_${args.currency}_${args.from}_to_${args.to}.csv`;
}
