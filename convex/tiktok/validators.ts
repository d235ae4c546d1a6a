/**
 * Field validators shared by the schema and the functions, so each shape is written once. Where lib/ owns a list
 * of values (error kinds, retry reasons), the validator is built from that list, and the UI's types are derived
 * from these validators (`Infer<typeof …>`).
 */
import { literals } from "convex-helpers/validators";
import { v } from "convex/values";
import { FAILURE_KINDS } from "../../lib/connect/failures";
import { TIKTOK_ERROR_KINDS } from "../../lib/tiktok/errors";
import { RETRY_REASONS } from "../../lib/tiktok/retry";

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
  outcome: literals("ok", ...TIKTOK_ERROR_KINDS),
  /** The retry classifier's reason when the attempt failed (e.g. app_rate_limit_second, not_retryable). */
  retryReason: v.optional(literals(...RETRY_REASONS)),
  at: v.number(),
};

/** A token sealed by lib/secrets/keyring (AES-256-GCM): key id, nonce, ciphertext. */
export const sealedSecretValidator = v.object({ keyId: v.string(), iv: v.string(), data: v.string() });

/**
 * How a connection's token lives (tiktok-api.md §4, §7): the Marketing API's tokens are `long_lived` (no expiry,
 * verified every 6 h); tokens whose answer carried `expires_in` are `expiring` and refreshed before then.
 */
export const tokenModeValidator = v.union(v.literal("long_lived"), v.literal("expiring"));

/**
 * `active`: working. `needs_reauth`: TikTok refused the token (revoked, expired, refresh token invalid); only the
 * advertiser can fix it, by reconnecting. `revoked`: disconnected in this app; tokens deleted.
 */
export const connectionStatusValidator = v.union(v.literal("active"), v.literal("needs_reauth"), v.literal("revoked"));

/** The last failure kept on a connection for people to read: never a token, only TikTok's code and words. */
export const connectionErrorValidator = v.object({
  /** TikTok's envelope code, when there was one. */
  code: v.optional(v.number()),
  /** lib/tiktok's error kind (auth, server, network…) or `config` for this deployment's own settings. */
  kind: literals(...FAILURE_KINDS),
  message: v.string(),
  requestId: v.optional(v.string()),
  at: v.number(),
});

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
 * The summable parts of a day's delivery, as stored. Spend is kept in thousandths of the account's currency as an
 * integer, so sums and running totals are exact (no float drift across a year of days); every currency TikTok
 * bills in has at most three decimals. `conversions` is absent when TikTok said "-" (no conversion tracking).
 */
export const deliveryFields = {
  spendMilli: v.number(),
  impressions: v.number(),
  clicks: v.number(),
  conversions: v.optional(v.number()),
};

/** Running totals through a date (inclusive): a range's total is the value at its end minus the value before it. */
export const runningTotalFields = {
  cumSpendMilli: v.number(),
  cumImpressions: v.number(),
  cumClicks: v.number(),
  cumConversions: v.number(),
  /** Days through this date on which TikTok reported conversions (0: the account tracks none). */
  cumConversionDays: v.number(),
};

export const syncRunStatusValidator = literals("queued", "running", "succeeded", "failed", "skipped");
export const syncPhaseValidator = literals("details", "reports", "done");
export const syncTriggerValidator = literals("connect", "schedule", "manual");

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
export const restatedMetricValidator = literals("spend", "impressions", "clicks", "conversions");

/** What a marketer's campaign operation does (the audit trail's verbs; "update" covers a rename and a re-budget). */
export const campaignActionValidator = literals("create", "enable", "disable", "delete", "update");

/** A campaign's editable facts before and after an operation, as the audit trail shows them. */
export const campaignSnapshotValidator = v.object({
  name: v.optional(v.string()),
  budget: v.optional(v.number()),
  status: v.optional(v.string()),
});

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
  before: v.optional(campaignSnapshotValidator),
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
