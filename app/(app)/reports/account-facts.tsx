"use client";
/**
 * What the numbers stand on, always on screen: the account's currency and timezone, "data as of" (the last sync
 * that finished), the provisional days, a sync in progress (live), a connection that no longer works, and the days
 * TikTok restated since an earlier sync.
 */
import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../convex/_generated/api";
import { exactTime } from "../../../lib/ui/time";
import { restatementNote, type Restatement } from "../../../lib/ui/reports";
import { syncState } from "../../../lib/ui/sync";
import { TimeAgo } from "../../_components/time-ago";
import type { AccountOption } from "./reports-view";
import { countOf } from "../../../lib/format/plural";
import { NOT_CONNECTED } from "../../../lib/ui/connections";

export type SyncRun = NonNullable<FunctionReturnType<typeof api.tiktok.sync.queries.status>[number]["latest"]>;

export function AccountFacts({
  account,
  run,
  lastSyncedAt,
  now,
}: {
  account: AccountOption;
  run: SyncRun | undefined;
  lastSyncedAt: number | undefined;
  now: number;
}) {
  const going = run && (run.status === "queued" || run.status === "running");
  return (
    <section className="account-facts" aria-label="About these numbers" data-testid="account-facts">
      <dl className="facts">
        <div className="fact">
          <dt>Currency</dt>
          <dd data-testid="fact-currency">{account.currency}</dd>
        </div>
        <div className="fact">
          <dt>Timezone</dt>
          <dd data-testid="fact-timezone">{account.timezone ?? "UTC (TikTok sent none)"}</dd>
        </div>
        <div className="fact">
          <dt>Data as of</dt>
          <dd data-testid="fact-data-as-of">
            {lastSyncedAt !== undefined ? (
              <>
                <TimeAgo at={lastSyncedAt} now={now} past />
                <span className="sr-only"> ({exactTime(lastSyncedAt)})</span>
              </>
            ) : (
              "Not synced yet"
            )}
          </dd>
        </div>
        <div className="fact">
          <dt>Sync</dt>
          <dd data-testid="fact-sync">{going ? <SyncProgress run={run} compact /> : syncWords(run)}</dd>
        </div>
      </dl>
      {account.connection !== "active" || !account.accessible ? (
        <div className="callout callout--warn reports__stale" data-testid="stale-connection">
          <p className="callout__title">
            {account.connection === "needs_reauth"
              ? "This ad account's connection needs re-authorization"
              : NOT_CONNECTED.sentence}
          </p>
          <p>
            The numbers are as of the last sync and stay readable; nothing new is synced until it is connected again.{" "}
            <Link href="/connections">Open Connections</Link>
          </p>
        </div>
      ) : null}
    </section>
  );
}

/** How the account's last sync ended, in the words the Connections page uses. */
function syncWords(run: SyncRun | undefined): string {
  const state = syncState(run);
  return run?.status === "failed" || run?.status === "skipped" ? `${state.label}. ${state.detail}` : state.label;
}

/** A sync's live progress: words and a progress bar (indeterminate until the run has planned its windows). */
export function SyncProgress({ run, compact = false }: { run: SyncRun; compact?: boolean }) {
  const state = syncState(run);
  const label = state.progress?.text ?? state.label;
  const fraction = state.progress && state.progress.planned > 0 ? state.progress.done / state.progress.planned : null;
  return (
    <span className={`report-sync${compact ? " report-sync--compact" : ""}`} data-testid="sync-progress">
      <span className="report-sync__label">{compact ? `Syncing: ${label}` : label}</span>
      <progress
        className="report-sync__bar"
        aria-label="Sync progress"
        max={1}
        {...(fraction === null ? {} : { value: fraction })}
      />
    </span>
  );
}

const SHOWN_NOTES = 4;

export function RestatementNotes({
  restatements,
  currency,
}: {
  restatements: readonly (Restatement & { at: number })[];
  currency: string;
}) {
  if (restatements.length === 0) return null;
  const notes = restatements.map((r) => restatementNote(r, currency));
  const days = new Set(restatements.map((r) => r.date)).size;
  return (
    <section
      className="callout callout--info restatements"
      aria-labelledby="restated-heading"
      data-testid="restatements"
    >
      <h2 id="restated-heading" className="callout__title">
        TikTok restated {days} {days === 1 ? "day" : "days"} of this range
      </h2>
      <ul className="restatements__list">
        {notes.slice(0, SHOWN_NOTES).map((note, i) => (
          <li key={i}>{note}</li>
        ))}
      </ul>
      {notes.length > SHOWN_NOTES ? (
        <details>
          <summary>{countOf(notes.length - SHOWN_NOTES, "more change")}</summary>
          <ul className="restatements__list">
            {notes.slice(SHOWN_NOTES).map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="small muted">
        TikTok keeps adjusting recent days as it attributes results to ads; every number on this page already includes
        these changes.
      </p>
    </section>
  );
}
