"use client";
/**
 * The Campaigns page: pick an ad account, then its campaigns (synced from TikTok, changed here through TikTok),
 * the create form, and the audit trail of every change made through this app. Marketers and admins get the
 * controls; ops get the same list and trail with none. The list's view is kept in the address.
 */
import Link from "next/link";
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { NoticeArea, usePageNotice } from "../../_components/notice";
import { PageHead } from "../../_components/page-head";
import { EmptyState, ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { useQueryState } from "../../_components/use-query-state";
import { campaignListSearch, type CampaignListView } from "../../../lib/ui/campaigns";
import { errorMessage } from "../../../lib/ui/errors";
import { WorkspaceGate } from "../app-shell";
import { canWrite, useWorkspace, type Workspace } from "../workspace";
import { AdvertiserCampaigns } from "./advertiser-campaigns";
import type { Say } from "./use-status-changes";
import "./campaigns.css";
import { NOT_CONNECTED } from "../../../lib/ui/connections";

export function CampaignsView({ initial }: { initial: CampaignListView }) {
  const state = useWorkspace();
  const { notice, say, dismiss, noticeRef, headingRef } = usePageNotice();
  return (
    <>
      <PageHead
        title="Campaigns"
        headingRef={headingRef}
        lede={
          <>
            Create, pause, enable, re-budget and rename an ad account&apos;s campaigns. Every change goes to TikTok
            first and is listed in the audit trail below.
          </>
        }
        actions={
          state.status === "ready" && !canWrite(state.workspace.role) ? (
            <p className="view-only" data-testid="view-only">
              <strong>View only.</strong> Your role can see campaigns and their changes but not change them.
            </p>
          ) : null
        }
      />

      <NoticeArea ref={noticeRef} notice={notice} onDismiss={dismiss} />

      <WorkspaceGate skeleton={<CampaignsSkeleton />}>
        {(workspace) => <CampaignsWorkspace workspace={workspace} initial={initial} say={say} noticeRef={noticeRef} />}
      </WorkspaceGate>
    </>
  );
}

interface AdvertiserChoice {
  advertiserId: string;
  name: string;
  currency: string;
  timezone?: string;
  accessible: boolean;
}

function CampaignsWorkspace({
  workspace,
  initial,
  say,
  noticeRef,
}: {
  workspace: Workspace;
  initial: CampaignListView;
  say: Say;
  noticeRef: React.RefObject<HTMLDivElement | null>;
}) {
  const connections = useQueryState(api.tiktok.connections.list, { workspaceId: workspace.workspaceId });
  const [view, setView] = useState<CampaignListView>(initial);
  const pickerId = useId();
  const patchView = useCallback((patch: Partial<CampaignListView>) => setView((v) => ({ ...v, ...patch })), []);

  // Every ad account of every connection, once each; a disconnected one stays listed, since its synced campaigns
  // stay readable (but cannot be changed).
  const advertisers = useMemo((): AdvertiserChoice[] => {
    if (connections.status !== "ready") return [];
    const byId = new Map<string, AdvertiserChoice>();
    for (const c of connections.data) {
      for (const a of c.advertisers) {
        const accessible = a.accessible && c.status !== "revoked";
        const known = byId.get(a.advertiserId);
        if (!known || (!known.accessible && accessible)) {
          byId.set(a.advertiserId, {
            advertiserId: a.advertiserId,
            name: a.name,
            currency: a.currency,
            timezone: a.displayTimezone ?? a.timezone,
            accessible,
          });
        }
      }
    }
    return [...byId.values()].sort(
      (x, y) => Number(y.accessible) - Number(x.accessible) || x.name.localeCompare(y.name),
    );
  }, [connections]);

  const chosen = advertisers.find((a) => a.advertiserId === view.advertiserId) ?? advertisers[0];

  // The address follows the view (replaceState: filtering is not a new page for the Back button).
  useEffect(() => {
    if (!chosen) return;
    const search = campaignListSearch({ ...view, advertiserId: chosen.advertiserId });
    if (window.location.search !== search) {
      window.history.replaceState(window.history.state, "", `${window.location.pathname}${search}`);
    }
  }, [view, chosen]);

  if (connections.status === "loading") return <CampaignsSkeleton />;
  if (connections.status === "error") {
    return (
      <ErrorState
        title="Could not load your ad accounts"
        message={errorMessage(connections.error, "The app could not load this workspace's ad accounts. Try again.")}
      />
    );
  }
  if (!chosen) {
    return (
      <EmptyState title="No ad accounts yet" icon="⇄">
        <p>Campaigns appear here once a TikTok for Business account is connected and its ad accounts have synced.</p>
        <Link href="/connections" className="button button--primary">
          Go to Connections
        </Link>
      </EmptyState>
    );
  }

  return (
    <div className="stack-lg">
      <div className="cmp-picker">
        <label htmlFor={pickerId} className="cmp-picker__label">
          Ad account
        </label>
        <select
          id={pickerId}
          className="select cmp-picker__select"
          value={chosen.advertiserId}
          onChange={(e) => setView((v) => ({ ...v, advertiserId: e.target.value, objective: undefined, page: 0 }))}
          data-testid="advertiser-picker"
        >
          {advertisers.map((a) => (
            <option key={a.advertiserId} value={a.advertiserId}>
              {a.name || a.advertiserId} · {a.currency}
              {a.accessible ? "" : ` ${NOT_CONNECTED.tag}`}
            </option>
          ))}
        </select>
      </div>

      <AdvertiserCampaigns
        // A new account starts fresh: no selection, no open editors, no pending changes carried over.
        key={chosen.advertiserId}
        workspace={workspace}
        advertiserId={chosen.advertiserId}
        timezone={chosen.timezone}
        reachable={chosen.accessible}
        view={view}
        onView={patchView}
        say={say}
        noticeRef={noticeRef}
      />
    </div>
  );
}

export function CampaignsSkeleton() {
  return (
    <Loading label="Loading campaigns">
      <div className="stack-lg">
        <SkeletonBlock width="22rem" height="2.6rem" />
        <div className="card stack-sm">
          <SkeletonBlock width="40%" height="1.2rem" />
          {[0, 1, 2, 3, 4].map((i) => (
            <SkeletonBlock key={i} width="100%" height="2.4rem" />
          ))}
        </div>
      </div>
    </Loading>
  );
}
