"use client";
/**
 * The campaign table (tiktok.reports.campaignTable): sortable by any column, searchable, paginated, with a totals row
 * that is the whole range's (it equals the KPI tiles, whatever the search or page) and the status in words. While a
 * search is on, a second totals row adds up the campaigns it matches (every page), and each row says which total it
 * is. Over a range not fully synced, the table says its figures count the synced days only, and which are missing.
 * Its CSV downloads (csv-exports.tsx) follow the table's search and order.
 */
import { useEffect, useId, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { FIGURE_NAMES } from "../../../lib/metrics/catalogue";
import type { Figures } from "../../../lib/metrics/sums";
import { isComplete, type Coverage } from "../../../lib/reports/coverage";
import { errorMessage } from "../../../lib/ui/errors";
import { formatCount } from "../../../lib/format/numbers";
import { FIGURE_LABELS, formatFigure, missingDays, type DateRange, type ReportParams } from "../../../lib/ui/reports";
import { MAX_SEARCH_LENGTH, nextSort } from "../../../lib/lists/contract";
import { REPORT_TABLE, type ReportTableSort } from "../../../lib/reports/table";
import { ErrorState, SkeletonBlock } from "../../_components/states";
import { useQueryState } from "../../_components/use-query-state";
import type { Workspace } from "../workspace";
import type { AccountOption } from "./reports-view";
import { CsvExports } from "./csv-exports";

/** The page size the table shows (its contract offers one). */
export const PAGE_SIZE = REPORT_TABLE.pageSizes[0]!;
const SEARCH_DELAY_MS = 250;

function columnLabel(column: ReportTableSort): string {
  return column === "name" ? "campaign name" : column === "status" ? "status" : FIGURE_LABELS[column];
}

export function CampaignTable({
  workspace,
  account,
  range,
  params,
  update,
  summaryTotals,
  coverage,
}: {
  workspace: Workspace;
  account: AccountOption;
  range: DateRange;
  params: ReportParams;
  update: (next: Partial<ReportParams>, how?: "push" | "replace") => void;
  summaryTotals: Figures;
  /** Which days of the range are synced (the summary's): a partial sum is said to be one. */
  coverage: Coverage;
}) {
  const headingId = useId();
  const [search, setSearch] = useState(params.search);

  // Typing updates the address (and the query) once the typist pauses; replace, not push: Back skips keystrokes.
  useEffect(() => {
    if (search === params.search) return;
    const timer = window.setTimeout(() => update({ search, page: 1 }, "replace"), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, params.search, update]);

  const tableArgs = {
    workspaceId: workspace.workspaceId,
    advertiserId: account.advertiserId,
    from: range.from,
    to: range.to,
    sort: params.sort,
    order: params.order,
    ...(params.search ? { search: params.search } : {}),
  };
  const table = useQueryState(api.tiktok.reports.campaignTable, {
    ...tableArgs,
    page: params.page - 1,
    pageSize: PAGE_SIZE,
  });

  const sortBy = (column: ReportTableSort) => update({ ...nextSort(REPORT_TABLE, params, column), page: 1 }, "replace");
  const currency = account.currency;

  return (
    <section className="card reports__section campaigns" aria-labelledby={headingId} data-testid="campaign-table">
      <div className="reports__head">
        <h2 id={headingId} className="section-title">
          Campaigns
        </h2>
        <div className="campaigns__tools">
          <div className="field campaigns__search">
            <label htmlFor="campaign-search">Search campaigns</label>
            <input
              id="campaign-search"
              className="input"
              type="search"
              value={search}
              maxLength={MAX_SEARCH_LENGTH}
              placeholder="Name or ID"
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <CsvExports args={tableArgs} account={account} />
        </div>
      </div>
      {isComplete(coverage) ? null : (
        <p className="muted small" data-testid="table-coverage">
          These figures count the synced days only. Not synced: {missingDays(coverage)}.
        </p>
      )}

      {table.status === "loading" ? (
        <SkeletonBlock width="100%" height="12rem" />
      ) : table.status === "error" ? (
        <ErrorState
          title="Could not load the campaigns"
          message={errorMessage(table.error, "The app could not load the campaigns. Try again in a moment.")}
        />
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Campaigns table, scrolls sideways">
            <table className="data-table report-table" data-testid="campaign-rows">
              <caption className="sr-only">
                Campaigns, {currency}, sorted by {columnLabel(params.sort)}{" "}
                {params.order === "asc" ? "ascending" : "descending"}
              </caption>
              <thead>
                <tr>
                  <SortHeader column="name" label="Campaign" params={params} onSort={sortBy} />
                  <SortHeader column="status" label="Status" params={params} onSort={sortBy} />
                  {FIGURE_NAMES.map((m) => (
                    <SortHeader key={m} column={m} label={FIGURE_LABELS[m]} params={params} onSort={sortBy} numeric />
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.data.rows.length === 0 ? (
                  <tr>
                    <td colSpan={2 + FIGURE_NAMES.length} className="muted">
                      {params.search ? `No campaign matches “${params.search}”.` : "No campaigns in this range."}
                    </td>
                  </tr>
                ) : (
                  table.data.rows.map((row) => (
                    <tr key={row.campaignId} data-testid="campaign-row">
                      <th scope="row">
                        <span className="adv__name">{row.name}</span>
                        <span className="adv__sub mono">{row.campaignId}</span>
                      </th>
                      <td className="campaigns__status">{row.status}</td>
                      {FIGURE_NAMES.map((m) => (
                        <td key={m} className="num">
                          {formatFigure(m, row.figures[m], currency)}
                        </td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
              <tfoot>
                {table.data.matchingTotals ? (
                  <tr data-testid="campaign-matching-totals">
                    <th scope="row">Matching total</th>
                    <td className="muted small">
                      {`${formatCount(table.data.total)} ${table.data.total === 1 ? "campaign" : "campaigns"} matching “${params.search}”`}
                    </td>
                    {FIGURE_NAMES.map((m) => (
                      <td key={m} className="num" data-testid={`matching-${m}`}>
                        {formatFigure(m, table.data.matchingTotals![m], currency)}
                      </td>
                    ))}
                  </tr>
                ) : null}
                <tr data-testid="campaign-totals">
                  <th scope="row">{table.data.matchingTotals ? "Account total" : "Total"}</th>
                  <td className="muted small">
                    {table.data.matchingTotals ? "All campaigns, not only the matches" : "All campaigns"}
                  </td>
                  {FIGURE_NAMES.map((m) => (
                    <td key={m} className="num" data-testid={`total-${m}`} data-value={table.data.totals[m] ?? ""}>
                      {formatFigure(m, table.data.totals[m], currency)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          {table.data.totals.spend !== summaryTotals.spend ? (
            <p className="muted small">A sync finished while this loaded; the numbers settle in a moment.</p>
          ) : null}
          <Pager page={params.page} total={table.data.total} onPage={(page) => update({ page }, "replace")} />
        </>
      )}
    </section>
  );
}

function SortHeader({
  column,
  label,
  params,
  onSort,
  numeric = false,
}: {
  column: ReportTableSort;
  label: string;
  params: { sort: ReportTableSort; order: "asc" | "desc" };
  onSort: (column: ReportTableSort) => void;
  numeric?: boolean;
}) {
  const active = params.sort === column;
  return (
    <th
      scope="col"
      className={numeric ? "num" : undefined}
      aria-sort={active ? (params.order === "asc" ? "ascending" : "descending") : undefined}
    >
      <button type="button" className="sort" onClick={() => onSort(column)}>
        {label}
        <span className="sort__arrow" aria-hidden="true">
          {active ? (params.order === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

function Pager({ page, total, onPage }: { page: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  return (
    <nav className="pager" aria-label="Campaign pages">
      <p className="pager__status" aria-live="polite">
        {total === 0 ? "No campaigns" : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} campaigns`}
      </p>
      <div className="pager__buttons">
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
        >
          Previous
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={page >= pages}
          onClick={() => onPage(page + 1)}
        >
          Next
        </button>
      </div>
    </nav>
  );
}
