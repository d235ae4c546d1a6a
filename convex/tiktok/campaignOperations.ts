/**
 * The write side of marketers' campaign operations (create, status, rename/re-budget), around the TikTok call that
 * convex/tiktok/campaigns.ts makes:
 *
 *   begin   one mutation that re-checks the caller's role, checks everything that can be checked before TikTok is
 *           called (against the advertiser's currency and the synced campaigns and spend), leaves out what already
 *           is as asked (a change that changes nothing makes no call: see unchangedTrustMs), takes from the write
 *           limits (campaignWriteLimits.ts) and claims the operation key; a key already used returns its recorded
 *           outcome instead, so TikTok is never called twice for it;
 *   finish  one mutation that records the outcome and the audit entry, and, if the caller still may write, updates
 *           the campaign rows from TikTok's answer at once (campaignRows.ts: the page updates before the next sync).
 *
 * An invalid or rate-limited request throws from `begin`, so nothing is written and no TikTok call is made.
 */
import { literals } from "convex-helpers/validators";
import { ConvexError, v, type Infer } from "convex/values";
import { assertCampaignName, buildCreateBody } from "../../lib/tiktok/campaign-input";
import { TikTokInputError } from "../../lib/tiktok/errors";
import { AUDIT_NAMES } from "../../lib/campaigns/audit";
import { formatMoney } from "../../lib/format/numbers";
import { STATUS_BATCH } from "../../lib/tiktok/campaigns";
import { assertValidCampaignBudget, budgetFloor, roundToCurrency } from "../../lib/tiktok/money";
import type { Doc } from "../_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "../_generated/server";
import { stillAllowed } from "../lib/access";
import { applyCampaignChange, campaignValidator } from "./campaignRows";
import { takeCampaignWrites } from "./campaignWriteLimits";
import { advertiserAccess, advertiserRow } from "./connectionRecords";
import { tiktokSettings } from "./settings";
import {
  campaignActionValidator,
  campaignSnapshotValidator,
  connectionErrorValidator,
  operationErrorValidator,
  sealedSecretValidator,
} from "./validators";

/** A claimed key whose action has been silent this long died mid-call: the same key may try again (safely: see begin). */
export const PENDING_STALE_MS = 2 * 60_000;

export const statusChangeValidator = literals("ENABLE", "DISABLE", "DELETE");

/** What each operation asks for: the public actions' arguments beside the workspace, account and key. */
export const createFields = {
  name: v.string(),
  objective: v.string(),
  appPromotionType: v.optional(v.string()),
  budgetMode: v.string(),
  budget: v.optional(v.number()),
  startNow: v.boolean(),
};
export const statusFields = { campaignIds: v.array(v.string()), status: statusChangeValidator };
export const updateFields = { campaignId: v.string(), name: v.optional(v.string()), budget: v.optional(v.number()) };

/** What an operation asks for: the arguments of the public action, after the bounds checks. */
export const operationRequestValidator = v.union(
  v.object({ action: v.literal("create"), ...createFields }),
  v.object({ action: v.literal("status"), ...statusFields }),
  v.object({ action: v.literal("update"), ...updateFields }),
);
export type OperationRequest = Infer<typeof operationRequestValidator>;
type Snapshot = Infer<typeof campaignSnapshotValidator>;
type Action = Infer<typeof campaignActionValidator>;

function actionOf(request: OperationRequest): Action {
  if (request.action !== "status") return request.action;
  return request.status === "ENABLE" ? "enable" : request.status === "DISABLE" ? "disable" : "delete";
}

/** An error a person reads from a check made before any TikTok call: the field and what to change. */
function invalid(field: string, message: string) {
  return new ConvexError({ code: "INVALID" as const, field, message });
}

/** Runs a lib/tiktok check, turning its TikTokInputError into the INVALID error the page shows beside the field. */
function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TikTokInputError) throw invalid(error.field, error.message);
    throw error;
  }
}

/** The campaign's spend that TikTok's 105% rule counts, from synced data: lifetime for a total budget, else today's. */
export async function spentAgainstBudget(
  ctx: Pick<QueryCtx, "db">,
  advertiser: Pick<Doc<"advertisers">, "workspaceId" | "advertiserId" | "lastSyncToday">,
  campaign: Pick<Doc<"campaigns">, "campaignId" | "budgetMode">,
): Promise<{ spentMilli: number; over: "lifetime" | "today" }> {
  const days = ctx.db.query("campaignDays").withIndex("by_campaign_date", (q) => {
    const ofCampaign = q
      .eq("workspaceId", advertiser.workspaceId)
      .eq("advertiserId", advertiser.advertiserId)
      .eq("campaignId", campaign.campaignId);
    return campaign.budgetMode === "BUDGET_MODE_TOTAL" || advertiser.lastSyncToday === undefined
      ? ofCampaign
      : ofCampaign.eq("date", advertiser.lastSyncToday);
  });
  const latest = await days.order("desc").first();
  if (campaign.budgetMode === "BUDGET_MODE_TOTAL") return { spentMilli: latest?.cumSpendMilli ?? 0, over: "lifetime" };
  return { spentMilli: advertiser.lastSyncToday === undefined ? 0 : (latest?.spendMilli ?? 0), over: "today" };
}

/** The lowest budget TikTok would accept for this campaign now, as far as the synced spend shows; null: no budget. */
export async function campaignBudgetFloor(
  ctx: Pick<QueryCtx, "db">,
  advertiser: Pick<Doc<"advertisers">, "workspaceId" | "advertiserId" | "lastSyncToday" | "currency">,
  campaign: Pick<Doc<"campaigns">, "campaignId" | "budgetMode">,
): Promise<{ floor: number; spent: number; over: "lifetime" | "today" } | null> {
  if (campaign.budgetMode === "BUDGET_MODE_INFINITE") return null;
  const { spentMilli, over } = await spentAgainstBudget(ctx, advertiser, campaign);
  const spent = spentMilli / 1000;
  return { floor: budgetFloor(spent, advertiser.currency), spent, over };
}

function snapshotOf(c: Doc<"campaigns">): Snapshot {
  return { name: c.name, budget: c.budget, status: c.deleted ? "DELETE" : c.operationStatus };
}

async function campaignsById(ctx: MutationCtx, advertiser: Doc<"advertisers">) {
  const byId = new Map<string, Doc<"campaigns">>();
  for await (const c of ctx.db
    .query("campaigns")
    .withIndex("by_advertiser_campaign", (q) =>
      q.eq("workspaceId", advertiser.workspaceId).eq("advertiserId", advertiser.advertiserId),
    )) {
    byId.set(c.campaignId, c);
  }
  return byId;
}

function known(byId: Map<string, Doc<"campaigns">>, campaignId: string): Doc<"campaigns"> {
  const campaign = byId.get(campaignId);
  if (!campaign) {
    throw invalid(
      "campaignIds",
      `Campaign ${campaignId} is not in this ad account's synced campaigns; reload the list (or Sync now) and pick it again`,
    );
  }
  return campaign;
}

/**
 * Whether our row's word on a campaign may stand in for TikTok's when deciding that a change would change nothing.
 * TikTok is the authority: a change made in TikTok Ads Manager reaches our row with the next sync. So a row answers
 * only while it is as fresh as the sync promises (written from TikTok's answer to a change here, or the account
 * synced, within one sync interval and this grace for a run's own length): then "already paused" agrees with what
 * TikTok said at most one interval ago and with what the page shows. An older row (the sync stopped, or the account
 * needs reconnecting) is sent on to TikTok, where setting a status or a value again is harmless and whose answer
 * refreshes the row; so is any campaign with a change of ours in flight or whose answer was lost.
 */
export const UNCHANGED_GRACE_MS = 15 * 60_000;

/** How long a row's word answers for TikTok's, for a deployment syncing every `syncIntervalMs`. */
export function unchangedTrustMs(syncIntervalMs: number): number {
  return syncIntervalMs + UNCHANGED_GRACE_MS;
}

/** What a checked request sends: the campaigns and fields TikTok must change, and what it already has. */
interface CheckedRequest {
  /** The campaigns TikTok is asked to change (empty: nothing to send). */
  campaignIds: string[];
  /** Campaigns left out because they already are as asked. */
  unchanged: string[];
  /** An update's fields that differ from the campaign's (those equal to it are not sent). */
  changes?: { name?: string; budget?: number };
  campaignName?: string;
  /** A bulk change's campaigns sent, by name (the first AUDIT_NAMES), for the audit entry. */
  campaignNames?: string[];
  before?: Snapshot;
  /** What is asked of TikTok, recorded as the audit's "after" if TikTok refuses. */
  tried?: Snapshot;
}

/**
 * Campaigns whose state at TikTok our rows may not show: a change of ours still in flight, or one whose answer was
 * lost (it may have reached TikTok). Never "already as asked" while one of these is open.
 */
async function unsettledCampaignIds(ctx: MutationCtx, advertiser: Doc<"advertisers">, since: number) {
  const unsettled = new Set<string>();
  for (const state of ["pending", "retryable"] as const) {
    for await (const op of ctx.db
      .query("campaignOperations")
      .withIndex("by_advertiser_state", (q) =>
        q.eq("workspaceId", advertiser.workspaceId).eq("advertiserId", advertiser.advertiserId).eq("state", state),
      )) {
      if (op.startedAt > since) for (const id of op.campaignIds) unsettled.add(id);
    }
  }
  return unsettled;
}

/** Checks the request against the account and its synced campaigns; returns what to send and the audit's "before". */
async function checkRequest(
  ctx: MutationCtx,
  advertiser: Doc<"advertisers">,
  request: OperationRequest,
  requestId: string,
  now: number,
): Promise<CheckedRequest> {
  if (request.action === "create") {
    checked(() =>
      buildCreateBody({
        advertiserId: advertiser.advertiserId,
        name: request.name,
        objective: request.objective,
        appPromotionType: request.appPromotionType,
        budgetMode: request.budgetMode as Parameters<typeof buildCreateBody>[0]["budgetMode"],
        budget: request.budget,
        currency: advertiser.currency,
        status: request.startNow ? "ENABLE" : "DISABLE",
        requestId,
      }),
    );
    return {
      campaignName: request.name.trim(),
      campaignIds: [],
      unchanged: [],
      tried: { name: request.name.trim(), budget: request.budget, status: request.startNow ? "ENABLE" : "DISABLE" },
    };
  }
  const byId = await campaignsById(ctx, advertiser);
  const trustedSince = now - unchangedTrustMs(tiktokSettings().sync.intervalMs);
  const unsettled = await unsettledCampaignIds(ctx, advertiser, trustedSince);
  /** Our row may answer for TikTok: its word is fresh and no change of ours is open on it. */
  const current = (c: Doc<"campaigns">) =>
    !unsettled.has(c.campaignId) && Math.max(c.syncedAt, advertiser.lastSyncedAt ?? 0) >= trustedSince;
  if (request.action === "status") {
    const ids = [...new Set(request.campaignIds)];
    if (ids.length === 0) throw invalid("campaignIds", "Choose at least one campaign");
    for (const id of ids) {
      const campaign = known(byId, id);
      if (campaign.deleted) {
        throw invalid(
          "campaignIds",
          `"${campaign.name}" is deleted; TikTok does not change deleted campaigns, so leave it out of the selection`,
        );
      }
    }
    const already = (id: string) => {
      const campaign = byId.get(id)!;
      return campaign.operationStatus === request.status && current(campaign);
    };
    const send = ids.filter((id) => !already(id));
    const single = send.length === 1 ? byId.get(send[0]!) : undefined;
    return {
      campaignIds: send,
      unchanged: ids.filter(already),
      campaignName: single?.name,
      campaignNames: send.length > 1 ? send.slice(0, AUDIT_NAMES).map((id) => byId.get(id)!.name) : undefined,
      before: single ? snapshotOf(single) : undefined,
      tried: { status: request.status },
    };
  }
  const campaign = known(byId, request.campaignId);
  if (campaign.deleted)
    throw invalid("campaignId", `"${campaign.name}" is deleted; deleted campaigns can't be changed`);
  if (request.name === undefined && request.budget === undefined)
    throw invalid("update", "Nothing to change: give a new name or a new budget");
  const changes: { name?: string; budget?: number } = {};
  if (request.name !== undefined) {
    const name = checked(() => assertCampaignName(request.name!));
    if (!(name === campaign.name && current(campaign))) changes.name = name;
  }
  if (request.budget !== undefined) {
    if (campaign.budgetMode === "BUDGET_MODE_INFINITE")
      throw invalid("budget", "This campaign has an unlimited budget, so there is no amount to change");
    checked(() => assertValidCampaignBudget(request.budget!, advertiser.currency));
    const budget = roundToCurrency(request.budget, advertiser.currency);
    // The budget it already has is no change, even where spend has since passed it (the 105% rule is for new ones).
    if (!(budget === campaign.budget && current(campaign))) {
      const floor = await campaignBudgetFloor(ctx, advertiser, campaign);
      if (floor && budget < floor.floor) {
        const spent = formatMoney(floor.spent, advertiser.currency);
        throw invalid(
          "budget",
          `TikTok refuses a budget below 105% of what the campaign has already spent (${spent} ` +
            `${floor.over === "today" ? "today" : "so far"}, as of the last sync); set at least ` +
            formatMoney(floor.floor, advertiser.currency),
        );
      }
      changes.budget = budget;
    }
  }
  const changed = changes.name !== undefined || changes.budget !== undefined;
  return {
    campaignIds: changed ? [campaign.campaignId] : [],
    unchanged: changed ? [] : [campaign.campaignId],
    changes,
    campaignName: campaign.name,
    before: snapshotOf(campaign),
    tried: changes,
  };
}

/** The TikTok write calls a checked request makes: what the write limits count (campaignWriteLimits.ts). */
function writeCalls(request: OperationRequest, checkedRequest: CheckedRequest): number {
  if (request.action === "create") return 1;
  return Math.ceil(checkedRequest.campaignIds.length / STATUS_BATCH);
}

const replayValidator = v.object({
  kind: v.literal("replay"),
  state: v.union(v.literal("succeeded"), v.literal("failed")),
  campaignIds: v.array(v.string()),
  error: v.optional(operationErrorValidator),
});

/** Every campaign asked about already is as asked (by our fresh rows): nothing is sent, nothing recorded. */
const unchangedValidator = v.object({ kind: v.literal("unchanged"), unchanged: v.array(v.string()) });

const goValidator = v.object({
  kind: v.literal("go"),
  operationId: v.id("campaignOperations"),
  currency: v.string(),
  connectionId: v.id("connections"),
  binding: v.string(),
  accessToken: sealedSecretValidator,
  campaignIds: v.array(v.string()),
  unchanged: v.array(v.string()),
  changes: v.optional(v.object({ name: v.optional(v.string()), budget: v.optional(v.number()) })),
  campaignName: v.optional(v.string()),
  campaignNames: v.optional(v.array(v.string())),
  before: v.optional(campaignSnapshotValidator),
  tried: v.optional(campaignSnapshotValidator),
});
export type Go = Infer<typeof goValidator>;

/**
 * Re-checks the caller, checks the request, and claims the key (or answers with what the key already did). A change
 * that changes nothing answers "unchanged" without a claim; any other takes from the write limits first.
 */
export const begin = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    advertiserId: v.string(),
    operationKey: v.string(),
    fingerprint: v.string(),
    requestId: v.string(),
    request: operationRequestValidator,
    now: v.number(),
  },
  returns: v.union(replayValidator, unchangedValidator, goValidator, v.object({ kind: v.literal("busy") })),
  handler: async (ctx, args) => {
    if (!(await stillAllowed(ctx, args.workspaceId, args.userId, "write")))
      throw new ConvexError({
        code: "FORBIDDEN" as const,
        message: "Your role can view but not change campaigns; ask an admin for the marketer role",
      });
    const earlier = await ctx.db
      .query("campaignOperations")
      .withIndex("by_workspace_key", (q) => q.eq("workspaceId", args.workspaceId).eq("operationKey", args.operationKey))
      .unique();
    if (earlier) {
      const same = earlier.fingerprint === args.fingerprint;
      if (same && (earlier.state === "succeeded" || earlier.state === "failed"))
        return {
          kind: "replay" as const,
          state: earlier.state,
          campaignIds: earlier.campaignIds,
          error: earlier.error,
        };
      if (earlier.state === "pending" && earlier.startedAt > args.now - PENDING_STALE_MS)
        return { kind: "busy" as const };
      if (!same && earlier.state === "succeeded")
        throw invalid("operationKey", "This form was already sent to TikTok; open it again to make another change");
      // A create that may have reached TikTok keeps its request_id: other details under it could be taken as the first.
      if (!same && earlier.action === "create" && earlier.state !== "failed")
        throw invalid(
          "operationKey",
          "TikTok may already have this campaign from your last attempt; send it again unchanged, or reload the page to start a new one",
        );
    }
    const { advertiser, connection, tokens } = await advertiserAccess(ctx, args.workspaceId, args.advertiserId);
    if (!advertiser)
      throw new ConvexError({
        code: "NOT_FOUND" as const,
        message: "This ad account is not connected to your workspace",
      });
    if (!advertiser.accessible || !connection || connection.status !== "active" || !tokens)
      throw new ConvexError({
        code: "NEEDS_REAUTH" as const,
        message: "This ad account's TikTok connection needs to be reconnected on the Connections page before changes",
      });
    const checkedRequest = await checkRequest(ctx, advertiser, args.request, args.requestId, args.now);
    if (args.request.action !== "create" && checkedRequest.campaignIds.length === 0)
      return { kind: "unchanged" as const, unchanged: checkedRequest.unchanged };
    await takeCampaignWrites(ctx, {
      userId: args.userId,
      advertiserId: args.advertiserId,
      writes: writeCalls(args.request, checkedRequest),
    });
    const fields = {
      advertiserId: args.advertiserId,
      userId: args.userId,
      action: actionOf(args.request),
      fingerprint: args.fingerprint,
      campaignIds: checkedRequest.campaignIds,
      state: "pending" as const,
      startedAt: args.now,
      finishedAt: undefined,
      error: undefined,
    };
    const operationId = earlier
      ? (await ctx.db.patch("campaignOperations", earlier._id, fields), earlier._id)
      : await ctx.db.insert("campaignOperations", {
          ...fields,
          workspaceId: args.workspaceId,
          operationKey: args.operationKey,
        });
    return {
      kind: "go" as const,
      operationId,
      currency: advertiser.currency,
      connectionId: connection._id,
      binding: connection.binding,
      accessToken: tokens.accessToken,
      ...checkedRequest,
    };
  },
});

/** TikTok's answer, or the best inference from a success that could not be re-read. */
const outcomeValidator = v.union(
  v.object({
    ok: v.literal(true),
    campaignIds: v.array(v.string()),
    /** The campaigns as TikTok now describes them (empty if the re-read failed: `after` is applied instead). */
    fresh: v.array(campaignValidator),
    after: campaignSnapshotValidator,
    requestId: v.optional(v.string()),
  }),
  v.object({
    ok: v.literal(false),
    error: operationErrorValidator,
    /** TikTok refused the token: the connection needs re-auth, as lib/connect/failures.ts rules. */
    reauth: v.optional(connectionErrorValidator),
  }),
);
export type Outcome = Infer<typeof outcomeValidator>;

/** Records the outcome and the audit entry; writes the campaign rows only if the caller still may. */
export const finish = internalMutation({
  args: {
    operationId: v.id("campaignOperations"),
    outcome: outcomeValidator,
    campaignName: v.optional(v.string()),
    campaignNames: v.optional(v.array(v.string())),
    before: v.optional(campaignSnapshotValidator),
    tried: v.optional(campaignSnapshotValidator),
    now: v.number(),
  },
  returns: v.object({ allowed: v.boolean() }),
  handler: async (ctx, { operationId, outcome, campaignName, campaignNames, before, tried, now }) => {
    const op = await ctx.db.get("campaignOperations", operationId);
    if (!op) return { allowed: false };
    const allowed = await stillAllowed(ctx, op.workspaceId, op.userId, "write");
    const campaignIds = outcome.ok ? outcome.campaignIds : op.campaignIds;
    await ctx.db.patch("campaignOperations", operationId, {
      state: outcome.ok ? "succeeded" : outcome.error.retryLater ? "retryable" : "failed",
      campaignIds,
      finishedAt: now,
      error: outcome.ok ? undefined : outcome.error,
    });
    // The audit says what reached TikTok, whoever asked and whether or not they may still write.
    await ctx.db.insert("campaignAudit", {
      workspaceId: op.workspaceId,
      advertiserId: op.advertiserId,
      userId: op.userId,
      at: now,
      action: op.action,
      campaignIds,
      campaignName,
      campaignNames: campaignNames?.slice(0, AUDIT_NAMES),
      before,
      // A refusal keeps what was tried (the budget TikTok refused), so the entry says the value, not just "failed".
      after: outcome.ok ? outcome.after : tried,
      outcome: outcome.ok ? "succeeded" : "failed",
      requestId: outcome.ok ? outcome.requestId : outcome.error.requestId,
      error: outcome.ok ? undefined : outcome.error,
    });
    if (!outcome.ok) {
      if (outcome.reauth) await markNeedsReauth(ctx, op, outcome.reauth);
      return { allowed };
    }
    if (allowed) await applyToCampaigns(ctx, op, outcome, now);
    return { allowed };
  },
});

async function markNeedsReauth(
  ctx: MutationCtx,
  op: Doc<"campaignOperations">,
  error: Infer<typeof connectionErrorValidator>,
): Promise<void> {
  const advertiser = await advertiserRow(ctx, op.workspaceId, op.advertiserId);
  const connection = advertiser && (await ctx.db.get("connections", advertiser.connectionId));
  if (connection?.status === "active")
    await ctx.db.patch("connections", connection._id, { status: "needs_reauth", lastError: error, failures: 0 });
}

async function applyToCampaigns(
  ctx: MutationCtx,
  op: Doc<"campaignOperations">,
  outcome: Extract<Outcome, { ok: true }>,
  now: number,
): Promise<void> {
  const fresh = new Map(outcome.fresh.map((c) => [c.campaignId, c]));
  for (const campaignId of outcome.campaignIds)
    await applyCampaignChange(ctx, op, campaignId, fresh.get(campaignId), outcome.after, now);
}
