/**
 * Marketers' campaigns: the list the Campaigns page shows (from the synced tables), and the operations that change
 * campaigns at TikTok (create, pause/enable/delete, rename and re-budget), with the audit trail.
 *
 * Every operation carries an operation key the page made when the form opened (or the button was pressed). The key is
 * claimed in one mutation (campaignOperations.begin) before TikTok is called, and the same key again answers with the
 * recorded outcome: a double click or a retry never calls TikTok twice. A create's key also becomes TikTok's own
 * idempotency key (`request_id`, derived from it), so even if our record of a first attempt were lost, TikTok would
 * still make one campaign. Everything checkable is checked before the call; the call's result is written at once.
 * A change that changes nothing (enable an enabled campaign) makes no call, and writes are limited per person and
 * per ad account (campaignOperations.ts, campaignWriteLimits.ts).
 */
import { literals } from "convex-helpers/validators";
import { ConvexError, v, type Infer } from "convex/values";
import { needsReauth, describeFailure, isMisconfiguration } from "../../lib/connect/failures";
import { sha256Hex } from "../../lib/secrets/keyring";
import { objectiveGroup } from "../../lib/campaigns/labels";
import { MAX_NAME_LENGTH } from "../../lib/tiktok/campaign-input";
import { isIsoDate } from "../../lib/tiktok/dates";
import { CAMPAIGN_SPEND_DAYS, lastWholeDays, type DayRange } from "../../lib/reports/presets";
import { GovernorDeferral, TikTokError, TikTokInputError } from "../../lib/tiktok/errors";
import { MAX_ID_LENGTH, requestIdFor } from "../../lib/tiktok/ids";
import {
  CAMPAIGN_LIST,
  CAMPAIGN_STATUS_FILTERS,
  matchesStatusFilter,
  type CampaignSort,
} from "../../lib/campaigns/list";
import { compareBy, pageWindow, type SortKey } from "../../lib/lists/contract";
import { abortableSleep } from "../../lib/tiktok/sleep";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { ActionCtx, QueryCtx } from "../_generated/server";
import { memberAction, memberQuery } from "../lib/access";
import { boundArray, boundString, boundWhole, invalidArgument } from "../lib/bounds";
import { listArgs, readListArgs } from "../lib/lists";
import { advertiserRow } from "./connectionRecords";
import {
  campaignBudgetFloor,
  createFields,
  PENDING_STALE_MS,
  statusFields,
  updateFields,
  type Go,
  type OperationRequest,
  type Outcome,
} from "./campaignOperations";
import { toCampaignRecord } from "./campaignRows";
import { tokenKeyring, withTikTokSession, type TikTokSession } from "./session";
import { openToken } from "./tokenSeal";
import { campaignAuditFields, campaignFields } from "./validators";

/** Bulk changes take at most this many campaigns per press (TikTok takes 20 per call; lib/tiktok batches them). */
export const MAX_CAMPAIGNS_PER_OPERATION = 100;
const MIN_KEY_LENGTH = 16;
const MAX_KEY_LENGTH = 64;
/** Names are checked at 512 characters after trimming (lib/tiktok); this only stops absurd payloads early. */
const MAX_NAME_INPUT = MAX_NAME_LENGTH * 4;
/** A person is waiting: wait this long at most for the app's TikTok budget, then say "try again in a moment". */
const INTERACTIVE_WAIT_MS = 5_000;
/** A second press with the same key while the first is still at TikTok waits for its answer this long. */
const SAME_KEY_WAIT_MS = 30_000;
const SAME_KEY_POLL_MS = 400;

// ---------------------------------------------------------------------------------------------------------------
// The list

/** Ties by name, then id: the same campaigns always make the same pages. */
function byNameThenId(a: { name: string; campaignId: string }, b: { name: string; campaignId: string }): number {
  return a.name.localeCompare(b.name) || a.campaignId.localeCompare(b.campaignId);
}

const listRowValidator = v.object({
  ...campaignFields,
  createdAt: v.number(),
  deleted: v.boolean(),
  /** Spend over the last 7 whole local days (lib/reports/presets.ts), as Reports counts them; null before a sync. */
  spend7d: v.union(v.number(), v.null()),
  /** The lowest new budget TikTok would accept (105% of synced spend, the currency minimum); null: unlimited. */
  budgetFloor: v.union(v.number(), v.null()),
  /** A change made in this app is being sent to TikTok. */
  pending: v.boolean(),
});
type ListRow = Infer<typeof listRowValidator>;

/** The sort key of a campaign for each of the list's columns (null: no value, listed last). */
function sortKey(sort: CampaignSort, spend: Map<string, number>) {
  return (c: Doc<"campaigns">): SortKey => {
    switch (sort) {
      case "name":
        return c.name.toLowerCase();
      case "status":
        return c.deleted ? "~deleted" : (c.secondaryStatus ?? c.operationStatus ?? "");
      case "objective":
        return c.objectiveType;
      case "budget":
        return c.budget ?? null;
      case "created":
        return c.createdAt ?? null;
      case "spend7d":
        return spend.get(c.campaignId) ?? 0;
    }
  };
}

/**
 * Spend per campaign over the local dates `from`..`to`: one index range over the account's campaign-days
 * (only campaigns that delivered have rows), so sorting 2,000+ campaigns by spend stays one read.
 */
async function spendOver(ctx: QueryCtx, advertiser: Doc<"advertisers">, { from, to }: DayRange) {
  const spend = new Map<string, number>();
  for await (const day of ctx.db
    .query("campaignDays")
    .withIndex("by_advertiser_date", (q) =>
      q
        .eq("workspaceId", advertiser.workspaceId)
        .eq("advertiserId", advertiser.advertiserId)
        .gte("date", from)
        .lte("date", to),
    )) {
    spend.set(day.campaignId, (spend.get(day.campaignId) ?? 0) + day.spendMilli);
  }
  return spend;
}

export const list = memberQuery("read")({
  args: {
    advertiserId: v.string(),
    status: v.optional(literals(...CAMPAIGN_STATUS_FILTERS)),
    objective: v.optional(v.string()),
    /**
     * The account's local date now, from the page (a query reads no clock): spend covers the 7 whole days before it,
     * the Reports page's "Last 7 days". Left out, the last sync's local date stands in for it.
     */
    today: v.optional(v.string()),
    ...listArgs(CAMPAIGN_LIST),
  },
  returns: v.object({
    advertiser: v.union(
      v.null(),
      v.object({ advertiserId: v.string(), name: v.string(), currency: v.string(), timezone: v.optional(v.string()) }),
    ),
    rows: v.array(listRowValidator),
    total: v.number(),
    page: v.number(),
    pageCount: v.number(),
    spendFrom: v.union(v.string(), v.null()),
    spendTo: v.union(v.string(), v.null()),
    objectives: v.array(v.string()),
    lastSyncedAt: v.union(v.number(), v.null()),
  }),
  handler: async (ctx, args) => {
    boundString("advertiserId", args.advertiserId, MAX_ID_LENGTH);
    boundString("objective", args.objective, 64);
    boundString("today", args.today, 10);
    if (args.today !== undefined && !isIsoDate(args.today))
      throw invalidArgument("today must be the ad account's local date, written YYYY-MM-DD");
    const view = readListArgs(CAMPAIGN_LIST, args);
    const advertiser = await advertiserRow(ctx, args.workspaceId, args.advertiserId);
    if (!advertiser) {
      return {
        advertiser: null,
        rows: [],
        total: 0,
        page: 0,
        pageCount: 0,
        spendFrom: null,
        spendTo: null,
        objectives: [],
        lastSyncedAt: null,
      };
    }
    const campaigns = await ctx.db
      .query("campaigns")
      .withIndex("by_advertiser_campaign", (q) =>
        q.eq("workspaceId", args.workspaceId).eq("advertiserId", args.advertiserId),
      )
      .collect();
    // Before the first sync there is nothing to sum: "not synced yet", not zero.
    const synced = advertiser.lastSyncToday !== undefined;
    const today = args.today ?? advertiser.lastSyncToday;
    const spendDays = synced && today ? lastWholeDays(CAMPAIGN_SPEND_DAYS, today) : null;
    const spend = spendDays ? await spendOver(ctx, advertiser, spendDays) : new Map<string, number>();
    const { needle } = view;
    const status = args.status ?? "live";
    const matching = campaigns.filter(
      (c) =>
        matchesStatusFilter(c, status) &&
        // An objective's old and current names are one objective (lib/campaigns/labels.ts): the filter matches both.
        (args.objective === undefined || objectiveGroup(c.objectiveType) === objectiveGroup(args.objective)) &&
        (!needle || c.name.toLowerCase().includes(needle) || c.campaignId === needle),
    );
    matching.sort(compareBy(sortKey(view.sort, spend), view.order, byNameThenId));
    const { page, pageCount, start, end } = pageWindow(matching.length, view.page, view.pageSize);
    const pending = await pendingCampaignIds(ctx, advertiser);
    const rows: ListRow[] = [];
    for (const c of matching.slice(start, end)) {
      const floor = c.deleted ? null : await campaignBudgetFloor(ctx, advertiser, c);
      const { _id, _creationTime, workspaceId: _w, advertiserId: _a, syncedAt: _s, ...fields } = c;
      rows.push({
        ...fields,
        createdAt: c.createdAt ?? _creationTime,
        spend7d: spendDays ? (spend.get(c.campaignId) ?? 0) / 1000 : null,
        budgetFloor: floor?.floor ?? null,
        pending: pending.has(c.campaignId),
      });
    }
    return {
      advertiser: {
        advertiserId: advertiser.advertiserId,
        name: advertiser.name,
        currency: advertiser.currency,
        timezone: advertiser.displayTimezone ?? advertiser.timezone,
      },
      rows,
      total: matching.length,
      page,
      pageCount,
      spendFrom: spendDays?.from ?? null,
      spendTo: spendDays?.to ?? null,
      objectives: [...new Set(campaigns.map((c) => objectiveGroup(c.objectiveType)))].sort(),
      lastSyncedAt: advertiser.lastSyncedAt ?? null,
    };
  },
});

async function pendingCampaignIds(ctx: QueryCtx, advertiser: Doc<"advertisers">): Promise<Set<string>> {
  const pending = new Set<string>();
  for await (const op of ctx.db
    .query("campaignOperations")
    .withIndex("by_advertiser_state", (q) =>
      q.eq("workspaceId", advertiser.workspaceId).eq("advertiserId", advertiser.advertiserId).eq("state", "pending"),
    )) {
    // A claim silent past the stale mark died mid-call (the next press with its key retries it): not "in flight".
    if (op.startedAt > Date.now() - PENDING_STALE_MS) for (const id of op.campaignIds) pending.add(id);
  }
  return pending;
}

// ---------------------------------------------------------------------------------------------------------------
// The audit trail

const auditEntryValidator = v.object({
  _id: v.id("campaignAudit"),
  /** Who made the change: their email (or name), as people know them. */
  actor: v.string(),
  ...campaignAuditFields,
});

/** An advertiser's campaign changes made in this app, newest first; `before` (epoch ms) pages further back. */
export const audit = memberQuery("read")({
  args: { advertiserId: v.string(), limit: v.optional(v.number()), before: v.optional(v.number()) },
  returns: v.array(auditEntryValidator),
  handler: async (ctx, { workspaceId, advertiserId, limit, before }) => {
    boundString("advertiserId", advertiserId, MAX_ID_LENGTH);
    const take = boundWhole("limit", limit ?? 25, 1, 100);
    const entries = await ctx.db
      .query("campaignAudit")
      .withIndex("by_advertiser_at", (q) => {
        const ofAccount = q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId);
        return before === undefined ? ofAccount : ofAccount.lt("at", before);
      })
      .order("desc")
      .take(take);
    const actors = new Map<Id<"users">, string>();
    for (const e of entries) {
      if (actors.has(e.userId)) continue;
      const user = await ctx.db.get("users", e.userId);
      actors.set(e.userId, user?.email ?? user?.name ?? "A former member");
    }
    return entries.map(({ _creationTime: _c, workspaceId: _w, advertiserId: _a, userId, ...entry }) => ({
      ...entry,
      actor: actors.get(userId)!,
    }));
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Operations

const operationArgs = { advertiserId: v.string(), operationKey: v.string() };

function checkOperationArgs(args: { advertiserId: string; operationKey: string }) {
  boundString("advertiserId", args.advertiserId, MAX_ID_LENGTH);
  boundString("operationKey", args.operationKey, MAX_KEY_LENGTH);
  if (args.operationKey.length < MIN_KEY_LENGTH || !/^[A-Za-z0-9_-]+$/.test(args.operationKey))
    throw invalidArgument(
      `operationKey must be ${MIN_KEY_LENGTH}–${MAX_KEY_LENGTH} letters, digits, "-" or "_" (for example a UUID)`,
    );
}

function checkCampaignIds(name: string, ids: readonly string[]) {
  boundArray(name, ids, MAX_CAMPAIGNS_PER_OPERATION);
  for (const id of ids) boundString(`each of ${name}`, id, MAX_ID_LENGTH);
}

/** What a change did: the campaigns TikTok acted on, their rows as TikTok now describes them, the new values. */
type Done = Pick<Extract<Outcome, { ok: true }>, "campaignIds" | "fresh" | "after">;

/** A TikTok failure as a person reads it (never a token: lib/tiktok's messages carry none). */
function operationFailure(error: unknown): Extract<Outcome, { ok: false }> {
  const at = Date.now();
  if (error instanceof TikTokError) {
    return {
      ok: false,
      error: { code: error.code, message: error.message, requestId: error.requestId, retryLater: error.retryable },
      reauth: needsReauth(error) ? describeFailure(error, at) : undefined,
    };
  }
  if (error instanceof GovernorDeferral)
    return {
      ok: false,
      error: {
        message: "The app's TikTok request budget is busy right now; try again in a few seconds",
        retryLater: true,
      },
    };
  return { ok: false, error: { message: describeFailure(error, at).message, retryLater: !isMisconfiguration(error) } };
}

function failureError(error: Extract<Outcome, { ok: false }>) {
  return new ConvexError({
    code: "TIKTOK" as const,
    message: error.error.message,
    tiktokCode: error.error.code,
    requestId: error.error.requestId,
    retryLater: error.error.retryLater,
  });
}

/**
 * Claims the key, calls TikTok, records the outcome: the one path every campaign operation takes. A second press
 * with a key still at TikTok waits for the first's answer and returns it.
 */
async function runOperation(
  ctx: ActionCtx & { membership: { userId: Id<"users"> } },
  workspaceId: Id<"workspaces">,
  advertiserId: string,
  operationKey: string,
  request: OperationRequest,
  call: (session: TikTokSession, accessToken: string, go: Go & { requestId: string }) => Promise<Done>,
): Promise<{ campaignIds: string[]; unchanged: string[]; replayed: boolean }> {
  const requestId = await requestIdFor(`${workspaceId}:${operationKey}`);
  const fingerprint = await sha256Hex(JSON.stringify({ advertiserId, request }));
  const deadline = Date.now() + SAME_KEY_WAIT_MS;
  for (;;) {
    const claim = await ctx.runMutation(internal.tiktok.campaignOperations.begin, {
      workspaceId,
      userId: ctx.membership.userId,
      advertiserId,
      operationKey,
      fingerprint,
      requestId,
      request,
      now: Date.now(),
    });
    if (claim.kind === "replay") {
      if (claim.state === "failed") throw failureError({ ok: false, error: claim.error! });
      return { campaignIds: claim.campaignIds, unchanged: [], replayed: true };
    }
    // Already as asked, by rows TikTok described moments ago: no call, no record, no audit entry.
    if (claim.kind === "unchanged") return { campaignIds: [], unchanged: claim.unchanged, replayed: false };
    if (claim.kind === "busy") {
      if (Date.now() > deadline)
        throw new ConvexError({
          code: "IN_PROGRESS" as const,
          message: "This change is still being sent to TikTok; wait a moment and reload the list",
        });
      await abortableSleep(SAME_KEY_POLL_MS);
      continue;
    }
    let invalidField: string | undefined;
    const outcome: Outcome = await withTikTokSession(
      ctx,
      {
        activity: `Campaign ${request.action} for advertiser ${advertiserId}`,
        workspaceId,
        maxInlineWaitMs: INTERACTIVE_WAIT_MS,
      },
      async (session): Promise<Outcome> => {
        const { token } = await openToken(await tokenKeyring(), claim.accessToken, claim.binding, "access");
        const done = await call(session, token, { ...claim, requestId });
        return { ok: true, ...done, requestId: session.lastRequestId() };
      },
      (error) => {
        // A check lib/tiktok made that begin did not (nothing was sent): the page shows it beside the field.
        if (error instanceof TikTokInputError) invalidField = error.field;
        const failure = operationFailure(error);
        // TikTok's refusals are the marketer's to read; only our own faults go to the operator's log.
        return { result: failure, logAs: error instanceof TikTokError ? undefined : "failed" };
      },
    );
    const { allowed } = await ctx.runMutation(internal.tiktok.campaignOperations.finish, {
      operationId: claim.operationId,
      outcome,
      campaignName: claim.campaignName,
      campaignNames: claim.campaignNames,
      before: claim.before,
      tried: claim.tried,
      now: Date.now(),
    });
    if (!outcome.ok) {
      if (invalidField !== undefined)
        throw new ConvexError({ code: "INVALID" as const, field: invalidField, message: outcome.error.message });
      if (outcome.reauth)
        throw new ConvexError({
          code: "NEEDS_REAUTH" as const,
          message:
            "TikTok no longer accepts this connection's token; reconnect it on the Connections page and try again",
        });
      throw failureError(outcome);
    }
    if (!allowed)
      throw new ConvexError({
        code: "FORBIDDEN" as const,
        message:
          "Your access to change campaigns ended while TikTok was answering; the change reached TikTok and is in the audit trail",
      });
    return { campaignIds: outcome.campaignIds, unchanged: claim.unchanged, replayed: false };
  }
}

/** Reads the campaigns back after a change, so the rows show TikTok's own words; a failed re-read is not a failure. */
async function describe(session: TikTokSession, accessToken: string, advertiserId: string, campaignIds: string[]) {
  try {
    const campaigns = await session.tiktok.campaigns.list({
      accessToken,
      advertiserId,
      campaignIds,
      includeDeleted: true,
    });
    return campaigns.map(toCampaignRecord);
  } catch {
    return [];
  }
}

export const create = memberAction("write")({
  args: { ...operationArgs, ...createFields },
  returns: v.object({ campaignId: v.string(), replayed: v.boolean() }),
  handler: async (ctx, { workspaceId, advertiserId, operationKey, ...fields }) => {
    checkOperationArgs({ advertiserId, operationKey });
    boundString("name", fields.name, MAX_NAME_INPUT);
    boundString("objective", fields.objective, 64);
    boundString("appPromotionType", fields.appPromotionType, 64);
    boundString("budgetMode", fields.budgetMode, 64);
    const request = { action: "create" as const, ...fields };
    const { campaignIds, replayed } = await runOperation(
      ctx,
      workspaceId,
      advertiserId,
      operationKey,
      request,
      async (session, accessToken, go) => {
        const status = fields.startNow ? ("ENABLE" as const) : ("DISABLE" as const);
        const campaign = await session.tiktok.campaigns.create({
          accessToken,
          advertiserId,
          name: fields.name,
          objective: fields.objective,
          appPromotionType: fields.appPromotionType,
          budgetMode: fields.budgetMode as Parameters<TikTokSession["tiktok"]["campaigns"]["create"]>[0]["budgetMode"],
          budget: fields.budget,
          currency: go.currency,
          status,
          requestId: go.requestId,
        });
        return {
          campaignIds: [campaign.campaignId],
          fresh: [toCampaignRecord(campaign)],
          after: { name: campaign.name, budget: campaign.budget, status },
        };
      },
    );
    return { campaignId: campaignIds[0]!, replayed };
  },
});

/**
 * Enable, pause or delete. `campaignIds` are the campaigns TikTok changed; `unchanged` those left out because our
 * fresh rows show them as asked already (no TikTok call for them: campaignOperations.ts unchangedTrustMs).
 */
export const setStatus = memberAction("write")({
  args: { ...operationArgs, ...statusFields },
  returns: v.object({ campaignIds: v.array(v.string()), unchanged: v.array(v.string()), replayed: v.boolean() }),
  handler: async (ctx, { workspaceId, advertiserId, operationKey, campaignIds, status }) => {
    checkOperationArgs({ advertiserId, operationKey });
    checkCampaignIds("campaignIds", campaignIds);
    return runOperation(
      ctx,
      workspaceId,
      advertiserId,
      operationKey,
      { action: "status", campaignIds, status },
      async (session, accessToken, go) => {
        const { campaignIds: changed } = await session.tiktok.campaigns.setStatus({
          accessToken,
          advertiserId,
          campaignIds: go.campaignIds,
          status,
        });
        return {
          campaignIds: changed,
          fresh: await describe(session, accessToken, advertiserId, changed),
          after: { status },
        };
      },
    );
  },
});

/** Rename or re-budget; `unchanged`: the campaign already had that name and budget, so nothing was sent. */
export const update = memberAction("write")({
  args: { ...operationArgs, ...updateFields },
  returns: v.object({ replayed: v.boolean(), unchanged: v.boolean() }),
  handler: async (ctx, { workspaceId, advertiserId, operationKey, campaignId, name, budget }) => {
    checkOperationArgs({ advertiserId, operationKey });
    checkCampaignIds("campaignId", [campaignId]);
    boundString("name", name, MAX_NAME_INPUT);
    const { replayed, unchanged } = await runOperation(
      ctx,
      workspaceId,
      advertiserId,
      operationKey,
      { action: "update", campaignId, name, budget },
      async (session, accessToken, go) => {
        // Only what differs from the campaign: an unchanged budget is not re-sent (nor held to the 105% rule).
        const { name: newName, budget: newBudget } = go.changes ?? {};
        await session.tiktok.campaigns.update({
          accessToken,
          advertiserId,
          campaignId,
          name: newName,
          budget: newBudget,
          currency: go.currency,
        });
        return {
          campaignIds: [campaignId],
          fresh: await describe(session, accessToken, advertiserId, [campaignId]),
          after: { name: newName, budget: newBudget },
        };
      },
    );
    return { replayed, unchanged: unchanged.length > 0 };
  },
});
