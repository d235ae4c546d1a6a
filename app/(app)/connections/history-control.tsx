"use client";
/**
 * "More history" for one ad account on the Connections page: how far back its reports are synced, a month to reach
 * back to (bounded by how far TikTok's reports are fetched, lib/sync/history.ts), and the request. The fetch itself
 * runs in the background; its progress shows on the account's sync row like any run's. Marketers and admins only
 * (the backend refuses others anyway).
 */
import { useMutation } from "convex/react";
import { useId, useState, type FormEvent } from "react";
import { api } from "../../../convex/_generated/api";
import { localToday } from "../../../lib/tiktok/dates";
import { errorMessage } from "../../../lib/ui/errors";
import { historyView } from "../../../lib/ui/sync";
import type { Workspace } from "../workspace";
import type { SyncStatus } from "./sync-panel";

export function HistoryControl({
  name,
  advertiserId,
  timezone,
  status,
  workspace,
  now,
}: {
  name: string;
  advertiserId: string;
  timezone: string | undefined;
  status: SyncStatus | null;
  workspace: Workspace;
  now: number;
}) {
  const fieldId = useId();
  const limitId = useId();
  const view = historyView(status, localToday(now, timezone));
  const requestHistory = useMutation(api.tiktok.sync.queue.requestHistory);
  const [month, setMonth] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    try {
      await requestHistory({ workspaceId: workspace.workspaceId, advertiserId, month });
    } catch (e) {
      setError(errorMessage(e, `Could not ask for more history of ${name}. Try again in a moment.`));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="history" data-testid="history" data-advertiser={advertiserId}>
      <p className="history__coverage" data-testid="history-coverage">
        {view.coverage ?? "The first sync has not finished yet."}
        {view.pending ? <> {view.pending}</> : null}
      </p>
      {view.coverage && view.latestMonth ? (
        <form className="history__form" onSubmit={submit}>
          <label htmlFor={fieldId} className="history__label">
            More history from
          </label>
          <input
            id={fieldId}
            type="month"
            className="input history__month"
            required
            min={view.earliestMonth}
            max={view.latestMonth}
            value={month}
            placeholder="YYYY-MM"
            onChange={(e) => setMonth(e.target.value)}
            aria-describedby={limitId}
            data-testid="history-month"
          />
          <button
            type="submit"
            className="button button--secondary button--small"
            aria-disabled={sending || undefined}
            aria-busy={sending || undefined}
            data-testid="history-fetch"
          >
            Fetch history<span className="sr-only"> of {name}</span>
          </button>
          <span id={limitId} className="history__limit">
            {view.limit}
          </span>
        </form>
      ) : null}
      {error ? (
        <p className="history__error" role="alert" data-testid="history-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
