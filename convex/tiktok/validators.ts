/**
 * Field validators shared by the schema and the functions, so each shape is written once. Where lib/ owns a list
 * of values (roles, statuses, error kinds, retry reasons), the validator is built from that list; where lib/ owns a
 * stored record's type (a failure, an audit snapshot), the validator is checked against it (convex/lib/shapes.ts).
 * The pages take their types from lib/, never from here.
 */
import { literals } from "convex-helpers/validators";
import { v, type Validator, type VFloat64, type VNull, type VUnion } from "convex/values";
import {
  isUntracked,
  RATIO_NAMES,
  SUM_NAMES,
  sumDef,
  type AlwaysSumName,
  type FieldOf,
  type RatioName,
  type SumName,
  type TotalOf,
  type TrackedDaysOf,
  type UntrackedSumName,
} from "../../lib/metrics/catalogue";
import { CAMPAIGN_ACTIONS, type CampaignSnapshot } from "../../lib/campaigns/audit";
import { FAILURE_KINDS, type FailureRecord } from "../../lib/connect/failures";
import { CONNECTION_STATUSES, TOKEN_MODES } from "../../lib/connect/statuses";
import { SYNC_PHASES, SYNC_RUN_STATUSES, SYNC_TRIGGERS } from "../../lib/sync/runs";
import { CALL_OUTCOMES } from "../../lib/tiktok/errors";
import { RETRY_REASONS } from "../../lib/tiktok/retry";
import { shapedAs } from "../lib/shapes";

type Flat<T> = { [K in keyof T]: T[K] };

/** Validator fields made from the catalogue, one or more per additive metric (typed by the caller). */
function metricFields(
  fieldsOf: (name: SumName) => [string, Validator<unknown, "required" | "optional", string>][],
): Record<string, Validator<unknown, "required" | "optional", string>> {
  return Object.fromEntries(SUM_NAMES.flatMap(fieldsOf));
}

/** One TikTok call attempt in the ledger (lib/tiktok's AttemptEvent plus its time). No token, secret or URL. */
export const callAttemptFields = {
  /** The workspace whose work made the call; absent for app-level calls. Ops see only their workspace's rows. */
  workspaceId: v.optional(v.id("workspaces")),
  method: v.union(v.literal("GET"), v.literal("POST")),
  path: v.string(),
  advertiserId: v.optional(v.string()),
  httpStatus: v.optional(v.number()),
  code: v.optional(v.number()),
  requestId: v.optional(v.string()),
  attempt: v.number(),
  ms: v.number(),
  /** "ok", or the error kind (rate_limit, server, auth…). */
  outcome: literals(...CALL_OUTCOMES),
  /** The retry classifier's reason when the attempt failed (e.g. app_rate_limit_second, not_retryable). */
  retryReason: v.optional(literals(...RETRY_REASONS)),
  at: v.number(),
};

/** A token sealed by lib/secrets/keyring (AES-256-GCM): key id, nonce, ciphertext. */
export const sealedSecretValidator = v.object({ keyId: v.string(), iv: v.string(), data: v.string() });

/** How a connection's token lives: `long_lived` or `expiring` (lib/connect/statuses.ts says what each means). */
export const tokenModeValidator = literals(...TOKEN_MODES);

/** `active`, `needs_reauth` or `revoked` (lib/connect/statuses.ts says what each means). */
export const connectionStatusValidator = literals(...CONNECTION_STATUSES);

/** The last failure kept on a connection for people to read: lib/connect/failures.ts's FailureRecord. */
export const connectionErrorValidator = shapedAs<FailureRecord>()(
  v.object({
    code: v.optional(v.number()),
    kind: literals(...FAILURE_KINDS),
    message: v.string(),
    requestId: v.optional(v.string()),
    at: v.number(),
  }),
);

/** What the app keeps about an ad account (GET /advertiser/info/), the part people and the sync need. */
export const advertiserInfoFields = {
  advertiserId: v.string(),
  name: v.string(),
  currency: v.string(),
  timezone: v.optional(v.string()),
  displayTimezone: v.optional(v.string()),
  /** TikTok's account status (STATUS_ENABLE, STATUS_DISABLE, STATUS_LIMIT…), as TikTok says it. */
  accountStatus: v.optional(v.string()),
  company: v.optional(v.string()),
  country: v.optional(v.string()),
};

/** A campaign as TikTok describes it (campaign/get), the part the app keeps. */
export const campaignFields = {
  campaignId: v.string(),
  name: v.string(),
  objectiveType: v.string(),
  appPromotionType: v.optional(v.string()),
  budgetMode: v.string(),
  /** Real units of the account's currency; absent for BUDGET_MODE_INFINITE. */
  budget: v.optional(v.number()),
  operationStatus: v.optional(v.string()),
  /** Why a campaign is (not) delivering (CAMPAIGN_STATUS_…); TikTok's sandbox sends none. */
  secondaryStatus: v.optional(v.string()),
  createdAt: v.optional(v.number()),
  modifiedAt: v.optional(v.number()),
};

/**
 * The summable parts of a day's delivery as stored, one field per additive metric of the catalogue
 * (lib/metrics/catalogue.ts): money in thousandths of the account's currency as an integer, so sums and running totals
 * are exact; a metric TikTok reports as "-" (not tracked) is absent, never 0.
 */
export const deliveryFields = metricFields((name) =>
  isUntracked(name) ? [[sumDef(name).field, v.optional(v.number())]] : [[sumDef(name).field, v.number()]],
) as unknown as Flat<
  { [K in AlwaysSumName as FieldOf<K>]: VFloat64<number> } & {
    [K in UntrackedSumName as FieldOf<K>]: VFloat64<number | undefined, "optional">;
  }
>;

/**
 * Running totals through a date (inclusive): a range's total is the value at its end minus the value before it. An
 * untracked metric also counts the days TikTok reported it (0 over a range: the account tracks none).
 */
export const runningTotalFields = metricFields((name) => {
  const def = sumDef(name);
  return def.trackedDays
    ? [
        [def.total, v.number()],
        [def.trackedDays, v.number()],
      ]
    : [[def.total, v.number()]];
}) as unknown as Flat<
  { [K in SumName as TotalOf<K>]: VFloat64<number> } & {
    [K in UntrackedSumName as TrackedDaysOf<K>]: VFloat64<number>;
  }
>;

/** A row's metrics in real units as TikTok reported them, keyed by metric (null: "-" for an untracked metric). */
export const metricValueFields = metricFields((name) =>
  isUntracked(name) ? [[name, v.union(v.number(), v.null())]] : [[name, v.number()]],
) as unknown as Flat<
  { [K in AlwaysSumName]: VFloat64<number> } & {
    [K in UntrackedSumName]: VUnion<number | null, [VFloat64<number>, VNull<null>]>;
  }
>;

/** The figures a report shows, keyed by name: additive metrics in real units and ratios (null: no value). */
export const figuresValidator = v.object({
  ...metricValueFields,
  ...(Object.fromEntries(RATIO_NAMES.map((name) => [name, v.union(v.number(), v.null())])) as unknown as {
    [K in RatioName]: VUnion<number | null, [VFloat64<number>, VNull<null>]>;
  }),
});

/** The metrics a restatement note may name: the additive ones. */
export const restatedMetricValidator = literals(...SUM_NAMES);

export const syncRunStatusValidator = literals(...SYNC_RUN_STATUSES);
export const syncPhaseValidator = literals(...SYNC_PHASES);
export const syncTriggerValidator = literals(...SYNC_TRIGGERS);

/** A sync run as people follow it: what started it, where it is, its counts and how it ended. */
export const syncRunProgressFields = {
  trigger: syncTriggerValidator,
  status: syncRunStatusValidator,
  phase: syncPhaseValidator,
  /** The local dates this run fetches. */
  startDate: v.optional(v.string()),
  endDate: v.optional(v.string()),
  windowsDone: v.number(),
  windowsPlanned: v.number(),
  pagesDone: v.number(),
  rowsWritten: v.number(),
  callsMade: v.number(),
  queuedAt: v.number(),
  startedAt: v.optional(v.number()),
  finishedAt: v.optional(v.number()),
  /** Why a run was skipped (needs re-auth, unreachable) or how it failed. */
  skipReason: v.optional(v.string()),
  lastError: v.optional(connectionErrorValidator),
};

/** What a marketer's campaign operation does (lib/campaigns/audit.ts's verbs). */
export const campaignActionValidator = literals(...CAMPAIGN_ACTIONS);

/** A campaign's editable facts before and after an operation: lib/campaigns/audit.ts's CampaignSnapshot. */
export const campaignSnapshotValidator = shapedAs<CampaignSnapshot>()(
  v.object({
    name: v.optional(v.string()),
    budget: v.optional(v.number()),
    status: v.optional(v.string()),
  }),
);

/** TikTok's refusal as a person reads it: code, words, request_id, and whether trying again later may work. */
export const operationErrorValidator = v.object({
  code: v.optional(v.number()),
  message: v.string(),
  requestId: v.optional(v.string()),
  retryLater: v.boolean(),
});

/** One audit entry's facts: what was done to which campaigns, before and after, and how TikTok answered. */
export const campaignAuditFields = {
  at: v.number(),
  action: campaignActionValidator,
  campaignIds: v.array(v.string()),
  campaignName: v.optional(v.string()),
  /** A bulk change's campaigns by name, the first AUDIT_NAMES of them (lib/campaigns/audit.ts), so it says which. */
  campaignNames: v.optional(v.array(v.string())),
  before: v.optional(campaignSnapshotValidator),
  /** What TikTok now has; for a failed change, what was asked for (so a refused budget shows the amount tried). */
  after: v.optional(campaignSnapshotValidator),
  outcome: v.union(v.literal("succeeded"), v.literal("failed")),
  requestId: v.optional(v.string()),
  error: v.optional(operationErrorValidator),
};

/**
 * An operation key's lifecycle: `pending` while TikTok is being called, `succeeded`, `failed` (TikTok refused: the
 * same key gives the same answer), or `retryable` (TikTok said "later": the same key may try again).
 */
export const operationStateValidator = literals("pending", "succeeded", "failed", "retryable");
