"use client";
/**
 * Rename and re-budget in the row itself. Each editor checks as you type with the rules TikTok applies (the name's
 * length; the currency's minimum and precision and the 105% floor for a budget), makes its operation key when it
 * opens and reuses it until TikTok gives a final answer, so a double press or a retry after a lost answer changes
 * the campaign once. Escape or Cancel closes it; focus goes back to the button that opened it.
 */
import { useAction } from "convex/react";
import { useEffect, useId, useRef, useState } from "react";
import type { Id } from "../../../convex/_generated/dataModel";
import { describedBy } from "../../../lib/ui/aria";
import {
  budgetEditProblem,
  budgetRuleText,
  campaignFailure,
  nameEditProblem,
  parseBudgetInput,
  type CampaignFailure,
} from "../../../lib/ui/campaigns";
import { amountInputText, formatMoney } from "../../../lib/format/numbers";
import { campaignsApi, newOperationKey, type CampaignRow } from "./campaign-api";
import type { Say } from "./use-status-changes";
import { BusyButton } from "../../_components/busy-button";

interface EditorTarget {
  row: CampaignRow;
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  say: Say;
  onDone: () => void;
}

export function NameEditor({ row, workspaceId, advertiserId, say, onDone }: EditorTarget) {
  const update = useAction(campaignsApi.update);
  return (
    <InlineEditor
      label={`New name for “${row.name}”`}
      initial={row.name}
      problemOf={nameEditProblem}
      unchanged={(text) => text.trim() === row.name}
      what={`rename “${row.name}”`}
      testId="name-editor"
      onDone={onDone}
      save={async (text, operationKey) => {
        const { unchanged } = await update({
          workspaceId,
          advertiserId,
          operationKey,
          campaignId: row.campaignId,
          name: text.trim(),
        });
        say(
          unchanged
            ? { tone: "info", message: `“${row.name}” already has that name; nothing was sent to TikTok.` }
            : { tone: "success", message: `Renamed “${row.name}” to “${text.trim()}”.` },
        );
      }}
    />
  );
}

export function BudgetEditor({
  row,
  currency,
  workspaceId,
  advertiserId,
  say,
  onDone,
}: EditorTarget & { currency: string }) {
  const update = useAction(campaignsApi.update);
  const initial = row.budget === undefined ? "" : amountInputText(row.budget, currency);
  return (
    <InlineEditor
      label={`New budget for “${row.name}”`}
      initial={initial}
      prefix={currency.toUpperCase()}
      inputMode="decimal"
      hint={budgetRuleText(row, currency)}
      problemOf={(text) => budgetEditProblem(text, row, currency)}
      unchanged={(text) => text.trim() === initial}
      what={`change the budget of “${row.name}”`}
      testId="budget-editor"
      onDone={onDone}
      save={async (text, operationKey) => {
        const parsed = parseBudgetInput(text);
        if ("problem" in parsed) throw new Error(parsed.problem);
        const { unchanged } = await update({
          workspaceId,
          advertiserId,
          operationKey,
          campaignId: row.campaignId,
          budget: parsed.amount,
        });
        const amount = formatMoney(parsed.amount, currency);
        say(
          unchanged
            ? { tone: "info", message: `The budget of “${row.name}” is already ${amount}; nothing was sent to TikTok.` }
            : { tone: "success", message: `The budget of “${row.name}” is now ${amount}.` },
        );
      }}
    />
  );
}

function InlineEditor({
  label,
  initial,
  prefix,
  inputMode,
  hint,
  problemOf,
  unchanged,
  what,
  testId,
  save,
  onDone,
}: {
  label: string;
  initial: string;
  prefix?: string;
  inputMode?: "decimal";
  hint?: string;
  problemOf: (text: string) => string | undefined;
  unchanged: (text: string) => boolean;
  what: string;
  testId: string;
  save: (text: string, operationKey: string) => Promise<void>;
  onDone: () => void;
}) {
  const ids = { input: useId(), hint: useId(), problem: useId() };
  const [text, setText] = useState(initial);
  const [operationKey, setOperationKey] = useState(newOperationKey);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<CampaignFailure | null>(null);
  const inFlight = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.select();
  }, []);

  const problem = text === initial && !submitted ? undefined : problemOf(text);
  const description = describedBy(hint && ids.hint, problem && ids.problem);

  return (
    <form
      className="cmp-inline"
      noValidate
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) {
          e.preventDefault();
          onDone();
        }
      }}
      onSubmit={async (e) => {
        e.preventDefault();
        if (inFlight.current) return;
        setSubmitted(true);
        if (problemOf(text)) {
          inputRef.current?.focus();
          return;
        }
        if (unchanged(text)) {
          onDone();
          return;
        }
        inFlight.current = true;
        setBusy(true);
        setFailure(null);
        try {
          await save(text, operationKey);
          onDone();
        } catch (error) {
          const f = campaignFailure(error, what);
          setFailure(f);
          // A final refusal is remembered for its key: the next attempt is a new request.
          if (!f.retryLater && f.field !== "operationKey") setOperationKey(newOperationKey());
          inputRef.current?.focus();
        } finally {
          inFlight.current = false;
          setBusy(false);
        }
      }}
    >
      <label htmlFor={ids.input} className="cmp-inline__label">
        {label}
      </label>
      <div className="cmp-inline__row">
        {prefix ? (
          <span className="cmp-inline__prefix" aria-hidden="true">
            {prefix}
          </span>
        ) : null}
        <input
          ref={inputRef}
          id={ids.input}
          className="input cmp-inline__input"
          value={text}
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={inputMode ? false : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setFailure(null);
          }}
          aria-invalid={problem ? true : undefined}
          aria-describedby={description}
        />
      </div>
      {hint ? (
        <p id={ids.hint} className="field-hint">
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p id={ids.problem} className="field-error" role={submitted ? "alert" : undefined}>
          {problem}
        </p>
      ) : null}
      {failure ? <FailureCallout failure={failure} /> : null}
      <div className="cmp-inline__actions">
        <BusyButton busy={busy} type="submit" className="button button--primary button--small">
          Save
        </BusyButton>
        <button type="button" className="button button--ghost button--small" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A refusal where the person is looking: what happened, TikTok's words, and the code and request_id for support. */
export function FailureCallout({ failure }: { failure: CampaignFailure }) {
  return (
    <div className={`callout callout--${failure.tone}`} role="alert" data-testid="campaign-failure">
      <p className="callout__title">{failure.title}</p>
      <p>{failure.message}</p>
      {failure.reference ? (
        <p className="callout__ref">
          <span className="mono">{failure.reference}</span>
          <span className="muted"> — quote these if you contact TikTok support.</span>
        </p>
      ) : null}
      {failure.reconnect ? (
        <p>
          <a href="/connections">Open Connections</a> and press Reconnect.
        </p>
      ) : null}
    </div>
  );
}
