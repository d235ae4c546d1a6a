"use client";
/**
 * One ad account's campaigns: its currency, time zone and sync time; filters, search and sort (done by the server,
 * page by page, so 2,000 campaigns cost one page of rows); spend over the Reports page's "Last 7 days" (today in the
 * account's timezone, read here since queries read no clock); the create form; bulk pause, enable and delete (its bar
 * stays in view while rows are ticked); delete behind a confirmation; and the audit trail.
 */
import { useAction } from "convex/react";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { ErrorState, Loading, SkeletonBlock } from "../../_components/states";
import { TimeAgo, useNow } from "../../_components/time-ago";
import { useQueryState } from "../../_components/use-query-state";
import {
  campaignFailure,
  campaignsNamed,
  isDelivering,
  statusChangeNotice,
  objectiveLabel,
  pageRangeText,
  type CampaignListView,
  STATUS_FILTER_LABELS,
} from "../../../lib/ui/campaigns";
import {
  CAMPAIGN_LIST,
  CAMPAIGN_STATUS_FILTERS,
  type CampaignSort,
  type CampaignStatusFilter,
} from "../../../lib/campaigns/list";
import { MAX_SEARCH_LENGTH, type SortOrder } from "../../../lib/lists/contract";
import { objectiveGroup } from "../../../lib/campaigns/labels";
import { NOT_CONNECTED } from "../../../lib/ui/connections";
import { errorMessage } from "../../../lib/ui/errors";
import { localToday } from "../../../lib/tiktok/dates";
import { canWrite, type Workspace } from "../workspace";
import { AuditTrail } from "./audit-trail";
import { campaignsApi, newOperationKey, type CampaignList, type CampaignRow } from "./campaign-api";
import { CampaignTable, SORT_LABELS } from "./campaign-table";
import { CreateCampaign } from "./create-campaign";
import { useStatusChanges, withOverride, type Say } from "./use-status-changes";

const SEARCH_DELAY_MS = 300;

export function AdvertiserCampaigns({
  workspace,
  advertiserId,
  timezone,
  reachable,
  view,
  onView,
  say,
  noticeRef,
}: {
  workspace: Workspace;
  advertiserId: string;
  /** The account's timezone, from the connections list: its today fixes the spend column's days. */
  timezone: string | undefined;
  reachable: boolean;
  view: CampaignListView;
  onView: (patch: Partial<CampaignListView>) => void;
  say: Say;
  noticeRef: React.RefObject<HTMLDivElement | null>;
}) {
  const workspaceId = workspace.workspaceId;
  const writable = canWrite(workspace.role) && reachable;
  const now = useNow();
  const ids = { status: useId(), objective: useId(), search: useId(), sort: useId(), size: useId(), head: useId() };

  const list = useQueryState(campaignsApi.list, {
    workspaceId,
    advertiserId,
    today: localToday(now, timezone),
    status: view.status,
    ...(view.objective ? { objective: view.objective } : {}),
    ...(view.search ? { search: view.search } : {}),
    sort: view.sort,
    order: view.order,
    page: view.page,
    pageSize: view.pageSize,
  });
  // The last answer stays on screen (marked busy) while the next page or filter loads, instead of a blank table.
  const [shown, setShown] = useState<CampaignList | null>(null);
  if (list.status === "ready" && list.data !== shown) setShown(list.data);
  const loadingMore = list.status === "loading" && shown !== null;

  const rows = shown?.rows ?? [];
  const { overrides, change } = useStatusChanges({ workspaceId, advertiserId, rows, say });
  const shownRows = rows.map((r) => withOverride(r, overrides.get(r.campaignId)));

  // Search as you type, sent once typing pauses.
  const [searchText, setSearchText] = useState(view.search);
  useEffect(() => {
    if (searchText.trim() === view.search) return;
    const timer = window.setTimeout(() => onView({ search: searchText.trim(), page: 0 }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [searchText, view.search, onView]);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const stickyTop = useStickyTop();
  const selectedRows = shownRows.filter((r) => selected.has(r.campaignId) && !r.deleted);
  const [creating, setCreating] = useState(false);
  const newButtonRef = useRef<HTMLButtonElement>(null);

  // Delete (one campaign from its row, or the selection from the bulk bar): the operation key is made when the
  // dialog opens, so pressing Delete twice (or again after a lost answer) deletes once. Bulk delete takes the same
  // path and limits as bulk pause: one status operation, TikTok's campaign/status/update with DELETE.
  const setStatus = useAction(campaignsApi.setStatus);
  const [toDelete, setToDelete] = useState<{ rows: CampaignRow[]; key: string } | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const focusNotice = useRef(false);

  const confirmDelete = async () => {
    if (!toDelete || deleteBusy) return;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      const result = await setStatus({
        workspaceId,
        advertiserId,
        operationKey: toDelete.key,
        campaignIds: toDelete.rows.map((r) => r.campaignId),
        status: "DELETE",
      });
      focusNotice.current = true;
      const notice = statusChangeNotice("DELETE", toDelete.rows, result);
      const past = toDelete.rows.length === 1 ? "Its past spend stays" : "Their past spend stays";
      say({ tone: notice.tone, message: `${notice.message} ${past} in reports.` });
      setSelected((prev) => {
        const next = new Set(prev);
        for (const r of toDelete.rows) next.delete(r.campaignId);
        return next;
      });
      setToDelete(null);
    } catch (error) {
      const failure = campaignFailure(error, `delete ${campaignsNamed(toDelete.rows.map((r) => r.name))}`);
      setDeleteError([failure.title, failure.message, failure.reference].filter(Boolean).join(" "));
      // A refusal is final for its key: a second press after changing nothing asks TikTok afresh.
      if (!failure.retryLater && failure.field !== "operationKey")
        setToDelete((d) => (d ? { ...d, key: newOperationKey() } : d));
    } finally {
      setDeleteBusy(false);
    }
  };

  if (!shown) {
    if (list.status === "error") {
      return (
        <ErrorState
          title="Could not load campaigns"
          message={errorMessage(list.error, "The app could not load this ad account's campaigns. Try again.")}
        />
      );
    }
    return <CampaignListSkeleton />;
  }
  const data = shown;
  if (!data.advertiser) {
    return (
      <ErrorState
        title="This ad account is not in this workspace"
        message="Choose another ad account above, or connect this one on the Connections page."
      />
    );
  }
  const advertiser = data.advertiser;
  const currency = advertiser.currency;
  const chosenObjective = view.objective === undefined ? undefined : objectiveGroup(view.objective);
  const objectives = [...new Set([...data.objectives, ...(chosenObjective ? [chosenObjective] : [])])].sort((a, b) =>
    objectiveLabel(a).localeCompare(objectiveLabel(b)),
  );
  const bulkEnable = selectedRows.filter((r) => !isDelivering(r));
  const bulkPause = selectedRows.filter((r) => isDelivering(r));
  const filtered = view.status !== "live" || view.objective !== undefined || view.search !== "";

  return (
    <>
      <section className="card cmp-list" aria-labelledby={ids.head} aria-busy={loadingMore || undefined}>
        <div className="cmp-list__head">
          <div>
            <h2 id={ids.head} className="card__title cmp-list__title">
              {advertiser.name || advertiser.advertiserId}
            </h2>
            <p className="cmp-facts">
              <span>
                Currency <strong className="mono">{currency}</strong>
              </span>
              {advertiser.timezone ? (
                <span>
                  Time zone <strong>{advertiser.timezone}</strong>
                </span>
              ) : null}
              <span>
                {data.lastSyncedAt ? (
                  <>
                    Synced <TimeAgo at={data.lastSyncedAt} now={now} past />
                  </>
                ) : (
                  "Not synced yet"
                )}
              </span>
            </p>
          </div>
          {writable && !creating ? (
            <button
              ref={newButtonRef}
              type="button"
              className="button button--primary"
              onClick={() => setCreating(true)}
              data-testid="new-campaign"
            >
              <span className="button__icon" aria-hidden="true">
                +
              </span>
              New campaign
            </button>
          ) : null}
        </div>
        {!reachable && canWrite(workspace.role) ? (
          <p className="callout callout--warn">
            {NOT_CONNECTED.sentence} Its campaigns cannot be changed until it is reconnected on the Connections page.
          </p>
        ) : null}

        {creating ? (
          <CreateCampaign
            workspaceId={workspaceId}
            advertiser={advertiser}
            onCancel={() => {
              setCreating(false);
              requestAnimationFrame(() => newButtonRef.current?.focus());
            }}
            onCreated={(message) => {
              setCreating(false);
              say({ tone: "success", message });
              requestAnimationFrame(() => noticeRef.current?.focus());
            }}
          />
        ) : null}

        <div className="cmp-filters" role="search" aria-label="Filter campaigns">
          <div className="field cmp-filters__search">
            <label htmlFor={ids.search}>Search</label>
            <input
              id={ids.search}
              className="input"
              type="search"
              placeholder="Name or campaign ID"
              maxLength={MAX_SEARCH_LENGTH}
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") onView({ search: searchText.trim(), page: 0 });
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.status}>Status</label>
            <select
              id={ids.status}
              className="select"
              value={view.status}
              onChange={(e) => onView({ status: e.target.value as CampaignStatusFilter, page: 0 })}
            >
              {CAMPAIGN_STATUS_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {STATUS_FILTER_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.objective}>Objective</label>
            <select
              id={ids.objective}
              className="select"
              value={chosenObjective ?? ""}
              onChange={(e) => onView({ objective: e.target.value || undefined, page: 0 })}
            >
              <option value="">All objectives</option>
              {objectives.map((o) => (
                <option key={o} value={o}>
                  {objectiveLabel(o)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.sort}>Sort by</label>
            <select
              id={ids.sort}
              className="select"
              value={`${view.sort}:${view.order}`}
              onChange={(e) => {
                const [sort, order] = e.target.value.split(":") as [CampaignSort, SortOrder];
                onView({ sort, order, page: 0 });
              }}
            >
              {CAMPAIGN_LIST.sorts.flatMap((s) =>
                (["asc", "desc"] as const).map((d) => (
                  <option key={`${s}:${d}`} value={`${s}:${d}`}>
                    {SORT_LABELS[s][d]}
                  </option>
                )),
              )}
            </select>
          </div>
        </div>

        {writable && selectedRows.length > 0 ? (
          <div
            className="cmp-bulk"
            role="group"
            aria-label="Selected campaigns"
            data-testid="bulk-bar"
            style={{ top: stickyTop }}
          >
            <span className="cmp-bulk__count">{campaignsNamed([], selectedRows.length)} selected</span>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={bulkPause.length === 0}
              onClick={() => void change(bulkPause, "DISABLE").then((ok) => ok && setSelected(new Set()))}
            >
              Pause {bulkPause.length || ""}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={bulkEnable.length === 0}
              onClick={() => void change(bulkEnable, "ENABLE").then((ok) => ok && setSelected(new Set()))}
            >
              Enable {bulkEnable.length || ""}
            </button>
            <button
              type="button"
              className="button button--danger-quiet button--small"
              onClick={() => {
                setDeleteError(null);
                setToDelete({ rows: selectedRows, key: newOperationKey() });
              }}
              data-testid="bulk-delete"
            >
              Delete {selectedRows.length}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </div>
        ) : null}

        {data.rows.length === 0 ? (
          <div className="cmp-empty" data-testid="campaigns-empty">
            <p className="cmp-empty__title">{filtered ? "No campaigns match" : "No campaigns yet"}</p>
            <p className="muted">
              {filtered
                ? "Change the search or the filters to see more."
                : data.lastSyncedAt
                  ? writable
                    ? "Press New campaign to create the first one."
                    : "A marketer or admin can create one."
                  : "The first sync is still running: campaigns appear here as soon as it has read them."}
            </p>
          </div>
        ) : (
          <CampaignTable
            rows={shownRows}
            overrides={overrides}
            currency={currency}
            timezone={advertiser.timezone}
            spendFrom={data.spendFrom}
            spendTo={data.spendTo}
            view={view}
            onSort={(patch) => onView({ ...patch, page: 0 })}
            writable={writable}
            selected={selected}
            onSelect={setSelected}
            onSwitch={(row, status) => void change([row], status)}
            onDelete={(row) => {
              setDeleteError(null);
              setToDelete({ rows: [row], key: newOperationKey() });
            }}
            workspaceId={workspaceId}
            advertiserId={advertiserId}
            say={say}
          />
        )}

        <nav className="cmp-pages" aria-label="Campaign pages">
          <p className="cmp-pages__range" aria-live="polite">
            {pageRangeText(data.page, view.pageSize, data.total)}
          </p>
          <div className="cmp-pages__controls">
            <label htmlFor={ids.size} className="cmp-pages__size">
              Per page
            </label>
            <select
              id={ids.size}
              className="select select--small"
              value={view.pageSize}
              onChange={(e) => onView({ pageSize: Number(e.target.value), page: 0 })}
            >
              {CAMPAIGN_LIST.pageSizes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={data.page <= 0}
              onClick={() => onView({ page: Math.max(0, data.page - 1) })}
            >
              Previous<span className="sr-only"> page</span>
            </button>
            <span className="small muted">
              Page {data.pageCount === 0 ? 0 : data.page + 1} of {data.pageCount}
            </span>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={data.page + 1 >= data.pageCount}
              onClick={() => onView({ page: data.page + 1 })}
            >
              Next<span className="sr-only"> page</span>
            </button>
          </div>
        </nav>
      </section>

      <AuditTrail workspaceId={workspaceId} advertiserId={advertiserId} currency={currency} />

      {writable ? (
        <ConfirmDialog
          open={toDelete !== null}
          title={toDelete ? `Delete ${campaignsNamed(toDelete.rows.map((r) => r.name))}?` : "Delete?"}
          confirmLabel={
            toDelete && toDelete.rows.length > 1 ? `Delete ${toDelete.rows.length} campaigns` : "Delete campaign"
          }
          busy={deleteBusy}
          error={deleteError}
          onCancel={() => setToDelete(null)}
          onConfirm={() => void confirmDelete()}
          focusAfterClose={() => {
            if (!focusNotice.current) return null;
            focusNotice.current = false;
            return noticeRef.current;
          }}
        >
          {toDelete && toDelete.rows.length > 1 ? (
            <>
              <p>
                TikTok deletes these {toDelete.rows.length} campaigns with their ad groups and ads, and they stop
                delivering at once. This cannot be undone: TikTok has no way to restore a deleted campaign.
              </p>
              <ul className="cmp-delete-list">
                {toDelete.rows.map((r) => (
                  <li key={r.campaignId}>{r.name}</li>
                ))}
              </ul>
              <p>Their past spend stays in reports, and they stay listed under the Deleted filter.</p>
            </>
          ) : (
            <>
              <p>
                TikTok deletes the campaign with its ad groups and ads, and it stops delivering at once. This cannot be
                undone: TikTok has no way to restore a deleted campaign.
              </p>
              <p>Its past spend stays in reports, and it stays listed under the Deleted filter.</p>
            </>
          )}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function CampaignListSkeleton() {
  return (
    <Loading label="Loading campaigns">
      <div className="card stack-sm">
        <SkeletonBlock width="16rem" height="1.3rem" />
        <SkeletonBlock width="24rem" height="0.9rem" />
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <SkeletonBlock key={i} width="100%" height="2.4rem" />
        ))}
      </div>
    </Loading>
  );
}

/**
 * Where the bulk bar sticks: just under the app header when that header stays on screen (it is sticky on wide
 * screens), else at the top. Measured, not hard-coded, so a taller or shorter header never covers the bar.
 */
function useStickyTop(): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const header = document.querySelector<HTMLElement>(".app-header");
    if (!header) return;
    const measure = () => setTop(getComputedStyle(header).position === "sticky" ? header.offsetHeight : 0);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(header);
    window.addEventListener("resize", measure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, []);
  return top;
}
