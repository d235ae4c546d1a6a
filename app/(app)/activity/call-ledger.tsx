"use client";
/**
 * The TikTok call ledger: one row per attempt, newest first, failed ones marked in words and colour, each
 * request_id with a copy button (what TikTok support asks for). Filters (failed only, ad account, endpoint) and the
 * page back in time live in the address; the newest page is live.
 */
import Link from "next/link";
import { useId, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { Badge } from "../../_components/badge";
import { ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { useQueryState } from "../../_components/use-query-state";
import {
  activityHref,
  advertiserName,
  callResult,
  callTime,
  emptyLedgerMessage,
  endpointLabel,
  ENDPOINTS,
  latency,
  type ActivityFilters,
} from "../../../lib/ui/activity";
import { exactTime } from "../../../lib/ui/time";
import { errorMessage } from "../../../lib/ui/errors";
import type { Workspace } from "../workspace";

const PAGE_SIZE = 50;

export function CallLedger({
  workspace,
  filters,
  advertisers,
  now,
  onFilters,
}: {
  workspace: Workspace;
  filters: ActivityFilters;
  advertisers: ReadonlyMap<string, string>;
  now: number;
  onFilters: (next: ActivityFilters) => void;
}) {
  const headingId = useId();
  const [announcement, setAnnouncement] = useState("");
  const ledger = useQueryState(api.tiktok.calls.ledger, {
    workspaceId: workspace.workspaceId,
    limit: PAGE_SIZE,
    failedOnly: filters.failedOnly,
    advertiserId: filters.advertiserId,
    path: filters.path,
    before: filters.before,
  });
  // A filter change starts again from the newest calls.
  const change = (next: Partial<ActivityFilters>) => onFilters({ ...filters, ...next, before: undefined });

  return (
    <section className="activity__section" aria-labelledby={headingId}>
      <h2 id={headingId} className="activity__title">
        TikTok calls
      </h2>
      <Filters filters={filters} advertisers={advertisers} onChange={change} />
      {/* One live region for every copy button: "copied" is said once, wherever it was pressed. */}
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {ledger.status === "loading" ? (
        <Loading label="Loading TikTok calls">
          <SkeletonBlock width="100%" height="16rem" />
        </Loading>
      ) : ledger.status === "error" ? (
        <ErrorState
          title="Could not load the TikTok calls"
          message={errorMessage(ledger.error, "The app could not load the call ledger. Try again in a moment.")}
        />
      ) : (
        <>
          {filters.before !== undefined ? (
            <p className="ledger__paging-note">
              Showing calls before {exactTime(filters.before)}.{" "}
              <Link href={activityHref({ ...filters, before: undefined })}>Back to the latest calls</Link>
            </p>
          ) : null}
          {ledger.data.calls.length === 0 ? (
            <p className="panel ledger__empty" data-testid="ledger-empty">
              {emptyLedgerMessage(filters)}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="data-table table-cards ledger ledger--calls" data-testid="call-ledger">
                <caption className="sr-only">
                  TikTok calls, newest first{filters.failedOnly ? ", failed only" : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Endpoint</th>
                    <th scope="col">Ad account</th>
                    <th scope="col">Result</th>
                    <th scope="col" className="num">
                      HTTP
                    </th>
                    <th scope="col" className="num">
                      TikTok code
                    </th>
                    <th scope="col">Request ID</th>
                    <th scope="col" className="num">
                      Latency
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ledger.data.calls.map((call) => {
                    const result = callResult(call);
                    return (
                      <tr
                        key={call._id}
                        className={call.failed ? "ledger__row--failed" : undefined}
                        data-testid="call"
                        data-failed={call.failed ? "true" : "false"}
                      >
                        <td data-label="Time" className="ledger__time">
                          <time dateTime={new Date(call.at).toISOString()} title={exactTime(call.at)}>
                            {callTime(call.at, now)}
                          </time>
                        </td>
                        <th scope="row" data-label="Endpoint">
                          {endpointLabel(call.path)}
                          <span className="ledger__sub mono">
                            {call.method} {call.path}
                          </span>
                        </th>
                        <td data-label="Ad account">{advertiserName(advertisers, call.advertiserId)}</td>
                        <td data-label="Result">
                          <Badge tone={result.tone}>{result.label}</Badge>
                          <span className="ledger__sub">
                            Attempt {call.attempt}
                            {result.retried ? ", retried" : ""}
                          </span>
                        </td>
                        <td data-label="HTTP" className="num">
                          {call.httpStatus ?? "—"}
                        </td>
                        <td data-label="TikTok code" className="num">
                          {call.code ?? "—"}
                        </td>
                        <td data-label="Request ID" className="ledger__request">
                          {call.requestId ? (
                            <span className="request-id">
                              <span className="mono request-id__value" data-testid="request-id">
                                {call.requestId}
                              </span>
                              <CopyButton text={call.requestId} announce={setAnnouncement} />
                            </span>
                          ) : (
                            <span className="muted">None</span>
                          )}
                        </td>
                        <td data-label="Latency" className="num">
                          {latency(call.ms)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {ledger.data.older !== null ? (
            <div className="ledger__more">
              <Link
                className="button button--secondary"
                href={activityHref({ ...filters, before: ledger.data.older })}
                scroll={false}
                data-testid="older-calls"
              >
                Older calls
              </Link>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function Filters({
  filters,
  advertisers,
  onChange,
}: {
  filters: ActivityFilters;
  advertisers: ReadonlyMap<string, string>;
  onChange: (next: Partial<ActivityFilters>) => void;
}) {
  const ids = { failed: useId(), advertiser: useId(), endpoint: useId() };
  const options = [...advertisers].sort(([, a], [, b]) => a.localeCompare(b));
  // An advertiser in the address that this workspace no longer lists still shows as chosen.
  if (filters.advertiserId && !advertisers.has(filters.advertiserId))
    options.push([filters.advertiserId, filters.advertiserId]);
  return (
    <div className="ledger-filters" role="group" aria-label="Filter the calls">
      <label className="ledger-filters__check" htmlFor={ids.failed}>
        <input
          id={ids.failed}
          type="checkbox"
          checked={filters.failedOnly}
          onChange={(e) => onChange({ failedOnly: e.target.checked })}
        />
        Failed only
      </label>
      <div className="ledger-filters__field">
        <label htmlFor={ids.advertiser}>Ad account</label>
        <select
          id={ids.advertiser}
          className="select select--small"
          value={filters.advertiserId ?? ""}
          onChange={(e) => onChange({ advertiserId: e.target.value || undefined })}
        >
          <option value="">All ad accounts</option>
          {options.map(([id, name]) => (
            <option key={id} value={id}>
              {name || id}
            </option>
          ))}
        </select>
      </div>
      <div className="ledger-filters__field">
        <label htmlFor={ids.endpoint}>Endpoint</label>
        <select
          id={ids.endpoint}
          className="select select--small"
          value={filters.path ?? ""}
          onChange={(e) => onChange({ path: e.target.value || undefined })}
        >
          <option value="">All endpoints</option>
          {ENDPOINTS.map((e) => (
            <option key={e.path} value={e.path}>
              {e.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** Copies a request_id, and says so (or that the browser refused, so it can be selected by hand). */
function CopyButton({ text, announce }: { text: string; announce: (message: string) => void }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async (event: React.MouseEvent<HTMLButtonElement>) => {
    const button = event.currentTarget;
    const next = (await copyText(text)) ? "copied" : "failed";
    button.focus();
    setState(next);
    announce(next === "copied" ? `Request ID ${text} copied` : "Could not copy; select the request ID instead");
    window.setTimeout(() => setState("idle"), 2_500);
  };
  return (
    <button
      type="button"
      className="button button--ghost button--small request-id__copy"
      onClick={copy}
      data-testid="copy-request-id"
      data-state={state}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      <span className="sr-only"> request ID {text}</span>
    </button>
  );
}

/**
 * Puts `text` on the clipboard: the Clipboard API where the browser grants it (it may also never answer, waiting on
 * a permission), else the older select-and-copy, which works on plain-HTTP deployments too.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await Promise.race([
      navigator.clipboard.writeText(text),
      new Promise((_, reject) => window.setTimeout(() => reject(new Error("no answer")), 1_500)),
    ]);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
