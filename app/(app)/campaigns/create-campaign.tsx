"use client";
/**
 * The create form. It checks every field as you type with lib/tiktok's own rules (so what it accepts, the server
 * accepts), shows the currency's minimum before anything is typed, and starts campaigns paused unless "Start now"
 * is chosen. Its operation key is made when the form opens and sent with every press until TikTok gives a final
 * answer: a double click, or pressing again after a lost answer, makes one campaign.
 */
import { useAction } from "convex/react";
import { useId, useRef, useState } from "react";
import type { Id } from "../../../convex/_generated/dataModel";
import { describedBy } from "../../../lib/ui/aria";
import {
  budgetRulesHint,
  campaignFailure,
  CREATE_BUDGET_MODES,
  CREATE_OBJECTIVES,
  createArgsFromDraft,
  createDraftProblems,
  type CampaignDraft,
  type CampaignFailure,
  type DraftField,
} from "../../../lib/ui/campaigns";
import { MAX_NAME_LENGTH } from "../../../lib/tiktok/campaign-input";
import { campaignsApi, newOperationKey, type ListedAdvertiser } from "./campaign-api";
import { FailureCallout } from "./inline-editors";
import { BusyButton } from "../../_components/busy-button";

const EMPTY: CampaignDraft = {
  objective: "TRAFFIC",
  name: "",
  budgetMode: "BUDGET_MODE_DAY",
  budgetText: "",
  startNow: false,
};

const FIELD_ORDER: DraftField[] = ["objective", "name", "budgetMode", "budget"];

export function CreateCampaign({
  workspaceId,
  advertiser,
  onCancel,
  onCreated,
}: {
  workspaceId: Id<"workspaces">;
  advertiser: ListedAdvertiser;
  onCancel: () => void;
  onCreated: (message: string) => void;
}) {
  const create = useAction(campaignsApi.create);
  const [operationKey, setOperationKey] = useState(newOperationKey);
  const [draft, setDraft] = useState<CampaignDraft>(EMPTY);
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<CampaignFailure | null>(null);
  const [serverProblem, setServerProblem] = useState<{ field: DraftField; message: string } | null>(null);
  // Set synchronously, before React re-renders the busy button: a double click's second press sees it.
  const inFlight = useRef(false);
  const objectiveRef = useRef<HTMLSelectElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const budgetModeRef = useRef<HTMLInputElement>(null);
  const budgetRef = useRef<HTMLInputElement>(null);
  const focusField = (field: DraftField) =>
    ({ objective: objectiveRef, name: nameRef, budgetMode: budgetModeRef, budget: budgetRef })[field].current?.focus();
  const ids = {
    heading: useId(),
    objective: useId(),
    name: useId(),
    nameHint: useId(),
    budget: useId(),
    budgetHint: useId(),
    start: useId(),
  };
  const problemId = (field: DraftField) => `${ids.heading}-${field}-problem`;

  const currency = advertiser.currency.toUpperCase();
  const problems = createDraftProblems(draft, advertiser);
  if (serverProblem && !problems[serverProblem.field]) problems[serverProblem.field] = serverProblem.message;
  const shown = (field: DraftField) => (submitted || touched.has(field) ? problems[field] : undefined);
  const needsBudget = draft.budgetMode !== "BUDGET_MODE_INFINITE";

  const edit = (field: DraftField, patch: Partial<CampaignDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
    if (serverProblem?.field === field) setServerProblem(null);
  };
  const describedByField = (field: DraftField, hint?: string) => describedBy(hint, shown(field) && problemId(field));
  const problemText = (field: DraftField) =>
    shown(field) ? (
      <p id={problemId(field)} className="field-error" role={submitted ? "alert" : undefined}>
        {shown(field)}
      </p>
    ) : null;

  const submit = async () => {
    if (inFlight.current) return;
    setSubmitted(true);
    const first = FIELD_ORDER.find((f) => problems[f]);
    if (first) {
      focusField(first);
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const args = createArgsFromDraft(draft);
      const { replayed } = await create({ workspaceId, advertiserId: advertiser.advertiserId, operationKey, ...args });
      onCreated(
        replayed
          ? `“${args.name}” was already created by your earlier press: TikTok has one campaign, not two.`
          : `Created “${args.name}”${args.startNow ? ", delivering as soon as it has ads" : ", paused"}. Add ad groups and ads to it in TikTok Ads Manager.`,
      );
    } catch (error) {
      const f = campaignFailure(error, "create the campaign");
      const field = FIELD_ORDER.find((name) => name === f.field);
      if (field) {
        setServerProblem({ field, message: f.message });
        focusField(field);
      }
      setFailure(f);
      // A final refusal is remembered for this key: the next press, probably with changes, is a new request.
      // After "try again later" or an unknown outcome the key stays, so pressing again cannot make a second campaign.
      if (!f.retryLater && f.field !== "operationKey") setOperationKey(newOperationKey());
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return (
    <form
      className="cmp-create"
      aria-labelledby={ids.heading}
      noValidate
      data-testid="create-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={ids.heading} className="cmp-create__title">
        New campaign
      </h3>
      <div className="cmp-create__grid">
        <div className="field">
          <label htmlFor={ids.objective}>Objective</label>
          <select
            ref={objectiveRef}
            id={ids.objective}
            className="select"
            value={draft.objective}
            onChange={(e) => edit("objective", { objective: e.target.value })}
            aria-invalid={shown("objective") ? true : undefined}
            aria-describedby={describedByField("objective")}
            // The form opens on its first question.
            autoFocus
          >
            {CREATE_OBJECTIVES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {problemText("objective")}
        </div>

        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            ref={nameRef}
            id={ids.name}
            className="input"
            value={draft.name}
            autoComplete="off"
            onChange={(e) => edit("name", { name: e.target.value })}
            onBlur={() => edit("name", {})}
            aria-invalid={shown("name") ? true : undefined}
            aria-describedby={describedByField("name", ids.nameHint)}
          />
          <p id={ids.nameHint} className="field-hint">
            {[...draft.name.trim()].length} of {MAX_NAME_LENGTH} characters
          </p>
          {problemText("name")}
        </div>

        <fieldset className="cmp-create__modes" aria-describedby={describedByField("budgetMode")}>
          <legend>Budget</legend>
          <div className="cmp-choices">
            {CREATE_BUDGET_MODES.map((m, i) => (
              <label key={m.value} className="cmp-choice">
                <input
                  ref={i === 0 ? budgetModeRef : undefined}
                  type="radio"
                  name={`${ids.heading}-mode`}
                  value={m.value}
                  checked={draft.budgetMode === m.value}
                  onChange={() => edit("budgetMode", { budgetMode: m.value })}
                />
                <span>
                  <span className="cmp-choice__label">{m.label}</span>
                  <span className="cmp-choice__hint">{m.hint}</span>
                </span>
              </label>
            ))}
          </div>
          {problemText("budgetMode")}
        </fieldset>

        {needsBudget ? (
          <div className="field">
            <label htmlFor={ids.budget}>
              {draft.budgetMode === "BUDGET_MODE_TOTAL" ? "Lifetime budget" : "Daily budget"} ({currency})
            </label>
            <div className="cmp-money">
              <span className="cmp-money__code" aria-hidden="true">
                {currency}
              </span>
              <input
                ref={budgetRef}
                id={ids.budget}
                className="input cmp-money__input"
                inputMode="decimal"
                autoComplete="off"
                spellCheck={false}
                value={draft.budgetText}
                onChange={(e) => edit("budget", { budgetText: e.target.value })}
                onBlur={() => edit("budget", {})}
                aria-invalid={shown("budget") ? true : undefined}
                aria-describedby={describedByField("budget", ids.budgetHint)}
              />
            </div>
            <p id={ids.budgetHint} className="field-hint" data-testid="budget-rules">
              {budgetRulesHint(currency)}
            </p>
            {problemText("budget")}
          </div>
        ) : null}

        <fieldset className="cmp-create__start">
          <legend>When it starts</legend>
          <div className="cmp-choices">
            <label className="cmp-choice">
              <input
                type="radio"
                name={ids.start}
                checked={!draft.startNow}
                onChange={() => setDraft((d) => ({ ...d, startNow: false }))}
              />
              <span>
                <span className="cmp-choice__label">Paused (recommended)</span>
                <span className="cmp-choice__hint">Turn it on once it has ad groups and ads. Nothing is spent.</span>
              </span>
            </label>
            <label className="cmp-choice">
              <input
                type="radio"
                name={ids.start}
                checked={draft.startNow}
                onChange={() => setDraft((d) => ({ ...d, startNow: true }))}
              />
              <span>
                <span className="cmp-choice__label">Start now</span>
                <span className="cmp-choice__hint">Delivers, and spends, as soon as its ads are approved.</span>
              </span>
            </label>
          </div>
        </fieldset>
      </div>

      {failure ? <FailureCallout failure={failure} /> : null}
      {failure?.field === "operationKey" ? (
        <p className="small">
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setOperationKey(newOperationKey());
              setFailure(null);
            }}
          >
            Send as a new campaign
          </button>{" "}
          <span className="muted">Only if you are sure the last attempt did not create it.</span>
        </p>
      ) : null}

      <div className="cmp-create__actions">
        <BusyButton busy={busy} type="submit" className="button button--primary" data-testid="create-submit">
          {busy ? "Creating…" : failure?.retryLater ? "Try again" : "Create campaign"}
        </BusyButton>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
