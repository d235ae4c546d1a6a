"use client";
/**
 * The Reports page: pick an ad account and a range (in the account's timezone), read its KPI tiles against the
 * previous period, its daily chart and its campaigns, and see every account's spend per currency. What the numbers
 * stand on is always on screen: currency, timezone, "data as of" (the last sync that finished), the provisional days
 * and the days TikTok restated. Live: a sync finishing updates every number without a reload.
 *
 * The choices live in the address (?a=&range=&from=&to=&m=&sort=&order=&q=&page=): changes go through
 * history.pushState/replaceState, which Next's router follows (useSearchParams re-renders, Back works) without a
 * round trip to the server. Nothing here writes: ops and marketers see the same page.
 */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo } from "react";
import { api } from "../../../convex/_generated/api";
import { localToday } from "../../../lib/tiktok/dates";
import { errorMessage } from "../../../lib/ui/errors";
import { dateRange, monthDay } from "../../../lib/format/dates";
import { isComplete } from "../../../lib/reports/coverage";
import {
  comparisonNote,
  noDelivery,
  parseReportParams,
  rangeCoverageNote,
  reportSearch,
  resolveRange,
  type ReportParams,
} from "../../../lib/ui/reports";
import { addressAgrees, afterAccountSwitch } from "../../../lib/reports/presets";
import { PageHead } from "../../_components/page-head";
import { EmptyState, ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import { WorkspaceGate } from "../app-shell";
import { canWrite, type Workspace } from "../workspace";
import { AccountFacts, RestatementNotes, SyncProgress, type SyncRun } from "./account-facts";
import { CampaignTable } from "./campaign-table";
import { DailyChart } from "./daily-chart";
import { KpiTiles } from "./kpi-tiles";
import { RangePicker } from "./range-picker";
import { WorkspaceOverview } from "./workspace-overview";
import "./reports.css";
import { NOT_CONNECTED } from "../../../lib/ui/connections";

export interface AccountOption {
  advertiserId: string;
  name: string;
  currency: string;
  timezone?: string;
  accessible: boolean;
  /** Whether its connection still works (needs re-auth or disconnected: the numbers are as of the last sync). */
  connection: "active" | "needs_reauth" | "revoked";
}

/** One empty list for every render, so the chart does not redraw while restatements load. */
const NO_RESTATEMENTS: never[] = [];

export function ReportsView() {
  return (
    <>
      <PageHead
        title="Reports"
        lede={<>Spend and results per ad account, against the period before, in each account&apos;s own timezone.</>}
      />
      <WorkspaceGate skeleton={<ReportsSkeleton />}>{(workspace) => <Reports workspace={workspace} />}</WorkspaceGate>
    </>
  );
}

/** The report's choices from the address, and a way to change them (pushed, or replaced for typing). */
function useReportParams(): [ReportParams, (next: Partial<ReportParams>, how?: "push" | "replace") => void] {
  const search = useSearchParams();
  const params = useMemo(() => parseReportParams(new URLSearchParams(search.toString())), [search]);
  const update = useCallback(
    (next: Partial<ReportParams>, how: "push" | "replace" = "push") => {
      const merged = { ...params, ...next };
      const href = `${window.location.pathname}${reportSearch(merged)}`;
      if (how === "push") window.history.pushState(null, "", href);
      else window.history.replaceState(null, "", href);
    },
    [params],
  );
  return [params, update];
}

function Reports({ workspace }: { workspace: Workspace }) {
  const [params, update] = useReportParams();
  const connections = useQueryState(api.tiktok.connections.list, { workspaceId: workspace.workspaceId });
  const syncs = useQueryState(api.tiktok.sync.queries.status, { workspaceId: workspace.workspaceId });
  const now = useNow();

  const accounts = useMemo((): AccountOption[] => {
    if (connections.status !== "ready") return [];
    const seen = new Map<string, AccountOption>();
    // Newest connection first (the list's order): an account connected twice is described by its latest one.
    for (const c of connections.data) {
      for (const a of c.advertisers) {
        if (seen.has(a.advertiserId)) continue;
        seen.set(a.advertiserId, {
          advertiserId: a.advertiserId,
          name: a.name,
          currency: a.currency,
          timezone: a.displayTimezone ?? a.timezone,
          accessible: a.accessible,
          connection: c.status,
        });
      }
    }
    return [...seen.values()].sort(
      (x, y) => Number(y.accessible) - Number(x.accessible) || x.name.localeCompare(y.name),
    );
  }, [connections]);

  const chosen = accounts.find((a) => a.advertiserId === params.advertiserId) ?? accounts[0];
  const chosenToday = chosen ? localToday(now, chosen.timezone) : undefined;
  const resolved = useMemo(() => {
    if (!chosen || !chosenToday) return undefined;
    const { choice, from, to } = resolveRange(params, chosenToday);
    return { account: chosen, today: chosenToday, range: { choice, from, to } };
  }, [chosen, chosenToday, params]);

  // The address always names the account and the dates (not just "last 7 days"): copied, it shows the same report.
  // It also says what the page shows: a preset whose dates no longer match reads "custom" in both.
  useEffect(() => {
    if (!resolved) return;
    if (addressAgrees(params, { advertiserId: resolved.account.advertiserId, ...resolved.range })) return;
    const { choice, from, to } = resolved.range;
    update({ advertiserId: resolved.account.advertiserId, range: choice, from, to }, "replace");
  }, [resolved, params, update]);

  if (connections.status === "loading") return <ReportsSkeleton />;
  if (connections.status === "error") {
    return (
      <ErrorState
        title="Could not load your ad accounts"
        message={errorMessage(
          connections.error,
          "The app could not load this workspace's ad accounts. Try again in a moment.",
        )}
      />
    );
  }
  if (!resolved) {
    return (
      <EmptyState title="No TikTok ad account connected yet" icon="⇄">
        {canWrite(workspace.role) ? (
          <p>
            Connect a TikTok for Business account first: its ad accounts&apos; reports appear here after the first sync.
          </p>
        ) : (
          <p>
            A marketer or admin of this workspace connects TikTok ad accounts; their reports appear here after the first
            sync.
          </p>
        )}
        <Link href="/connections" className="button button--primary">
          Go to Connections
        </Link>
      </EmptyState>
    );
  }

  const { account, range, today } = resolved;
  const run = syncs.status === "ready" ? syncs.data.find((s) => s.advertiserId === account.advertiserId) : undefined;

  return (
    <div className="reports" data-testid="reports">
      <div className="reports__controls card card--quiet">
        <div className="field reports__account">
          <label htmlFor="report-account">Ad account</label>
          <select
            id="report-account"
            className="select"
            value={account.advertiserId}
            onChange={(e) => update(afterAccountSwitch(e.target.value, range.choice))}
          >
            {accounts.map((a) => (
              <option key={a.advertiserId} value={a.advertiserId}>
                {a.name} · {a.currency}
                {a.accessible ? "" : ` ${NOT_CONNECTED.tag}`}
              </option>
            ))}
          </select>
        </div>
        <RangePicker
          range={range}
          today={today}
          timezone={account.timezone}
          onChange={(choice, dates) => update({ range: choice, from: dates.from, to: dates.to, page: 1 })}
        />
      </div>

      <AccountFacts account={account} run={run?.latest} lastSyncedAt={run?.lastSyncedAt} now={now} />

      <AccountReport
        key={account.advertiserId}
        workspace={workspace}
        account={account}
        range={range}
        params={params}
        update={update}
        run={run?.latest}
      />

      <WorkspaceOverview
        workspace={workspace}
        range={range}
        accounts={accounts}
        current={account.advertiserId}
        onPick={(advertiserId) => {
          update(afterAccountSwitch(advertiserId, range.choice));
          window.scrollTo({ top: 0 });
        }}
      />
    </div>
  );
}

function AccountReport({
  workspace,
  account,
  range,
  params,
  update,
  run,
}: {
  workspace: Workspace;
  account: AccountOption;
  range: { from: string; to: string };
  params: ReportParams;
  update: (next: Partial<ReportParams>, how?: "push" | "replace") => void;
  run: SyncRun | undefined;
}) {
  const args = {
    workspaceId: workspace.workspaceId,
    advertiserId: account.advertiserId,
    from: range.from,
    to: range.to,
  };
  const summary = useQueryState(api.tiktok.reports.summary, args);
  const series = useQueryState(api.tiktok.reports.series, args);
  const restatements = useQueryState(api.tiktok.reports.restatements, args);

  if (summary.status === "loading") return <ReportBodySkeleton />;
  if (summary.status === "error") {
    return (
      <ErrorState
        title="Could not load this report"
        message={errorMessage(summary.error, "The app could not load this report. Try again in a moment.")}
      />
    );
  }
  const s = summary.data;
  if (s.dataAsOf === undefined && s.daysSynced === 0) {
    // Nothing synced yet for this account: the first sync's live progress, or why there is none.
    return (
      <EmptyState
        title={
          run?.status === "failed" || run?.status === "skipped" ? "The first sync did not finish" : "First sync running"
        }
        icon="↻"
      >
        <p>
          The app is copying this ad account&apos;s campaigns and daily numbers from TikTok. The report fills in by
          itself as soon as it finishes; there is no need to reload.
        </p>
        {run ? <SyncProgress run={run} /> : null}
      </EmptyState>
    );
  }

  const restated = restatements.status === "ready" ? restatements.data : NO_RESTATEMENTS;
  // "No delivery" is said of a whole range only: over a partly synced one, the tiles show the synced days' zeros.
  const noData = isComplete(s.coverage.current) && noDelivery(s.current);
  const previousPeriod = { from: s.previousFrom, to: s.previousTo };
  const coverageNote = rangeCoverageNote(s.coverage.current);
  const unComparedNote = comparisonNote(s.coverage.current, s.coverage.previous, previousPeriod);

  return (
    <>
      <RestatementNotes restatements={restated} currency={s.currency} />
      <section aria-labelledby="kpi-heading" className="reports__section">
        <h2 id="kpi-heading" className="section-title">
          {dateRange(range)}
          <span className="reports__compare muted">
            {" "}
            compared with {dateRange({ from: s.previousFrom, to: s.previousTo })}
          </span>
        </h2>
        {s.provisionalFrom !== undefined && s.provisionalFrom <= range.to ? (
          <p className="muted small reports__coverage" data-testid="provisional-note">
            <span className="provisional-swatch" aria-hidden="true" /> Days from {monthDay(s.provisionalFrom)} on are
            provisional: TikTok may still restate them as attribution settles.
          </p>
        ) : null}
        {coverageNote ? (
          <p className="muted small reports__coverage" data-testid="coverage">
            {coverageNote}
          </p>
        ) : null}
        {unComparedNote ? (
          <p className="callout callout--info small" data-testid="comparison-note">
            {unComparedNote}
          </p>
        ) : null}
        {noData ? (
          <EmptyState title="No delivery in this range" icon="○">
            <p>
              TikTok reports no spend, impressions or clicks for {account.name} from {dateRange(range)}. Try a longer
              range, or check the campaigns&apos; status in TikTok Ads Manager.
            </p>
          </EmptyState>
        ) : (
          <KpiTiles summary={s} />
        )}
      </section>

      {noData ? null : (
        <>
          <DailyChart
            series={series}
            restatements={restated}
            metrics={params.metrics}
            currency={s.currency}
            onMetrics={(metrics) => update({ metrics }, "replace")}
          />
          <CampaignTable
            workspace={workspace}
            account={account}
            range={range}
            params={params}
            update={update}
            summaryTotals={s.current}
            coverage={s.coverage.current}
          />
        </>
      )}
    </>
  );
}

export function ReportsSkeleton() {
  return (
    <Loading label="Loading reports">
      <div className="reports__controls card card--quiet">
        <SkeletonBlock width="16rem" height="2.6rem" />
        <SkeletonBlock width="28rem" height="2.6rem" />
      </div>
      <ReportBodySkeletonBlocks />
    </Loading>
  );
}

function ReportBodySkeleton() {
  return (
    <Loading label="Loading the report">
      <ReportBodySkeletonBlocks />
    </Loading>
  );
}

function ReportBodySkeletonBlocks() {
  return (
    <>
      <div className="kpis">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="kpi card">
            <SkeletonBlock width="5rem" height="0.8rem" />
            <SkeletonBlock width="8rem" height="1.6rem" />
            <SkeletonBlock width="6rem" height="0.8rem" />
          </div>
        ))}
      </div>
      <SkeletonBlock width="100%" height="18rem" className="reports__chart-skeleton" />
    </>
  );
}
