"use client";
/**
 * The audit trail: every campaign change made through this app for this ad account, newest first: who, when, what
 * (before and after), whether TikTok accepted it, and TikTok's request_id. Visible to every member, ops included.
 * Older entries load a page at a time, each page its own live query.
 */
import { useId, useState } from "react";
import type { Id } from "../../../convex/_generated/dataModel";
import { Badge } from "../../_components/badge";
import { TimeAgo, useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import { auditSummary } from "../../../lib/ui/campaigns";
import { failureReference } from "../../../lib/ui/connections";
import { errorMessage } from "../../../lib/ui/errors";
import { campaignsApi, type AuditEntry } from "./campaign-api";

const PAGE = 25;

export function AuditTrail({
  workspaceId,
  advertiserId,
  currency,
}: {
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  currency: string;
}) {
  const headingId = useId();
  // Where each page after the first starts (the time of the last entry before it).
  const [cursors, setCursors] = useState<number[]>([]);
  return (
    <section className="card cmp-audit" aria-labelledby={headingId} data-testid="audit-trail">
      <h2 id={headingId} className="card__title">
        Audit trail
      </h2>
      <p className="muted section-lede">
        Changes made to this ad account&apos;s campaigns through this app. Changes made in TikTok Ads Manager are not
        listed.
      </p>
      <AuditPage
        workspaceId={workspaceId}
        advertiserId={advertiserId}
        currency={currency}
        cursors={cursors}
        index={0}
        onMore={(before) => setCursors((c) => [...c, before])}
      />
    </section>
  );
}

function AuditPage({
  workspaceId,
  advertiserId,
  currency,
  cursors,
  index,
  onMore,
}: {
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  currency: string;
  cursors: readonly number[];
  index: number;
  onMore: (before: number) => void;
}) {
  const before = index === 0 ? undefined : cursors[index - 1];
  const entries = useQueryState(campaignsApi.audit, {
    workspaceId,
    advertiserId,
    limit: PAGE,
    ...(before === undefined ? {} : { before }),
  });
  const now = useNow();

  if (entries.status === "loading") return <p className="muted small">Loading changes…</p>;
  if (entries.status === "error") {
    return (
      <p className="form-error">{errorMessage(entries.error, "Could not load the audit trail. Reload the page.")}</p>
    );
  }
  const list = entries.data;
  if (index === 0 && list.length === 0) {
    return <p className="muted">No changes made here yet.</p>;
  }
  const last = list.at(-1);
  const hasNext = index < cursors.length;
  return (
    <>
      <ol className="cmp-audit__list" aria-label={index === 0 ? "Latest changes" : `Older changes, page ${index + 1}`}>
        {list.map((entry) => (
          <AuditItem key={entry._id} entry={entry} currency={currency} now={now} />
        ))}
      </ol>
      {hasNext ? (
        <AuditPage
          workspaceId={workspaceId}
          advertiserId={advertiserId}
          currency={currency}
          cursors={cursors}
          index={index + 1}
          onMore={onMore}
        />
      ) : list.length === PAGE && last ? (
        <button type="button" className="button button--secondary button--small" onClick={() => onMore(last.at)}>
          Show older changes
        </button>
      ) : null}
    </>
  );
}

function AuditItem({ entry, currency, now }: { entry: AuditEntry; currency: string; now: number }) {
  const failed = entry.outcome === "failed";
  const reference = failureReference({ code: entry.error?.code, requestId: entry.requestId });
  return (
    <li className="cmp-audit__item" data-testid="audit-entry" data-action={entry.action} data-outcome={entry.outcome}>
      <div className="cmp-audit__main">
        <p className="cmp-audit__what">{auditSummary(entry, currency)}</p>
        <p className="cmp-audit__meta">
          {entry.actor} · <TimeAgo at={entry.at} now={now} past />
        </p>
        {failed && entry.error ? (
          <p className="cmp-audit__error">
            {entry.error.retryLater ? "TikTok could not do it then: " : "TikTok refused: "}
            {entry.error.message}
          </p>
        ) : null}
        {reference ? <p className="cmp-audit__ref mono">{reference}</p> : null}
      </div>
      <Badge tone={failed ? "error" : "ok"} className="cmp-audit__badge">
        {failed ? "Failed" : "Done"}
      </Badge>
    </li>
  );
}
