/**
 * The Reports page's campaign table: its list contract (lib/lists/contract.ts), shared by the report queries
 * (convex/tiktok/reports.ts) and the page. It sorts by name, status or any figure of the metric catalogue.
 */
import { FIGURE_NAMES } from "../metrics/catalogue";
import { defineList } from "../lists/contract";

export const REPORT_TABLE = defineList({
  sorts: ["name", "status", ...FIGURE_NAMES],
  ascendingFirst: ["name", "status"],
  defaultSort: "spend",
  defaultOrder: "desc",
  pageSizes: [25],
  maxPageSize: 200,
});
export type ReportTableSort = (typeof REPORT_TABLE.sorts)[number];
