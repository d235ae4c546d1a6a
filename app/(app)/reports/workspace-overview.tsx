"use client";
/**
 * Every ad account of the workspace with its spend over the same dates (each in its own currency and on its own
 * local dates), and the spend per currency: amounts in different currencies are never added together. A preset
 * ("Last 7 days") is applied in each account's own timezone, so each row may cover other calendar days. An account
 * missing days of its range says which (lib/reports/coverage.ts), and a currency's total how many such accounts it
 * counts: a partial sum is never shown as a whole.
 */
import { useId } from "react";
import { api } from "../../../convex/_generated/api";
import { daysInRange } from "../../../lib/tiktok/dates";
import { errorMessage } from "../../../lib/ui/errors";
import { formatMoney } from "../../../lib/format/numbers";
import { dateRange } from "../../../lib/format/dates";
import { MAX_OVERVIEW_DAYS } from "../../../lib/reports/limits";
import { isComplete, isUnsynced } from "../../../lib/reports/coverage";
import { missingDays, presetRange, PRESET_LABELS, type DateRange, type RangeChoice } from "../../../lib/ui/reports";
import { compactRange, rangesPerAccount } from "../../../lib/reports/presets";
import { ErrorState, SkeletonBlock } from "../../_components/states";
import { TimeAgo, useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import type { Workspace } from "../workspace";
import { NOT_CONNECTED } from "../../../lib/ui/connections";

export function WorkspaceOverview({
  workspace,
  range,
  accounts,
  current,
  onPick,
}: {
  workspace: Workspace;
  range: DateRange & { choice: RangeChoice };
  /** Every account the page knows, with its timezone: a preset's dates are computed for each. */
  accounts: readonly { advertiserId: string; timezone?: string }[];
  current: string;
  onPick: (advertiserId: string) => void;
}) {
  const headingId = useId();
  const now = useNow();
  const fits = daysInRange({ startDate: range.from, endDate: range.to }) <= MAX_OVERVIEW_DAYS;
  const ranges = rangesPerAccount(range.choice, range, accounts, now, presetRange);
  const overview = useQueryState(
    api.tiktok.reports.overview,
    fits ? { workspaceId: workspace.workspaceId, from: range.from, to: range.to, ranges } : "skip",
  );
  /** Accounts of a currency missing days of the range: its total counts their synced days only. */
  const partlySynced = (currency: string) =>
    overview.status === "ready"
      ? overview.data.advertisers.filter((a) => a.currency === currency && !isComplete(a.coverage)).length
      : 0;

  return (
    <section className="card reports__section overview" aria-labelledby={headingId} data-testid="overview">
      <h2 id={headingId} className="section-title">
        All ad accounts
      </h2>
      <p className="muted small section-lede">
        Spend {range.choice === "custom" ? dateRange(range) : PRESET_LABELS[range.choice].toLowerCase()}, on each
        account&apos;s own local dates. Currencies are totalled separately, never added together.
      </p>
      {!fits ? (
        <p className="muted">The overview covers at most {MAX_OVERVIEW_DAYS} days: choose a shorter range to see it.</p>
      ) : overview.status === "loading" ? (
        <SkeletonBlock width="100%" height="6rem" />
      ) : overview.status === "error" ? (
        <ErrorState
          title="Could not load the overview"
          message={errorMessage(overview.error, "The app could not load the overview. Try again in a moment.")}
        />
      ) : (
        <>
          <ul className="currency-totals" aria-label="Spend by currency" data-testid="currency-totals">
            {overview.data.byCurrency.map((g) => (
              <li key={g.currency} className="currency-total" data-currency={g.currency}>
                <span className="currency-total__amount">
                  {overview.data.advertisers.some((a) => a.currency === g.currency && a.daysSynced > 0)
                    ? formatMoney(g.spend, g.currency)
                    : `${g.currency}: not synced yet`}
                </span>
                <span className="muted small">
                  {g.advertisers} {g.advertisers === 1 ? "account" : "accounts"}
                  {partlySynced(g.currency) > 0
                    ? ` · ${partlySynced(g.currency)} not fully synced: their synced days only`
                    : ""}
                </span>
              </li>
            ))}
          </ul>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Ad accounts, scrolls sideways">
            <table className="data-table report-table">
              <caption className="sr-only">Spend per ad account</caption>
              <thead>
                <tr>
                  <th scope="col">Ad account</th>
                  <th scope="col">Currency</th>
                  <th scope="col" className="num">
                    Spend
                  </th>
                  <th scope="col">Data as of</th>
                </tr>
              </thead>
              <tbody>
                {overview.data.advertisers.map((a) => (
                  <tr key={a.advertiserId} data-testid="overview-row">
                    <th scope="row">
                      {a.advertiserId === current ? (
                        <span className="adv__name">
                          {a.name} <span className="tag tag--quiet">shown above</span>
                        </span>
                      ) : (
                        <button type="button" className="link-button adv__name" onClick={() => onPick(a.advertiserId)}>
                          {a.name}
                        </button>
                      )}
                      <span className="adv__sub mono">{a.advertiserId}</span>
                      <span className="adv__sub" data-testid="overview-dates">
                        {compactRange(a)}
                      </span>
                    </th>
                    <td>{a.currency}</td>
                    <td className="num" data-testid="overview-spend">
                      {isUnsynced(a.coverage) ? "Not synced" : formatMoney(a.spend, a.currency)}
                      {isComplete(a.coverage) || isUnsynced(a.coverage) ? null : (
                        <span className="adv__sub">Synced days only; not synced: {missingDays(a.coverage)}</span>
                      )}
                    </td>
                    <td>
                      {a.dataAsOf !== undefined ? <TimeAgo at={a.dataAsOf} now={now} past /> : "—"}
                      {a.accessible ? null : <span className="adv__sub">{NOT_CONNECTED.label}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
