"use client";
/**
 * Each ad account's sync on its connection's card: when it last finished, what the run going now has done (report
 * windows done of planned, pages read), how the last one ended (skipped with the reason, or TikTok's error with its
 * code and request_id), and Sync now. Live: the sync status query updates as each step of a run lands.
 *
 * Sync now is for every member (ops included): it asks for fresher numbers and changes nothing in TikTok; pressed
 * while a run is going, it joins that run. After a manual run it rests for a few minutes (lib/sync/cooldown.ts) and
 * says when it opens again, from the status query's stored moment and this page's ticking clock. Marketers and admins
 * also find "More history" here (history-control.tsx).
 */
import type { FunctionReturnType } from "convex/server";
import { useMutation } from "convex/react";
import { useId, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { Badge } from "../../_components/badge";
import { TimeAgo } from "../../_components/time-ago";
import { errorMessage } from "../../../lib/ui/errors";
import { fullDate } from "../../../lib/format/dates";
import { syncNowButton, syncState } from "../../../lib/ui/sync";
import { canWrite, type Workspace } from "../workspace";
import { HistoryControl } from "./history-control";
import type { ConnectionView } from "./connection-card";
import { TikTokFailure } from "./tiktok-failure";

export type SyncStatus = FunctionReturnType<typeof api.tiktok.sync.queries.status>[number];

interface PanelProps {
  connection: ConnectionView;
  workspace: Workspace;
  sync: ReadonlyMap<string, SyncStatus> | null;
  now: number;
  headingLevel: 3 | 4;
  onError: (message: string) => void;
}

export function SyncPanel({ connection, workspace, sync, now, headingLevel, onError }: PanelProps) {
  const headingId = useId();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  if (connection.advertisers.length === 0) return null;
  return (
    <section className="sync" aria-labelledby={headingId}>
      <Heading id={headingId} className="sync__title">
        Sync
      </Heading>
      {connection.status === "needs_reauth" ? (
        <p className="sync__paused" data-testid="sync-paused">
          Syncing is paused until this connection is reconnected: each sync of these ad accounts is skipped.
        </p>
      ) : null}
      <ul className="sync__list">
        {connection.advertisers.map((a) => (
          <li key={a.advertiserId}>
            <AdvertiserSync
              name={a.name || a.advertiserId}
              advertiserId={a.advertiserId}
              canSync={connection.status !== "revoked" && a.accessible}
              timezone={a.displayTimezone ?? a.timezone}
              canFetchHistory={connection.status === "active" && a.accessible && canWrite(workspace.role)}
              status={sync ? (sync.get(a.advertiserId) ?? null) : undefined}
              workspace={workspace}
              now={now}
              onError={onError}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function AdvertiserSync({
  name,
  advertiserId,
  canSync,
  timezone,
  canFetchHistory,
  status,
  workspace,
  now,
  onError,
}: {
  name: string;
  advertiserId: string;
  canSync: boolean;
  timezone: string | undefined;
  /** More history may be asked for: a marketer or admin, and an account the connection reaches. */
  canFetchHistory: boolean;
  /** undefined while loading; null when the account has no sync record yet. */
  status: SyncStatus | null | undefined;
  workspace: Workspace;
  now: number;
  onError: (message: string) => void;
}) {
  const progressId = useId();
  const hintId = useId();
  const state = syncState(status?.latest);
  const syncNow = useMutation(api.tiktok.sync.queue.syncNow);
  const [pressing, setPressing] = useState(false);

  const press = async () => {
    setPressing(true);
    try {
      await syncNow({ workspaceId: workspace.workspaceId, advertiserId });
    } catch (error) {
      onError(errorMessage(error, `Could not start a sync of ${name}. Try again in a moment.`));
    } finally {
      setPressing(false);
    }
  };

  const going = status !== undefined && state.busy;
  const button = syncNowButton(going, status?.nextManualSyncAt, now);
  const held = pressing || button.disabled;
  return (
    <div
      className={`sync-row sync-row--${status?.latest?.status ?? "none"}`}
      data-testid="advertiser-sync"
      data-advertiser={advertiserId}
      data-sync-status={status === undefined ? "loading" : (status?.latest?.status ?? "none")}
    >
      <div className="sync-row__main">
        <p className="sync-row__name">
          <span className="sync-row__account">{name}</span>
          {status === undefined ? (
            <span className="skeleton sync-row__badge-placeholder" aria-hidden="true" />
          ) : (
            // Said when it changes (queued, syncing, synced…), not at every page of progress.
            <span aria-live="polite" aria-atomic="true">
              <Badge tone={state.tone}>
                <span className="sr-only">Sync status: </span>
                {state.label}
              </Badge>
            </span>
          )}
        </p>
        <p className="sync-row__when" data-testid="last-synced">
          {status?.lastSyncedAt ? (
            <>
              Last synced <TimeAgo at={status.lastSyncedAt} now={now} past />
              {status.syncedThrough ? <> · data through {fullDate(status.syncedThrough)}</> : null}
            </>
          ) : status === undefined ? (
            <span className="muted">Loading sync status…</span>
          ) : (
            "Never synced"
          )}
        </p>
        {status !== undefined ? <p className="sync-row__detail">{state.detail}</p> : null}
        {going && state.progress ? (
          <div className="sync-progress" data-testid="sync-progress">
            <progress
              id={progressId}
              className="sync-progress__bar"
              // Indeterminate until the run knows how many report windows it has.
              value={state.progress.planned > 0 ? state.progress.done : undefined}
              max={state.progress.planned > 0 ? state.progress.planned : undefined}
              aria-label={`Sync progress of ${name}`}
              aria-valuetext={state.progress.text}
            />
            <span className="sync-progress__text">{state.progress.text}</span>
          </div>
        ) : null}
        {canFetchHistory && status !== undefined ? (
          <HistoryControl
            name={name}
            advertiserId={advertiserId}
            timezone={timezone}
            status={status}
            workspace={workspace}
            now={now}
          />
        ) : null}
        {state.error ? (
          // Amber while the run retries on its own, red once it stopped.
          <TikTokFailure
            title={going ? "Retrying after an error" : "Sync error"}
            error={state.error}
            now={now}
            tone={going ? "warn" : "error"}
            className="sync-row__error"
            testId="sync-error"
          />
        ) : null}
      </div>
      {canSync ? (
        <div className="sync-row__actions">
          {/* aria-disabled, not disabled: the button keeps focus while the run it started goes on. */}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={held ? undefined : press}
            aria-disabled={held || undefined}
            aria-busy={pressing || undefined}
            aria-describedby={button.hint ? hintId : undefined}
            title={button.hint}
            data-testid="sync-now"
          >
            {pressing || going ? <span className="spinner" aria-hidden="true" /> : null}
            {button.label}
            <span className="sr-only"> {name}</span>
          </button>
          {button.hint ? (
            <span id={hintId} className="sr-only">
              {button.hint}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
