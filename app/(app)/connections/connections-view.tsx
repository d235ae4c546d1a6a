"use client";
/**
 * The Connections page: Connect TikTok (marketers and admins), the outcome of the last attempt, and each
 * connection with its health, times, last error, ad accounts and their sync (with Sync now, for every member).
 * Ops see the same, with no controls that change a connection. Live: the token sweep's verdicts, sync progress and
 * other people's changes appear without a reload.
 */
import { useAction } from "convex/react";
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { BusyButton } from "../../_components/busy-button";
import type { NoticeMessage } from "../../_components/notice";
import { NoticeArea, usePageNotice } from "../../_components/notice";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { PageHead } from "../../_components/page-head";
import { EmptyState, ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import { errorMessage } from "../../../lib/ui/errors";
import { connectionTitle, countAdAccounts, noConnectionsTitle, splitConnections } from "../../../lib/ui/connections";
import { withoutParam, type OutcomeBanner } from "../../../lib/ui/navigation";
import { canWrite, useWorkspace, type Workspace } from "../workspace";
import { WorkspaceGate } from "../app-shell";
import { ConnectionCard, type ConnectionView } from "./connection-card";
import "./connections.css";
import { useStartConnect } from "./use-start-connect";

export function ConnectionsView({ outcome }: { outcome: OutcomeBanner | null }) {
  const state = useWorkspace();
  const { notice, say, dismiss, noticeRef, headingRef } = usePageNotice(
    outcome ? { tone: outcome.tone, message: outcome.message, id: 0 } : null,
  );

  // An Effect Event, so the effect below runs once, on mount, with the outcome the page was first drawn with.
  const announceOutcome = useEffectEvent(() => {
    // Said once: the outcome leaves the address, so a reload or a copied link does not say it again.
    if (new URLSearchParams(window.location.search).has("tiktok")) {
      window.history.replaceState(null, "", withoutParam(window.location.href, "tiktok"));
    }
    // The outcome is in the page from its first paint, and screen readers do not announce what a live region
    // already held at load: moving focus to it makes it read, and puts the keyboard where the news is.
    if (outcome) noticeRef.current?.focus();
  });
  useEffect(() => {
    announceOutcome();
  }, []);

  const sayError = useCallback((message: string) => say({ tone: "error", message }), [say]);

  return (
    <>
      <PageHead
        title="Connections"
        headingRef={headingRef}
        lede="TikTok for Business accounts this workspace is connected to, and the ad accounts each one brings in."
        actions={
          state.status === "ready" ? (
            canWrite(state.workspace.role) ? (
              <ConnectButton workspace={state.workspace} onError={sayError} />
            ) : (
              <p className="view-only" data-testid="view-only">
                <strong>View only.</strong> Your role can see connections and start a sync, but not change them.
              </p>
            )
          ) : state.status === "loading" ? (
            <SkeletonBlock className="skeleton--button" />
          ) : null
        }
      />

      <NoticeArea ref={noticeRef} notice={notice} onDismiss={dismiss} />

      <WorkspaceGate skeleton={<ConnectionsSkeleton />}>
        {(workspace) => <ConnectionsList workspace={workspace} say={say} noticeRef={noticeRef} />}
      </WorkspaceGate>
    </>
  );
}

function ConnectButton({ workspace, onError }: { workspace: Workspace; onError: (message: string) => void }) {
  const { busy, go } = useStartConnect(workspace.workspaceId, onError);
  return (
    <BusyButton busy={busy} className="button button--primary" onClick={go} data-testid="connect-tiktok">
      {/* The spinner takes the plus sign's place while busy. */}
      {busy ? null : (
        <span className="button__icon" aria-hidden="true">
          +
        </span>
      )}
      Connect TikTok
    </BusyButton>
  );
}

interface DisconnectTarget {
  connection: ConnectionView;
  title: string;
}

function ConnectionsList({
  workspace,
  say,
  noticeRef,
}: {
  workspace: Workspace;
  say: (message: Omit<NoticeMessage, "id">) => void;
  noticeRef: React.RefObject<HTMLDivElement | null>;
}) {
  const list = useQueryState(api.tiktok.connections.list, { workspaceId: workspace.workspaceId });
  // Sync progress is its own query: it changes at every step of a run, the connections rarely.
  const syncStatus = useQueryState(api.tiktok.sync.queries.status, { workspaceId: workspace.workspaceId });
  const sync = useMemo(
    () => (syncStatus.status === "ready" ? new Map(syncStatus.data.map((entry) => [entry.advertiserId, entry])) : null),
    [syncStatus],
  );
  const now = useNow();
  const writable = canWrite(workspace.role);

  // One dialog for the page, not one per card: the card moves to "Disconnected" while TikTok is still being
  // told, and the dialog must stay open (and busy) until the answer is in.
  const disconnect = useAction(api.tiktok.connections.disconnect);
  const [target, setTargetState] = useState<DisconnectTarget | null>(null);
  const targetRef = useRef<DisconnectTarget | null>(null);
  const setTarget = (next: DisconnectTarget | null) => {
    targetRef.current = next;
    setTargetState(next);
  };
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const focusNotice = useRef(false);

  const confirmDisconnect = async () => {
    if (!target) return;
    setBusy(true);
    setDialogError(null);
    try {
      const { revokedAtTikTok } = await disconnect({
        workspaceId: workspace.workspaceId,
        connectionId: target.connection._id,
      });
      focusNotice.current = true;
      say(
        revokedAtTikTok
          ? {
              tone: "success",
              message: `Disconnected ${target.title}. TikTok confirmed this app no longer has access.`,
            }
          : {
              tone: "info",
              message: `Disconnected ${target.title} here, but TikTok could not confirm it withdrew this app's access.`,
              detail:
                "The app no longer keeps its tokens. To remove the app on TikTok's side too, do it in TikTok Ads Manager.",
            },
      );
      setTarget(null);
    } catch (error) {
      const message = errorMessage(error, "Could not disconnect. Try again in a moment.");
      // In the dialog if it is still open, else (closed meanwhile) on the page.
      if (targetRef.current) setDialogError(message);
      else say({ tone: "error", message });
    } finally {
      setBusy(false);
    }
  };

  if (list.status === "loading") return <ConnectionsSkeleton />;
  if (list.status === "error") {
    return (
      <ErrorState
        title="Could not load connections"
        message={errorMessage(
          list.error,
          "The app could not load this workspace's connections. Try again in a moment.",
        )}
      />
    );
  }

  const { current, past } = splitConnections(list.data);
  const requestDisconnect = (connection: ConnectionView) => {
    setDialogError(null);
    setTarget({ connection, title: connectionTitle(connection.advertisers) });
  };

  return (
    <>
      {current.length === 0 ? (
        <EmptyState title={noConnectionsTitle(past.length)} icon="⇄">
          {writable ? (
            <p>
              Press <strong>Connect TikTok</strong> and approve access on TikTok&apos;s page. You&apos;ll come straight
              back here, and the ad accounts you approved will be listed with their currency, time zone and status.
            </p>
          ) : (
            <p>
              A marketer or admin of this workspace can connect a TikTok for Business account. Its ad accounts will
              appear here.
            </p>
          )}
        </EmptyState>
      ) : (
        <ul className="card-list" aria-label="Connected TikTok accounts">
          {current.map((connection) => (
            <li key={connection._id}>
              <ConnectionCard
                connection={connection}
                workspace={workspace}
                now={now}
                headingLevel={2}
                onError={(message) => say({ tone: "error", message })}
                onDisconnect={requestDisconnect}
                sync={sync}
              />
            </li>
          ))}
        </ul>
      )}

      {past.length > 0 ? (
        <section className="past" aria-labelledby="past-heading">
          <h2 id="past-heading" className="section-title">
            Disconnected
          </h2>
          <p className="muted section-lede">Connect TikTok again to resume syncing these ad accounts.</p>
          <ul className="card-list" aria-label="Disconnected TikTok accounts">
            {past.map((connection) => (
              <li key={connection._id}>
                <ConnectionCard
                  connection={connection}
                  workspace={workspace}
                  now={now}
                  headingLevel={3}
                  onError={() => {}}
                  onDisconnect={() => {}}
                  sync={sync}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {writable ? (
        <ConfirmDialog
          open={target !== null}
          title={target ? `Disconnect ${target.title}?` : "Disconnect?"}
          confirmLabel="Disconnect"
          busy={busy}
          error={dialogError}
          onCancel={() => setTarget(null)}
          onConfirm={confirmDisconnect}
          focusAfterClose={() => {
            if (!focusNotice.current) return null;
            focusNotice.current = false;
            return noticeRef.current;
          }}
        >
          {target ? (
            <>
              <p>
                The app deletes this connection&apos;s tokens, asks TikTok to withdraw its access and stops syncing{" "}
                {countAdAccounts(target.connection.advertisers.length)}.
              </p>
              <p>Campaigns and reports already synced stay readable. You can connect again at any time.</p>
            </>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

export function ConnectionsSkeleton() {
  return (
    <Loading label="Loading connections">
      <div className="card connection connection--skeleton">
        <div className="connection__head">
          <div className="stack-sm">
            <SkeletonBlock width="14rem" height="1.4rem" />
            <SkeletonBlock width="18rem" height="0.9rem" />
          </div>
          <SkeletonBlock width="5.5rem" height="1.6rem" className="skeleton--pill" />
        </div>
        <SkeletonBlock width="70%" height="0.9rem" />
        <div className="facts facts--skeleton">
          {[0, 1, 2].map((i) => (
            <div key={i} className="stack-sm">
              <SkeletonBlock width="6rem" height="0.75rem" />
              <SkeletonBlock width="8rem" height="0.95rem" />
            </div>
          ))}
        </div>
        <SkeletonBlock width="100%" height="5.5rem" />
      </div>
    </Loading>
  );
}
