"use client";
/**
 * The campaign table: one row per campaign with its status in words and the on/off switch, objective, budget,
 * created day (in the account's time zone) and the last 7 days' spend. Marketers also get row selection, inline
 * rename and re-budget, and Delete; ops get the same table with none of them. On a phone each row becomes a card.
 */
import type { Id } from "../../../convex/_generated/dataModel";
import { useId, useRef, useState } from "react";
import { Badge } from "../../_components/badge";
import {
  campaignBudgetText,
  campaignStatusLabel,
  campaignStatusTone,
  isDelivering,
  objectiveLabel,
  statusChangeWords,
  type CampaignListView,
} from "../../../lib/ui/campaigns";
import { CAMPAIGN_LIST, type CampaignSort } from "../../../lib/campaigns/list";
import { dayOf } from "../../../lib/format/dates";
import { CAMPAIGN_SPEND_DAYS, rangeInZone } from "../../../lib/reports/presets";
import { formatMoney } from "../../../lib/format/numbers";
import { nextSort } from "../../../lib/lists/contract";
import type { CampaignRow } from "./campaign-api";
import { BudgetEditor, NameEditor } from "./inline-editors";
import type { Say, Switch } from "./use-status-changes";

export const SORT_LABELS: Record<CampaignSort, { asc: string; desc: string }> = {
  name: { asc: "Name, A to Z", desc: "Name, Z to A" },
  status: { asc: "Status, A to Z", desc: "Status, Z to A" },
  objective: { asc: "Objective, A to Z", desc: "Objective, Z to A" },
  budget: { asc: "Budget, lowest first", desc: "Budget, highest first" },
  created: { asc: "Oldest first", desc: "Newest first" },
  spend7d: { asc: "Spend, lowest first", desc: "Spend, highest first" },
};

interface TableProps {
  rows: readonly CampaignRow[];
  overrides: ReadonlyMap<string, { status: Switch; sent: boolean }>;
  currency: string;
  timezone: string | undefined;
  spendFrom: string | null;
  spendTo: string | null;
  view: Pick<CampaignListView, "sort" | "order">;
  onSort: (patch: Pick<CampaignListView, "sort" | "order">) => void;
  writable: boolean;
  selected: ReadonlySet<string>;
  onSelect: (next: ReadonlySet<string>) => void;
  onSwitch: (row: CampaignRow, status: Switch) => void;
  onDelete: (row: CampaignRow) => void;
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  say: Say;
}

/** Named as the Reports page names the same days (its "Last 7 days" preset). */
const SPEND_LABEL = `Spend, last ${CAMPAIGN_SPEND_DAYS} days`;

type Editing = { campaignId: string; field: "name" | "budget" } | null;

export function CampaignTable(props: TableProps) {
  const { rows, currency, spendFrom, spendTo, view, onSort, writable, selected, onSelect } = props;
  const captionId = useId();
  const [editing, setEditing] = useState<Editing>(null);
  const selectable = rows.filter((r) => !r.deleted);
  const allSelected = selectable.length > 0 && selectable.every((r) => selected.has(r.campaignId));
  const someSelected = selectable.some((r) => selected.has(r.campaignId));
  const range = spendFrom && spendTo ? rangeInZone({ from: spendFrom, to: spendTo }, props.timezone) : null;

  const header = (column: CampaignSort, label: string, className?: string, sub?: string | null) => {
    const current = view.sort === column;
    return (
      <th
        scope="col"
        className={className}
        aria-sort={current ? (view.order === "asc" ? "ascending" : "descending") : undefined}
      >
        <button type="button" className="cmp-sort" onClick={() => onSort(nextSort(CAMPAIGN_LIST, view, column))}>
          <span className="cmp-sort__label">
            {label}
            <span className="cmp-sort__arrow" aria-hidden="true">
              {current ? (view.order === "asc" ? " ↑" : " ↓") : " ↕"}
            </span>
          </span>
          {sub ? <span className="cmp-sort__sub">{sub}</span> : null}
        </button>
      </th>
    );
  };

  return (
    <div className="table-wrap cmp-table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table-cards cmp-table" data-testid="campaign-table">
        <caption id={captionId} className="sr-only">
          Campaigns, sorted by {SORT_LABELS[view.sort][view.order].toLowerCase()}.
          {range ? ` Spend covers the last ${CAMPAIGN_SPEND_DAYS} whole days, ${range}.` : " Spend is not synced yet."}
        </caption>
        <thead>
          <tr>
            {writable ? (
              <th scope="col" className="cmp-col-select">
                <input
                  type="checkbox"
                  className="cmp-check"
                  aria-label="Select every campaign on this page"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected && !allSelected;
                  }}
                  disabled={selectable.length === 0}
                  onChange={() => {
                    const next = new Set(selected);
                    for (const r of selectable) {
                      if (allSelected) next.delete(r.campaignId);
                      else next.add(r.campaignId);
                    }
                    onSelect(next);
                  }}
                />
              </th>
            ) : null}
            {header("name", "Campaign")}
            {header("status", "Status")}
            {header("objective", "Objective")}
            {header("budget", "Budget", "cmp-num")}
            {header("created", "Created")}
            {header("spend7d", SPEND_LABEL, "cmp-num", range)}
            {writable ? (
              <th scope="col" className="cmp-col-actions">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <CampaignTableRow
              key={row.campaignId}
              {...props}
              row={row}
              editing={editing?.campaignId === row.campaignId ? editing.field : null}
              onEdit={(field) => setEditing(field ? { campaignId: row.campaignId, field } : null)}
              currency={currency}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CampaignTableRow({
  row,
  overrides,
  currency,
  timezone,
  writable,
  selected,
  onSelect,
  onSwitch,
  onDelete,
  editing,
  onEdit,
  workspaceId,
  advertiserId,
  say,
}: TableProps & {
  row: CampaignRow;
  editing: "name" | "budget" | null;
  onEdit: (field: "name" | "budget" | null) => void;
}) {
  const override = overrides.get(row.campaignId);
  const sending = override !== undefined && !override.sent;
  const busy = sending || row.pending;
  const on = isDelivering(row);
  const controls = writable && !row.deleted;
  const status = sending ? `${statusChangeWords(override.status).doing}…` : campaignStatusLabel(row);
  const renameRef = useRef<HTMLButtonElement>(null);
  const rebudgetRef = useRef<HTMLButtonElement>(null);
  // Back to the button that opened the editor once it closes (saved or cancelled), so the keyboard stays in the row.
  const closeEditor = (button: React.RefObject<HTMLButtonElement | null>) => {
    onEdit(null);
    requestAnimationFrame(() => button.current?.focus());
  };

  return (
    <tr
      data-testid="campaign-row"
      data-campaign-id={row.campaignId}
      data-status={row.deleted ? "deleted" : (row.operationStatus ?? "unknown")}
      className={row.deleted ? "cmp-row--deleted" : undefined}
    >
      {writable ? (
        <td className="cmp-col-select">
          {row.deleted ? null : (
            <input
              type="checkbox"
              className="cmp-check"
              aria-label={`Select “${row.name}”`}
              checked={selected.has(row.campaignId)}
              onChange={(e) => {
                const next = new Set(selected);
                if (e.target.checked) next.add(row.campaignId);
                else next.delete(row.campaignId);
                onSelect(next);
              }}
            />
          )}
        </td>
      ) : null}
      <th scope="row" className="cmp-col-name">
        {editing === "name" ? (
          <NameEditor
            row={row}
            workspaceId={workspaceId}
            advertiserId={advertiserId}
            say={say}
            onDone={() => closeEditor(renameRef)}
          />
        ) : (
          <>
            <span className="adv__name" data-testid="campaign-name">
              {row.name}
            </span>
            <span className="adv__id">
              <span className="sr-only">Campaign </span>ID <span className="mono">{row.campaignId}</span>
            </span>
            {row.pending ? <span className="tag tag--quiet cmp-pending">Updating…</span> : null}
            {controls ? (
              <button
                ref={renameRef}
                type="button"
                className="button button--ghost button--small cmp-edit"
                onClick={() => {
                  if (!busy) onEdit("name");
                }}
                aria-disabled={busy || undefined}
              >
                Rename<span className="sr-only"> “{row.name}”</span>
              </button>
            ) : null}
          </>
        )}
      </th>
      <td data-label="Status" className="cmp-col-status">
        <div className="cmp-status">
          <Badge tone={sending ? "info" : campaignStatusTone(row)}>
            <span data-testid="campaign-status">{status}</span>
          </Badge>
          {controls ? (
            <button
              type="button"
              role="switch"
              aria-checked={on}
              aria-disabled={busy || undefined}
              className="cmp-switch"
              data-testid="campaign-switch"
              onClick={() => {
                if (!busy) onSwitch(row, on ? "DISABLE" : "ENABLE");
              }}
            >
              <span className="sr-only">Run “{row.name}”</span>
              <span className="cmp-switch__track" aria-hidden="true">
                <span className="cmp-switch__thumb" />
              </span>
              <span className="cmp-switch__text" aria-hidden="true">
                {sending ? <span className="spinner" /> : on ? "On" : "Off"}
              </span>
            </button>
          ) : null}
        </div>
      </td>
      <td data-label="Objective">{objectiveLabel(row.objectiveType)}</td>
      <td data-label="Budget" className="cmp-num">
        {editing === "budget" ? (
          <BudgetEditor
            row={row}
            currency={currency}
            workspaceId={workspaceId}
            advertiserId={advertiserId}
            say={say}
            onDone={() => closeEditor(rebudgetRef)}
          />
        ) : (
          <>
            <span data-testid="campaign-budget" className="cmp-nowrap">
              {campaignBudgetText(row, currency)}
            </span>
            {controls && row.budgetMode !== "BUDGET_MODE_INFINITE" ? (
              <button
                ref={rebudgetRef}
                type="button"
                className="button button--ghost button--small cmp-edit"
                onClick={() => {
                  if (!busy) onEdit("budget");
                }}
                aria-disabled={busy || undefined}
              >
                Change<span className="sr-only"> the budget of “{row.name}”</span>
              </button>
            ) : null}
          </>
        )}
      </td>
      <td data-label="Created" className="cmp-nowrap">
        {dayOf(row.createdAt, timezone)}
      </td>
      <td data-label={SPEND_LABEL} className="cmp-num">
        {row.spend7d === null ? <span className="muted">Not synced yet</span> : formatMoney(row.spend7d, currency)}
      </td>
      {writable ? (
        <td className="cmp-col-actions">
          {row.deleted ? null : (
            <button
              type="button"
              className="button button--danger-quiet button--small"
              onClick={() => {
                if (!busy) onDelete(row);
              }}
              aria-disabled={busy || undefined}
            >
              Delete<span className="sr-only"> “{row.name}”</span>
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}
