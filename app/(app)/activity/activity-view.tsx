"use client";
/**
 * The Activity page: the recent sync runs (status, duration, rows, calls, why one was skipped or failed) and the
 * TikTok call ledger (time, endpoint, ad account, HTTP status, TikTok code, request_id to copy, attempt, latency),
 * failed calls marked, filtered and paged back in time. Both are live: a sync in progress moves on screen.
 */
import { useSearchParams } from "next/navigation";
import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { Badge } from "../../_components/badge";
import { PageHead } from "../../_components/page-head";
import { EmptyState, ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { TimeAgo, useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import {
  activityHref,
  advertiserName,
  parseActivityFilters,
  runDuration,
  runStatus,
  runTrigger,
  type ActivityFilters,
} from "../../../lib/ui/activity";
import { failureHeadline, failureReference } from "../../../lib/ui/connections";
import { errorMessage } from "../../../lib/ui/errors";
import { runProgressText } from "../../../lib/ui/sync";
import { WorkspaceGate } from "../app-shell";
import type { Workspace } from "../workspace";
import { CallLedger } from "./call-ledger";
import "./activity.css";

const RUNS_SHOWN = 10;

export function ActivityView() {
  const params = useSearchParams();
  const query = params.toString();
  // The address is the filters' home (links, Back, "Older calls"), but a checkbox must change the moment it is
  // pressed: the page keeps them here too, and follows the address whenever it changes.
  const [filters, setFilters] = useState(() => parseActivityFilters(params));
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- following the address (a link, Back) into state
    setFilters(parseActivityFilters(new URLSearchParams(query)));
  }, [query]);
  const changeFilters = useCallback((next: ActivityFilters) => {
    setFilters(next);
    window.history.replaceState(null, "", activityHref(next));
  }, []);
  return (
    <>
      <PageHead
        title="Activity"
        lede={
          <>
            What the app did with TikTok: the recent syncs, and every call in the last 30 days. Quote a call&apos;s
            request ID when you contact TikTok support.
          </>
        }
      />
      <WorkspaceGate skeleton={<ActivitySkeleton />}>
        {(workspace) => <ActivityContent workspace={workspace} filters={filters} onFilters={changeFilters} />}
      </WorkspaceGate>
    </>
  );
}

function ActivityContent({
  workspace,
  filters,
  onFilters,
}: {
  workspace: Workspace;
  filters: ActivityFilters;
  onFilters: (next: ActivityFilters) => void;
}) {
  const now = useNow(15_000);
  const connections = useQueryState(api.tiktok.connections.list, { workspaceId: workspace.workspaceId });
  const advertisers = useMemo(() => {
    const names = new Map<string, string>();
    if (connections.status === "ready") {
      for (const c of connections.data) for (const a of c.advertisers) names.set(a.advertiserId, a.name);
    }
    return names;
  }, [connections]);

  return (
    <div className="activity">
      <RecentRuns workspace={workspace} advertisers={advertisers} now={now} />
      <CallLedger workspace={workspace} filters={filters} advertisers={advertisers} now={now} onFilters={onFilters} />
    </div>
  );
}

function RecentRuns({
  workspace,
  advertisers,
  now,
}: {
  workspace: Workspace;
  advertisers: ReadonlyMap<string, string>;
  now: number;
}) {
  const headingId = useId();
  const runs = useQueryState(api.tiktok.sync.queries.recentRuns, {
    workspaceId: workspace.workspaceId,
    limit: RUNS_SHOWN,
  });
  return (
    <section className="activity__section" aria-labelledby={headingId}>
      <h2 id={headingId} className="activity__title">
        Recent syncs
      </h2>
      {runs.status === "loading" ? (
        <Loading label="Loading recent syncs">
          <SkeletonBlock width="100%" height="8rem" />
        </Loading>
      ) : runs.status === "error" ? (
        <ErrorState
          title="Could not load the recent syncs"
          message={errorMessage(runs.error, "The app could not load the sync runs. Try again in a moment.")}
        />
      ) : runs.data.length === 0 ? (
        <EmptyState title="No syncs yet" icon="↻">
          <p>
            Each connected ad account syncs right after connecting and then every hour. Connect one on the{" "}
            <Link href="/connections">Connections</Link> page.
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data-table table-cards ledger ledger--runs" data-testid="sync-runs">
            <caption className="sr-only">The {RUNS_SHOWN} most recent sync runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Ad account</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map(({ advertiserId, run }) => {
                const status = runStatus(run.status);
                const took = runDuration(run, now);
                return (
                  <tr
                    key={run.runId}
                    className={run.status === "failed" ? "ledger__row--failed" : undefined}
                    data-testid="sync-run"
                    data-status={run.status}
                  >
                    <td data-label="Queued">
                      <TimeAgo at={run.queuedAt} now={now} past />
                      <span className="ledger__sub">{runTrigger(run.trigger)}</span>
                    </td>
                    <th scope="row" data-label="Ad account">
                      {advertiserName(advertisers, advertiserId)}
                    </th>
                    <td data-label="Status">
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </td>
                    <td data-label="Duration">
                      {took.text}
                      {took.ongoing ? <span className="ledger__sub">so far</span> : null}
                    </td>
                    <td data-label="Rows" className="num">
                      {run.rowsWritten.toLocaleString("en")}
                    </td>
                    <td data-label="Calls" className="num">
                      {run.callsMade.toLocaleString("en")}
                    </td>
                    <td data-label="Details" className="ledger__details">
                      {runDetails(run).map((line) => (
                        <span key={line.text} className={line.mono ? "ledger__line mono" : "ledger__line"}>
                          {line.text}
                        </span>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type RunView = FunctionReturnType<typeof api.tiktok.sync.queries.recentRuns>[number]["run"];

/** A run's details column: its progress, the dates it covered, why it was skipped, or its error and reference. */
function runDetails(run: RunView): { text: string; mono?: boolean }[] {
  const lines: { text: string; mono?: boolean }[] = [];
  if (run.status === "running" || run.status === "queued") {
    lines.push({ text: run.status === "queued" ? "Waiting for its turn" : runProgressText(run) });
  }
  if (run.startDate && run.endDate) lines.push({ text: `Days ${run.startDate} – ${run.endDate}` });
  if (run.status === "skipped" && run.skipReason) lines.push({ text: run.skipReason });
  if (run.lastError) {
    lines.push({ text: failureHeadline(run.lastError) });
    const reference = failureReference(run.lastError);
    if (reference) lines.push({ text: reference, mono: true });
  }
  return lines;
}

function ActivitySkeleton() {
  return (
    <Loading label="Loading activity">
      <div className="stack-lg">
        <SkeletonBlock width="10rem" height="1.2rem" />
        <SkeletonBlock width="100%" height="8rem" />
        <SkeletonBlock width="10rem" height="1.2rem" />
        <SkeletonBlock width="100%" height="16rem" />
      </div>
    </Loading>
  );
}
