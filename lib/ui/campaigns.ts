/**
 * The Campaigns page's words and rules, pure so each is a unit test: money at the currency's precision, the create
 * form's problems (checked through lib/tiktok's own validation, so the page and the server agree), the 105% budget
 * rule, refusals in plain words, audit entries as sentences, and the list's view in the address. Status and
 * objective words are lib/campaigns/labels.ts's (the server's reports use them too), re-exported here.
 */
import type { CampaignAction, CampaignSnapshot } from "../campaigns/audit";
import { objectiveLabel, tidyConstant } from "../campaigns/labels";
import { buildCreateBody, type BudgetMode } from "../tiktok/campaign-input";
import { TikTokInputError } from "../tiktok/errors";
import { assertValidCampaignBudget, maximumCampaignBudget, minimumCampaignBudget } from "../tiktok/money";
import { currencyDecimals, formatMoney } from "../format/numbers";
import { OBJECTIVES as CURRENT_OBJECTIVES } from "../tiktok/objectives";
import {
  CAMPAIGN_LIST,
  CAMPAIGN_STATUS_FILTERS,
  type CampaignSort,
  type CampaignStatusFilter,
} from "../campaigns/list";
import { isSort, MAX_SEARCH_LENGTH, type SortOrder } from "../lists/contract";
import { failureReference, type Tone } from "./connections";
import { isNetworkFailure } from "./errors";

export { campaignStatusLabel, objectiveLabel } from "../campaigns/labels";

const BUDGET_MODES_IN_WORDS: Record<string, string> = {
  BUDGET_MODE_DAY: "Daily",
  BUDGET_MODE_TOTAL: "Lifetime",
  BUDGET_MODE_INFINITE: "No limit",
  BUDGET_MODE_DYNAMIC_DAILY_BUDGET: "Average daily",
};

export function budgetModeLabel(mode: string): string {
  return BUDGET_MODES_IN_WORDS[mode] ?? tidyConstant(mode, /^BUDGET_MODE_/);
}

/** "Daily · $100.00", "Lifetime · ¥50,000", "No limit". */
export function campaignBudgetText(c: { budgetMode: string; budget?: number }, currency: string): string {
  const mode = budgetModeLabel(c.budgetMode);
  return c.budget === undefined || c.budgetMode === "BUDGET_MODE_INFINITE"
    ? mode
    : `${mode} · ${formatMoney(c.budget, currency)}`;
}

/* ---------- Status ---------- */

export function isDelivering(c: { deleted: boolean; operationStatus?: string }): boolean {
  return !c.deleted && c.operationStatus === "ENABLE";
}

/** The badge colour for a status: green when on and delivering, amber when on but held back, grey when off. */
export function campaignStatusTone(c: { deleted: boolean; secondaryStatus?: string; operationStatus?: string }): Tone {
  if (c.deleted) return "muted";
  if (c.operationStatus === "DISABLE" || c.secondaryStatus === "CAMPAIGN_STATUS_DISABLE") return "muted";
  if (c.secondaryStatus === undefined || c.secondaryStatus === "CAMPAIGN_STATUS_ENABLE") {
    return c.operationStatus === "ENABLE" ? "ok" : "muted";
  }
  return c.secondaryStatus.includes("DENY") || c.secondaryStatus.includes("PUNISH") ? "error" : "warn";
}

/* ---------- Creating ---------- */

/**
 * The objectives offered for a new campaign, in words. App promotion is offered as app installs (the deprecated
 * APP_INSTALL, which lib/tiktok/objectives.ts maps to APP_PROMOTION with app_promotion_type APP_INSTALL).
 */
export const CREATE_OBJECTIVES: ReadonlyArray<{ value: string; label: string }> = CURRENT_OBJECTIVES.map((o) =>
  o === "APP_PROMOTION" ? { value: "APP_INSTALL", label: "App installs" } : { value: o, label: objectiveLabel(o) },
);

export const CREATE_BUDGET_MODES: ReadonlyArray<{ value: BudgetMode; label: string; hint: string }> = [
  { value: "BUDGET_MODE_DAY", label: "Daily", hint: "Spends up to this much each day." },
  { value: "BUDGET_MODE_TOTAL", label: "Lifetime", hint: "Spends up to this much over the campaign's life." },
  {
    value: "BUDGET_MODE_INFINITE",
    label: "No limit",
    hint: "No campaign budget: each ad group's own budget limits spend.",
  },
];

export interface CampaignDraft {
  objective: string;
  name: string;
  budgetMode: string;
  /** As typed. */
  budgetText: string;
  startNow: boolean;
}

export type DraftField = "objective" | "name" | "budgetMode" | "budget";
export type DraftProblems = Partial<Record<DraftField, string>>;

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * A typed amount as a number: "50", "50.25", "1,250.50" (thousands commas); anything else is a problem in words.
 * A decimal comma is refused rather than guessed ("50,25" could be 5025 or 50.25).
 */
export function parseBudgetInput(text: string): { amount: number } | { problem: string } {
  const t = text.replace(/\s+/g, "");
  if (!t) return { problem: "Enter a budget." };
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, "") : t;
  if (!/^\d+(\.\d+)?$/.test(plain)) {
    return {
      problem: /^\d+,\d{1,2}$/.test(t)
        ? `Use a point for decimals, like ${t.replace(",", ".")}.`
        : "Enter the budget as a number, like 50 or 50.25.",
    };
  }
  return { amount: Number(plain) };
}

/** The minimum and precision for a currency, shown beside the budget field before anything is typed. */
export function budgetRulesHint(currency: string): string {
  const minimum = minimumCampaignBudget(currency);
  const precision = currencyDecimals(currency) === 0 ? "whole amounts only" : "up to 2 decimals";
  return minimum === undefined
    ? `In ${currency.toUpperCase()}, ${precision}. TikTok checks the minimum for this currency.`
    : `At least ${formatMoney(minimum, currency)} (TikTok's minimum in ${currency.toUpperCase()}), ${precision}.`;
}

/**
 * What is wrong with a create form, field by field, in the words the backend would use: each field is checked
 * through lib/tiktok's own `buildCreateBody` with the other fields set to values known to pass, so one field's
 * problem never hides another's and the page and the server can never disagree.
 */
export function createDraftProblems(draft: CampaignDraft, advertiser: { advertiserId: string; currency: string }) {
  const problems: DraftProblems = {};
  const base = {
    advertiserId: advertiser.advertiserId,
    currency: advertiser.currency,
    name: "x",
    objective: "TRAFFIC",
    budgetMode: "BUDGET_MODE_INFINITE" as BudgetMode,
  };
  const check = (field: DraftField, args: Partial<Parameters<typeof buildCreateBody>[0]>) => {
    try {
      buildCreateBody({ ...base, ...args });
    } catch (error) {
      if (error instanceof TikTokInputError) problems[field] = sentence(error.message);
      else throw error;
    }
  };
  check("name", { name: draft.name });
  if (!draft.objective) problems.objective = "Choose an objective.";
  else check("objective", { objective: draft.objective });
  if (!draft.budgetMode) problems.budgetMode = "Choose a budget mode.";
  else {
    // An amount every rule of the currency allows (its cap: whole units, above the minimum): only the mode is checked.
    const anyBudget =
      draft.budgetMode === "BUDGET_MODE_INFINITE" ? undefined : maximumCampaignBudget(advertiser.currency);
    check("budgetMode", { budgetMode: draft.budgetMode as BudgetMode, budget: anyBudget });
    if (!problems.budgetMode && draft.budgetMode !== "BUDGET_MODE_INFINITE") {
      const parsed = parseBudgetInput(draft.budgetText);
      if ("problem" in parsed) problems.budget = parsed.problem;
      else check("budget", { budgetMode: draft.budgetMode as BudgetMode, budget: parsed.amount });
    }
  }
  return problems;
}

/** The create action's arguments from a draft that has no problems (the budget only where the mode takes one). */
export function createArgsFromDraft(draft: CampaignDraft): {
  name: string;
  objective: string;
  budgetMode: string;
  budget?: number;
  startNow: boolean;
} {
  const parsed = draft.budgetMode === "BUDGET_MODE_INFINITE" ? undefined : parseBudgetInput(draft.budgetText);
  return {
    name: draft.name.trim(),
    objective: draft.objective,
    budgetMode: draft.budgetMode,
    ...(parsed && "amount" in parsed ? { budget: parsed.amount } : {}),
    startNow: draft.startNow,
  };
}

/* ---------- Editing ---------- */

/** A new name's problem, or undefined when TikTok would take it. */
export function nameEditProblem(text: string): string | undefined {
  try {
    buildCreateBody({
      advertiserId: "1",
      currency: "USD",
      name: text,
      objective: "TRAFFIC",
      budgetMode: "BUDGET_MODE_INFINITE",
    });
    return undefined;
  } catch (error) {
    if (error instanceof TikTokInputError) return sentence(error.message);
    throw error;
  }
}

/**
 * TikTok's rule for a new budget in words: never below the currency's minimum, and never below 105% of what the
 * campaign has already spent against this budget (today's spend for a daily budget, all of it for a lifetime one).
 * `budgetFloor` is the lowest amount both allow, worked out by the server from the synced spend.
 */
export function budgetRuleText(c: { budgetMode: string; budgetFloor: number | null }, currency: string): string {
  const minimum = minimumCampaignBudget(currency);
  const min = minimum === undefined ? "" : ` and never under TikTok's minimum of ${formatMoney(minimum, currency)}`;
  const spent = c.budgetMode === "BUDGET_MODE_TOTAL" ? "in total so far" : "today";
  const floor = c.budgetFloor === null ? "" : ` ${aboutFloor(c.budgetFloor, currency)}`;
  return `TikTok refuses a budget below 105% of what the campaign has spent ${spent}${min}.${floor}`;
}

/**
 * The floor as an estimate: it comes from the last sync's spend, while TikTok checks the spend at the moment of the
 * change, which only grows in between. Said as "about", not re-read first: a fresh spend read is a reporting call per
 * edit (from the rate budget people share with sync) and spend keeps moving after it, so it would narrow the gap
 * without closing it; TikTok's refusal, if it comes, says the real floor and the audit keeps the amount tried.
 */
function aboutFloor(floor: number, currency: string): string {
  return `Here that means at least about ${formatMoney(floor, currency)}, from the last sync's spend; TikTok checks the current spend.`;
}

/** A typed new budget's problem, or undefined when it passes the currency's rules and the 105% floor. */
export function budgetEditProblem(
  text: string,
  c: { budgetFloor: number | null; budgetMode: string },
  currency: string,
): string | undefined {
  const parsed = parseBudgetInput(text);
  if ("problem" in parsed) return parsed.problem;
  try {
    assertValidCampaignBudget(parsed.amount, currency);
  } catch (error) {
    if (error instanceof TikTokInputError) return sentence(error.message);
    throw error;
  }
  if (c.budgetFloor !== null && parsed.amount < c.budgetFloor) {
    const spent = c.budgetMode === "BUDGET_MODE_TOTAL" ? "in total" : "today";
    return `Raise it to at least about ${formatMoney(c.budgetFloor, currency)}: TikTok refuses a budget below 105% of what the campaign has already spent ${spent}, and checks the current spend, which may be higher than at the last sync.`;
  }
  return undefined;
}

/* ---------- Failures ---------- */

export interface CampaignFailure {
  /** "warn": try again later (nothing is wrong with the request); "error": change something first. */
  tone: "warn" | "error";
  title: string;
  message: string;
  /** "TikTok code 40002 · Request ID 2024…", for TikTok support. */
  reference?: string;
  retryLater: boolean;
  /** The form field the problem is about, when the server named one. */
  field?: string;
  /** The connection must be reconnected on the Connections page. */
  reconnect: boolean;
}

/**
 * A refused campaign change in plain words. The server throws `ConvexError({ code, message, … })` (INVALID before
 * TikTok was called, TIKTOK with TikTok's code and request_id, NEEDS_REAUTH…); anything else is either a lost
 * connection (the outcome is unknown: pressing again is safe, because the operation key is reused) or a bug.
 * RATE_LIMITED (too many changes in a short time) carries when to try again, in the server's words.
 */
export function campaignFailure(error: unknown, what: string): CampaignFailure {
  const data = dataOf(error);
  const code = typeof data?.code === "string" ? data.code : undefined;
  const serverMessage = typeof data?.message === "string" && data.message.trim() ? sentence(data.message) : undefined;
  if (code === "TIKTOK") {
    const retryLater = data?.retryLater === true;
    const reference = failureReference({
      code: typeof data?.tiktokCode === "number" ? data.tiktokCode : undefined,
      requestId: typeof data?.requestId === "string" ? data.requestId : undefined,
    });
    return {
      tone: retryLater ? "warn" : "error",
      title: retryLater
        ? `TikTok could not ${what} right now. Try again in a moment.`
        : `TikTok refused to ${what}. Change what it says, then try again.`,
      message: serverMessage ?? (retryLater ? "TikTok did not finish the request." : "TikTok refused the request."),
      ...(reference ? { reference } : {}),
      retryLater,
      reconnect: false,
    };
  }
  if (code === "INVALID") {
    return {
      tone: "error",
      title: `Nothing was sent to TikTok. Change this, then try again.`,
      message: serverMessage ?? "Something in the request needs changing.",
      retryLater: false,
      ...(typeof data?.field === "string" ? { field: data.field } : {}),
      reconnect: false,
    };
  }
  if (code === "RATE_LIMITED") {
    // Nothing was sent or recorded: the same press later (the same operation key) is a first attempt.
    return {
      tone: "warn",
      title: `Could not ${what} yet.`,
      message: serverMessage ?? "Too many changes in a short time. Wait a moment, then try again.",
      retryLater: true,
      reconnect: false,
    };
  }
  if (code === "NEEDS_REAUTH") {
    return {
      tone: "error",
      title: "This ad account's connection needs to be reconnected.",
      message: serverMessage ?? "Reconnect it on the Connections page, then try again.",
      retryLater: false,
      reconnect: true,
    };
  }
  if (code) {
    return {
      tone: "error",
      title: `Could not ${what}.`,
      message: serverMessage ?? "The app refused the request.",
      retryLater: false,
      reconnect: false,
    };
  }
  if (isNetworkFailure(error)) {
    return {
      tone: "warn",
      title: `Could not reach the server to ${what}.`,
      message: "Check your connection and press again: the same request is sent, so nothing is done twice.",
      retryLater: true,
      reconnect: false,
    };
  }
  return {
    tone: "warn",
    title: `Could not ${what}.`,
    message:
      "Something went wrong on the way. Press again in a moment: the same request is sent, so nothing is done twice.",
    retryLater: true,
    reconnect: false,
  };
}

function dataOf(error: unknown): Record<string, unknown> | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = error.data;
  return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : undefined;
}

/* ---------- Status changes and the audit trail ---------- */

export type StatusChange = "ENABLE" | "DISABLE" | "DELETE";

const CHANGE_VERBS: Record<StatusChange, { doing: string; done: string; verb: string }> = {
  ENABLE: { doing: "Enabling", done: "Enabled", verb: "enable" },
  DISABLE: { doing: "Pausing", done: "Paused", verb: "pause" },
  DELETE: { doing: "Deleting", done: "Deleted", verb: "delete" },
};

export function statusChangeWords(change: StatusChange): { doing: string; done: string; verb: string } {
  return CHANGE_VERBS[change];
}

/** "paused", "enabled", "deleted": a campaign's state after a change. */
function stateAfter(change: StatusChange): string {
  return CHANGE_VERBS[change].done.toLowerCase();
}

/**
 * What a status change did, as the notice says it: the campaigns TikTok changed, those already as asked (our fresh
 * rows said so, so nothing was sent for them), and any TikTok left as they were.
 */
export function statusChangeNotice(
  change: StatusChange,
  targets: ReadonlyArray<{ campaignId: string; name: string }>,
  result: { campaignIds: readonly string[]; unchanged: readonly string[] },
): { tone: "success" | "info"; message: string } {
  const changed = new Set(result.campaignIds);
  const already = targets.filter((t) => result.unchanged.includes(t.campaignId));
  const left = targets.filter((t) => !changed.has(t.campaignId) && !result.unchanged.includes(t.campaignId));
  const done = targets.length - already.length - left.length;
  const words = CHANGE_VERBS[change];
  if (already.length === 0 && left.length === 0)
    return { tone: "success", message: `${words.done} ${campaignsNamed(targets.map((t) => t.name))}.` };
  if (done === 0 && left.length === 0) {
    const subject =
      already.length === 1 ? `${campaignsNamed([already[0]!.name])} is` : `These ${already.length} campaigns are`;
    return { tone: "info", message: `${subject} already ${stateAfter(change)}; nothing was sent to TikTok.` };
  }
  const parts = [`${words.done} ${done} of ${targets.length} campaigns.`];
  if (already.length)
    parts.push(
      `${campaignsNamed(already.map((t) => t.name))} ${already.length === 1 ? "was" : "were"} already ${stateAfter(change)}.`,
    );
  if (left.length)
    parts.push(
      `TikTok left ${campaignsNamed(left.map((t) => t.name))} as ${left.length === 1 ? "it was" : "they were"}.`,
    );
  return { tone: "info", message: parts.join(" ") };
}

/** "“Spring sale”", "3 campaigns", "1 campaign". */
export function campaignsNamed(names: readonly string[], count = names.length): string {
  if (count === 1 && names[0] !== undefined) return `“${names[0]}”`;
  return `${count} campaign${count === 1 ? "" : "s"}`;
}

export interface AuditEntryLike {
  action: CampaignAction;
  campaignIds: readonly string[];
  campaignName?: string;
  /** A bulk change's campaigns by name (the first few: lib/campaigns/audit.ts's AUDIT_NAMES). */
  campaignNames?: readonly string[];
  before?: CampaignSnapshot;
  /** What TikTok now has, or, for a failed change, what was asked for. */
  after?: CampaignSnapshot;
  outcome?: "succeeded" | "failed";
}

/** Names shown in an audit sentence before the rest are counted. */
const NAMES_SAID = 3;

/** "“A”", "“A” and “B”", "“A”, “B”, “C” and 2 more": which campaigns, not just how many. */
function whichCampaigns(entry: AuditEntryLike): string {
  const count = entry.campaignIds.length || 1;
  const names = entry.campaignNames?.length ? entry.campaignNames : entry.campaignName ? [entry.campaignName] : [];
  if (names.length === 0 || (count > 1 && names.length < 2)) return campaignsNamed([], count);
  if (count === 1) return campaignsNamed(names.slice(0, 1));
  const said = names.slice(0, Math.min(NAMES_SAID, count)).map((n) => `“${n}”`);
  const rest = count - said.length;
  if (rest === 0) return `${said.slice(0, -1).join(", ")} and ${said.at(-1)}`;
  return `${said.join(", ")} and ${rest.toLocaleString("en")} more`;
}

/** Each action's verb, as done (a succeeded entry) and as asked (a failed one: "Tried to pause …"). */
const AUDIT_VERBS: Record<Exclude<CampaignAction, "update">, { done: string; asked: string }> = {
  create: { done: "Created", asked: "create" },
  enable: { done: "Enabled", asked: "enable" },
  disable: { done: "Paused", asked: "pause" },
  delete: { done: "Deleted", asked: "delete" },
};

/**
 * One audit entry as a sentence: "Paused “A” and “B”", "Changed the budget of “X” from $100.00 to $120.00"; a failed
 * one says what was tried: "Tried to change the budget of “X” from $100.00 to $90.00".
 */
export function auditSummary(entry: AuditEntryLike, currency: string): string {
  const target = whichCampaigns(entry);
  const failed = entry.outcome === "failed";
  const said = (done: string, asked: string) => (failed ? `Tried to ${asked}` : done);
  switch (entry.action) {
    case "create": {
      const parts = [`${said("Created", "create")} ${target}`];
      if (entry.after?.budget !== undefined) parts.push(`budget ${formatMoney(entry.after.budget, currency)}`);
      if (entry.after?.status === "ENABLE") parts.push(failed ? "starting now" : "started now");
      else if (entry.after?.status === "DISABLE") parts.push("paused");
      return parts.join(", ");
    }
    case "enable":
    case "disable":
    case "delete": {
      const verb = AUDIT_VERBS[entry.action];
      return `${said(verb.done, verb.asked)} ${target}`;
    }
    case "update": {
      const changes: string[] = [];
      const { before = {}, after = {} } = entry;
      if (after.name !== undefined && after.name !== before.name) {
        const rename = failed ? "rename" : "renamed";
        changes.push(
          before.name !== undefined
            ? `${rename} “${before.name}” to “${after.name}”`
            : `${rename} ${target} to “${after.name}”`,
        );
      }
      if (after.budget !== undefined && after.budget !== before.budget) {
        const of = changes.length ? "its budget" : `the budget of ${target}`;
        changes.push(
          before.budget !== undefined
            ? `${failed ? "change" : "changed"} ${of} from ${formatMoney(before.budget, currency)} to ${formatMoney(after.budget, currency)}`
            : `set ${of} to ${formatMoney(after.budget, currency)}`,
        );
      }
      if (!changes.length) return `${said("Changed", "change")} ${target}`;
      const text = changes.join(" and ");
      return failed ? `Tried to ${text}` : text[0]!.toUpperCase() + text.slice(1);
    }
  }
}

/* ---------- The list's view, in the address ---------- */

/** The status filters in words, in the order the page offers them. */
export const STATUS_FILTER_LABELS: Record<CampaignStatusFilter, string> = {
  live: "All but deleted",
  active: "Active",
  paused: "Paused",
  deleted: "Deleted",
  all: "All, deleted too",
};

export interface CampaignListView {
  advertiserId?: string;
  status: CampaignStatusFilter;
  objective?: string;
  search: string;
  sort: CampaignSort;
  order: SortOrder;
  /** 0-based. */
  page: number;
  pageSize: number;
}

export const DEFAULT_LIST_VIEW: CampaignListView = {
  status: "live",
  search: "",
  sort: CAMPAIGN_LIST.defaultSort,
  order: CAMPAIGN_LIST.defaultOrder,
  page: 0,
  pageSize: CAMPAIGN_LIST.pageSizes[0]!,
};

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The list's view from the address (`?advertiser=…&status=paused&q=sale&sort=budget&dir=asc&page=2`), so a link
 * shows the same list. Anything unknown falls back to the default rather than failing.
 */
export function parseCampaignListView(params: Record<string, string | string[] | undefined>): CampaignListView {
  const view: CampaignListView = { ...DEFAULT_LIST_VIEW };
  const advertiser = one(params["advertiser"]);
  if (advertiser && /^\d{1,20}$/.test(advertiser)) view.advertiserId = advertiser;
  const status = one(params["status"]);
  if ((CAMPAIGN_STATUS_FILTERS as readonly string[]).includes(status ?? ""))
    view.status = status as CampaignStatusFilter;
  const objective = one(params["objective"]);
  if (objective && /^[A-Z_]{1,64}$/.test(objective)) view.objective = objective;
  view.search = (one(params["q"]) ?? "").slice(0, MAX_SEARCH_LENGTH);
  const sort = one(params["sort"]);
  if (isSort(CAMPAIGN_LIST, sort)) view.sort = sort;
  const dir = one(params["dir"]);
  if (dir === "asc" || dir === "desc") view.order = dir;
  const page = Number(one(params["page"]));
  if (Number.isInteger(page) && page >= 1 && page <= 100_000) view.page = page - 1;
  const size = Number(one(params["size"]));
  if (CAMPAIGN_LIST.pageSizes.includes(size)) view.pageSize = size;
  return view;
}

/** The address's query for a view ("" for the default list), the inverse of parseCampaignListView. */
export function campaignListSearch(view: CampaignListView): string {
  const params = new URLSearchParams();
  if (view.advertiserId) params.set("advertiser", view.advertiserId);
  if (view.status !== DEFAULT_LIST_VIEW.status) params.set("status", view.status);
  if (view.objective) params.set("objective", view.objective);
  if (view.search) params.set("q", view.search);
  if (view.sort !== DEFAULT_LIST_VIEW.sort) params.set("sort", view.sort);
  if (view.order !== DEFAULT_LIST_VIEW.order) params.set("dir", view.order);
  if (view.page > 0) params.set("page", String(view.page + 1));
  if (view.pageSize !== DEFAULT_LIST_VIEW.pageSize) params.set("size", String(view.pageSize));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** "26–50 of 87 campaigns", "No campaigns". */
export function pageRangeText(page: number, pageSize: number, total: number): string {
  if (total === 0) return "No campaigns";
  const from = page * pageSize + 1;
  const to = Math.min(total, (page + 1) * pageSize);
  return `${from}–${to} of ${total} campaign${total === 1 ? "" : "s"}`;
}
