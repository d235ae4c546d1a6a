"use client";
/**
 * One TikTok connection: who connected it and when, its health, the token's times, the last error, its ad accounts
 * and their sync.
 */
import type { FunctionReturnType } from "convex/server";
import { useId } from "react";
import type { api } from "../../../convex/_generated/api";
import { Badge } from "../../_components/badge";
import { BusyButton } from "../../_components/busy-button";
import { TimeAgo } from "../../_components/time-ago";
import {
  accountReach,
  accountStatus,
  connectionHealth,
  connectionTitle,
  countAdAccounts,
} from "../../../lib/ui/connections";
import { canWrite, type Workspace } from "../workspace";
import { SyncPanel, type SyncStatus } from "./sync-panel";
import { TikTokFailure } from "./tiktok-failure";
import { useStartConnect } from "./use-start-connect";

export type ConnectionView = FunctionReturnType<typeof api.tiktok.connections.list>[number];
type AdvertiserView = ConnectionView["advertisers"][number];

interface CardProps {
  connection: ConnectionView;
  workspace: Workspace;
  now: number;
  headingLevel: 2 | 3;
  onError: (message: string) => void;
  onDisconnect: (connection: ConnectionView) => void;
  /** Each ad account's sync by advertiser id; null while loading. */
  sync: ReadonlyMap<string, SyncStatus> | null;
}

export function ConnectionCard({
  connection: c,
  workspace,
  now,
  headingLevel,
  onError,
  onDisconnect,
  sync,
}: CardProps) {
  const titleId = useId();
  const health = connectionHealth(c);
  const title = connectionTitle(c.advertisers);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const writable = canWrite(workspace.role);
  const live = c.status !== "revoked";

  return (
    <article
      className={`card connection connection--${health.key}`}
      aria-labelledby={titleId}
      data-testid="connection"
      data-status={c.status}
    >
      <div className="connection__head">
        <div className="connection__heading">
          <Heading id={titleId} className="connection__title">
            {title}
          </Heading>
          <p className="connection__meta">
            {countAdAccounts(c.advertisers.length)} · Connected <TimeAgo at={c.connectedAt} now={now} past />
            {c.connectedByEmail ? <> by {c.connectedByEmail}</> : null}
          </p>
        </div>
        <Badge tone={health.tone} className="connection__badge">
          <span className="sr-only">Status: </span>
          {health.label}
        </Badge>
      </div>

      <p className="connection__summary">
        {health.summary}
        {c.status === "needs_reauth" && !writable ? " Ask a marketer or admin of this workspace to reconnect it." : ""}
      </p>

      <dl className="facts">
        {live ? (
          <Fact label="Last verified">{c.verifiedAt ? <TimeAgo at={c.verifiedAt} now={now} past /> : "Not yet"}</Fact>
        ) : null}
        {c.tokenMode === "expiring" || c.refreshedAt ? (
          <Fact label="Token refreshed">
            {c.refreshedAt ? <TimeAgo at={c.refreshedAt} now={now} past /> : "Not yet"}
          </Fact>
        ) : null}
        {live ? (
          c.expiresAt ? (
            <Fact label={c.expiresAt <= now ? "Expired" : "Expires"}>
              <TimeAgo at={c.expiresAt} now={now} />
            </Fact>
          ) : (
            <Fact label="Expires">Never (long-lived token)</Fact>
          )
        ) : null}
        {c.nextCheckAt ? (
          <Fact label="Next check">
            <TimeAgo at={c.nextCheckAt} now={now} />
          </Fact>
        ) : null}
        {c.revokedAt ? (
          <Fact label="Disconnected">
            <TimeAgo at={c.revokedAt} now={now} past />
          </Fact>
        ) : null}
      </dl>

      {live && c.lastError ? (
        // Amber while the app is still retrying on its own; red once only a reconnect helps.
        <TikTokFailure
          title="Last error"
          error={c.lastError}
          now={now}
          tone={c.status === "needs_reauth" ? "error" : "warn"}
          testId="last-error"
        />
      ) : null}

      <AdvertiserTable advertisers={c.advertisers} title={title} now={now} live={live} />

      {live ? (
        <SyncPanel
          connection={c}
          workspace={workspace}
          sync={sync}
          now={now}
          headingLevel={headingLevel === 2 ? 3 : 4}
          onError={onError}
        />
      ) : (
        // A disconnected card shows no "Synced" badge: nothing syncs through it any more (its data stays readable).
        <p className="muted" data-testid="sync-stopped">
          Syncing stopped when this connection was disconnected.
        </p>
      )}

      {writable && live ? (
        <div className="connection__actions">
          {c.status === "needs_reauth" ? <ReconnectButton workspace={workspace} onError={onError} /> : null}
          <button type="button" className="button button--danger-quiet" onClick={() => onDisconnect(c)}>
            Disconnect
          </button>
        </div>
      ) : null}
    </article>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ReconnectButton({ workspace, onError }: { workspace: Workspace; onError: (message: string) => void }) {
  const { busy, go } = useStartConnect(workspace.workspaceId, onError);
  return (
    <BusyButton busy={busy} className="button button--primary" onClick={go}>
      Reconnect
    </BusyButton>
  );
}

function AdvertiserTable({
  advertisers,
  title,
  now,
  live,
}: {
  advertisers: AdvertiserView[];
  title: string;
  now: number;
  /** False on a disconnected card: TikTok's status is the last one seen, not current, and no account is reached. */
  live: boolean;
}) {
  if (advertisers.length === 0) return <p className="muted">No ad accounts in this connection.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table table-cards adv-table">
        <caption className="sr-only">Ad accounts in {title}</caption>
        <thead>
          <tr>
            <th scope="col">Ad account</th>
            <th scope="col">Currency</th>
            <th scope="col">Time zone</th>
            <th scope="col">{live ? "TikTok status" : "Last TikTok status"}</th>
            <th scope="col">Connected</th>
          </tr>
        </thead>
        <tbody>
          {advertisers.map((a) => {
            const status = accountStatus(a.accountStatus);
            const reach = accountReach(live && a.accessible);
            const zone = a.displayTimezone ?? a.timezone;
            return (
              <tr key={a.advertiserId} data-testid="advertiser">
                <th scope="row">
                  <span className="adv__name">{a.name || "Unnamed ad account"}</span>
                  <span className="adv__id">
                    <span className="sr-only">Advertiser </span>ID <span className="mono">{a.advertiserId}</span>
                  </span>
                </th>
                <td data-label="Currency">
                  <span className="mono">{a.currency}</span>
                </td>
                <td data-label="Time zone">
                  {zone ?? "Unknown"}
                  {a.displayTimezone && a.timezone && a.timezone !== a.displayTimezone ? (
                    <span className="adv__sub">TikTok: {a.timezone}</span>
                  ) : null}
                </td>
                <td data-label={live ? "TikTok status" : "Last TikTok status"}>
                  {/* Grey once disconnected: a green "Enabled" there would read as working. */}
                  <Badge tone={live ? status.tone : "muted"}>{status.label}</Badge>
                </td>
                <td data-label="Connected">
                  {reach.tone === "ok" ? (
                    <Badge tone={reach.tone}>{reach.label}</Badge>
                  ) : (
                    <>
                      <Badge tone={live ? reach.tone : "muted"}>{reach.label}</Badge>
                      {live && a.lostAt ? (
                        <span className="adv__sub">
                          since <TimeAgo at={a.lostAt} now={now} past />
                        </span>
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
