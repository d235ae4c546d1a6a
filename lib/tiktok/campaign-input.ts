/**
 * What a campaign create or update may carry, checked before any call: the name, the budget mode, and a create's
 * whole body (objective, budget against the currency, status, request_id). Kept free of the HTTP client and zod so
 * the web page runs the very same checks as the backend while the marketer types, without shipping either.
 */
import { assertIds } from "./context";
import { TikTokInputError } from "./errors";
import { isRequestId, newRequestId } from "./ids";
import { assertValidCampaignBudget, roundToCurrency } from "./money";
import { resolveObjective } from "./objectives";

export const BUDGET_MODES = [
  "BUDGET_MODE_INFINITE",
  "BUDGET_MODE_DAY",
  "BUDGET_MODE_TOTAL",
  "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];
export type OperationStatus = "ENABLE" | "DISABLE";
export type StatusChange = OperationStatus | "DELETE";

export const MAX_NAME_LENGTH = 512;

/** Control characters (NUL, line breaks, tabs, DEL, the C1 set): never part of a name people can read. */
const CONTROL = /\p{Cc}/u;
/** Characters that take no space on screen (zero-width space, joiners, the byte-order mark, soft hyphen…). */
const INVISIBLE = /\p{Cf}/gu;

/** The name TikTok will get (trimmed), or a TikTokInputError saying what to change. */
export function assertCampaignName(name: string): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  // A name of zero-width characters only looks empty on every screen that shows it: it is empty.
  if (!trimmed.replace(INVISIBLE, "").trim()) throw new TikTokInputError("name", "Give the campaign a name");
  if (CONTROL.test(trimmed))
    throw new TikTokInputError(
      "name",
      "Campaign names are one line of text: remove the line breaks, tabs or other control characters",
    );
  const length = [...trimmed].length;
  if (length > MAX_NAME_LENGTH) {
    throw new TikTokInputError(
      "name",
      `Campaign names are at most ${MAX_NAME_LENGTH} characters; this one has ${length}`,
    );
  }
  return trimmed;
}

function assertBudgetMode(mode: string): BudgetMode {
  if (!(BUDGET_MODES as readonly string[]).includes(mode)) {
    throw new TikTokInputError("budgetMode", `Unknown budget mode "${mode}"; use one of ${BUDGET_MODES.join(", ")}`);
  }
  return mode as BudgetMode;
}

/** Builds and checks a campaign/create body; throws TikTokInputError saying what to change. */
export function buildCreateBody(args: CreateCampaignInput): Record<string, unknown> {
  assertIds("advertiserId", [args.advertiserId]);
  const name = assertCampaignName(args.name);
  const { objective, appPromotionType } = resolveObjective(args.objective, args.appPromotionType);
  const budgetMode = assertBudgetMode(args.budgetMode);
  const body: Record<string, unknown> = {
    advertiser_id: args.advertiserId,
    campaign_name: name,
    objective_type: objective,
    budget_mode: budgetMode,
  };
  if (appPromotionType) body.app_promotion_type = appPromotionType;
  if (budgetMode === "BUDGET_MODE_INFINITE") {
    if (args.budget !== undefined)
      throw new TikTokInputError(
        "budget",
        "An unlimited budget (BUDGET_MODE_INFINITE) takes no amount; remove the budget or pick a daily or total mode",
      );
  } else {
    if (args.budget === undefined) throw new TikTokInputError("budget", `${budgetMode} needs a budget amount`);
    assertValidCampaignBudget(args.budget, args.currency);
    body.budget = roundToCurrency(args.budget, args.currency);
  }
  if (args.status !== undefined) {
    if (args.status !== "ENABLE" && args.status !== "DISABLE")
      throw new TikTokInputError(
        "status",
        `A new campaign's status is ENABLE or DISABLE; got "${String(args.status)}"`,
      );
    body.operation_status = args.status;
  }
  if (args.requestId !== undefined && !isRequestId(args.requestId)) {
    throw new TikTokInputError("requestId", "requestId must be a positive 64-bit integer written as a string");
  }
  body.request_id = args.requestId ?? newRequestId();
  return body;
}

/** The fields of a create that buildCreateBody checks (the create call's arguments without the token). */
export interface CreateCampaignInput {
  advertiserId: string;
  name: string;
  /** A current objective, or the deprecated CONVERSIONS / APP_INSTALL (docs/tiktok-api.md §7) (mapped to their replacements). */
  objective: string;
  appPromotionType?: string;
  budgetMode: BudgetMode;
  /** Required unless the mode is BUDGET_MODE_INFINITE. */
  budget?: number;
  /** The advertiser's currency: budgets are validated against its minimum and precision. */
  currency: string;
  status?: OperationStatus;
  /** Idempotency key (a 64-bit integer as a string). Generated when absent. */
  requestId?: string;
}
