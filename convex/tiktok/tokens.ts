/**
 * Keeping connections working: the token sweep (a cron, every 15 minutes) and the per-connection `maintain`
 * action it schedules.
 *
 * - Tokens that carry an expiry (the ~24 h expiring tokens some docs describe, docs/tiktok-api.md §7) are refreshed inside their refresh window; the answer's
 *   fields are merged over the old ones (a refresh token that was not rotated is kept).
 * - Every token is verified every 6 hours: `GET /oauth2/advertiser/get/` (or, in TikTok's sandbox, where that
 *   endpoint does not exist, `advertiser/info` for the known accounts). Newly granted advertisers are added;
 *   ones no longer reachable are marked so, once advertiser/info confirms the loss.
 * - One refresh at a time per connection: `claim` takes a lease in a mutation; `commit` and `fail` write only while
 *   the lease is still held (a reconnect in between drops the lease, and its newer token wins).
 * - 40102/40105/40107 mark the connection `needs_reauth` with the error kept; anything transient backs off and
 *   is tried again at a later sweep (lib/connect/failures.ts). A malformed answer is an error, so it never
 *   replaces a good token.
 */
import { v, type Infer } from "convex/values";
import { tokenFailureEffect } from "../../lib/connect/failures";
import { needsRotation, randomToken, sha256Hex } from "../../lib/secrets/keyring";
import { RATE_TIERS, type RateLimits } from "../../lib/tiktok/config";
import { GovernorDeferral, TikTokAuthError, TikTokPermissionError } from "../../lib/tiktok/errors";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import { internalAction, internalMutation, type QueryCtx } from "../_generated/server";
import {
  advertiserInfoValidator,
  markUnreachable,
  replaceTokens,
  toAdvertiserInfo,
  upsertAdvertisers,
  type AdvertiserInfo,
} from "./connectionRecords";
import { governedRate } from "./governor";
import { revokeUnheld, tokenKeyring, withTikTokSession, type TikTokSession } from "./session";
import { tiktokSettings } from "./settings";
import { nextCheckAt, refreshDue, verifyDue, type TokenTimes } from "./tokenSchedule";
import { openToken, sealToken } from "./tokenSeal";
import { connectionErrorValidator, sealedSecretValidator, tokenModeValidator } from "./validators";

/**
 * Convex ends an action after 10 minutes, so a run can never outlive a lease of that length; a crashed run's lease
 * simply runs out and the next sweep takes the connection again.
 */
export const LEASE_MS = 10 * 60_000;
/** A follow-up sweep run never comes sooner than this, however the previous batch went. */
const FOLLOW_UP_MIN_MS = 60_000;
/** Connections handed out per sweep run; more are taken by a follow-up run once this batch's calls are spread out. */
const SWEEP_BATCH = 100;
/** A check makes at most two calls (refresh, verify); new accounts' details add a third now and then. */
const CALLS_PER_CHECK = 2;
/** Token checks may use half of the app's TikTok budget; the rest is for syncs and people waiting on a page. */
const SWEEP_SHARE_OF_BUDGET = 0.5;

/** How far apart the sweep starts its checks, so they stay inside their share of the app's rate limit. */
export function checkSpacingMs(): number {
  let limits: RateLimits = RATE_TIERS.basic;
  try {
    limits = tiktokSettings().limits;
  } catch {
    // Not configured yet: the checks will fail on settings anyway; pace them as the Basic tier would.
  }
  return Math.ceil((CALLS_PER_CHECK * 1000) / (governedRate(limits) * SWEEP_SHARE_OF_BUDGET));
}

/**
 * Finds connections whose check is due and schedules one `maintain` each, spread out in time rather than all at
 * once: a burst would only be turned into deferrals by the governor, and deferred checks wait for the next sweep.
 */
export const sweep = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const spacing = checkSpacingMs();
    const due = await ctx.db
      .query("connections")
      .withIndex("by_status_next_check", (q) => q.eq("status", "active").lte("nextCheckAt", now))
      .take(SWEEP_BATCH + 1);
    let scheduled = 0;
    for (const connection of due.slice(0, SWEEP_BATCH)) {
      const startAt = now + scheduled * spacing;
      // Handed out: the row leaves the due range until its run has had its chance (so a later sweep, or a
      // follow-up batch, does not hand it out again), and comes back by itself if the run never happens.
      const ticket = startAt + LEASE_MS;
      await ctx.db.patch("connections", connection._id, { nextCheckAt: ticket });
      await ctx.scheduler.runAt(startAt, internal.tiktok.tokens.maintain, { connectionId: connection._id, ticket });
      scheduled++;
    }
    // More due than one batch: the next batch follows this one's last check instead of waiting a whole interval.
    if (due.length > SWEEP_BATCH)
      await ctx.scheduler.runAfter(Math.max(FOLLOW_UP_MIN_MS, scheduled * spacing), internal.tiktok.tokens.sweep, {});
    return scheduled;
  },
});

const claimed = v.object({
  workspaceId: v.id("workspaces"),
  binding: v.string(),
  tokenMode: tokenModeValidator,
  accessToken: sealedSecretValidator,
  refreshToken: v.optional(sealedSecretValidator),
  /** The token's times, for the action to judge the refresh window it resolved from the settings. */
  times: v.object({
    tokenMode: tokenModeValidator,
    expiresAt: v.optional(v.number()),
    verifiedAt: v.optional(v.number()),
    issuedAt: v.number(),
  }),
  verifyDue: v.boolean(),
  /** Advertisers this connection holds now (reachable or not). */
  advertiserIds: v.array(v.string()),
  /** Transient failures in a row so far, for the back-off. */
  failures: v.number(),
});

/**
 * Takes the connection's lease if its check is due (or the sweep handed it out with this `ticket`) and nobody
 * holds it; null means "not yours, leave it". While leased, the row is out of the sweep's due range.
 */
export const claim = internalMutation({
  args: { connectionId: v.id("connections"), leaseId: v.string(), now: v.number(), ticket: v.optional(v.number()) },
  returns: v.union(v.null(), claimed),
  handler: async (ctx, { connectionId, leaseId, now, ticket }) => {
    const connection = await ctx.db.get("connections", connectionId);
    if (!connection || connection.status !== "active") return null;
    if (connection.nextCheckAt > now && connection.nextCheckAt !== ticket) return null;
    if (connection.leaseUntil !== undefined && connection.leaseUntil > now) return null;
    const tokens = await ctx.db
      .query("connectionTokens")
      .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))
      .unique();
    if (!tokens) return null;
    await ctx.db.patch("connections", connectionId, {
      leaseId,
      leaseUntil: now + LEASE_MS,
      nextCheckAt: now + LEASE_MS,
    });
    const advertisers = await ctx.db
      .query("advertisers")
      .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))
      .collect();
    return {
      workspaceId: connection.workspaceId,
      binding: connection.binding,
      tokenMode: connection.tokenMode,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      times: tokenTimes(connection),
      verifyDue: verifyDue(connection, now),
      advertiserIds: advertisers.map((a) => a.advertiserId),
      failures: connection.failures,
    };
  },
});

function tokenTimes(connection: Doc<"connections">): TokenTimes & { issuedAt: number } {
  const { tokenMode, expiresAt, verifiedAt } = connection;
  return { tokenMode, expiresAt, verifiedAt, issuedAt: connection.refreshedAt ?? connection.connectedAt };
}

async function heldConnection(ctx: Pick<QueryCtx, "db">, connectionId: Doc<"connections">["_id"], leaseId: string) {
  const connection = await ctx.db.get("connections", connectionId);
  return connection && connection.status === "active" && connection.leaseId === leaseId ? connection : null;
}

/**
 * Writes a maintain run's results while the lease is held; false when it was lost (the results are dropped).
 * `release: false` keeps the lease for a second step (a refreshed token is stored before the verify runs, so a
 * failing verify can never lose it).
 */
export const commit = internalMutation({
  args: {
    connectionId: v.id("connections"),
    leaseId: v.string(),
    now: v.number(),
    release: v.boolean(),
    /** TikTokSettings.refreshWindowMs, resolved by the action: when released, the next check is planned with it. */
    refreshWindowMs: v.number(),
    tokens: v.optional(
      v.object({
        accessToken: sealedSecretValidator,
        refreshToken: v.optional(sealedSecretValidator),
        accessTokenHash: v.string(),
      }),
    ),
    refreshed: v.optional(
      v.object({
        tokenMode: tokenModeValidator,
        expiresAt: v.optional(v.number()),
        refreshTokenExpiresAt: v.optional(v.number()),
      }),
    ),
    verified: v.optional(v.object({ reachableIds: v.array(v.string()), added: v.array(advertiserInfoValidator) })),
  },
  returns: v.boolean(),
  handler: async (ctx, args) => {
    const connection = await heldConnection(ctx, args.connectionId, args.leaseId);
    if (!connection) return false;
    const { now } = args;
    const patch: Partial<Doc<"connections">> = {};
    if (args.tokens) await replaceTokens(ctx, connection._id, args.tokens);
    if (args.refreshed) {
      Object.assign(patch, { ...args.refreshed, refreshedAt: now });
      // Merge: an answer without a new refresh-token lifetime keeps the old one.
      if (args.refreshed.refreshTokenExpiresAt === undefined)
        patch.refreshTokenExpiresAt = connection.refreshTokenExpiresAt;
    }
    if (args.verified) {
      patch.verifiedAt = now;
      await addGranted(ctx, connection, args.verified.added, now);
      await markUnreachable(ctx, connection._id, new Set(args.verified.reachableIds), now);
    }
    if (args.release) {
      const times = tokenTimes({ ...connection, ...patch });
      Object.assign(patch, {
        leaseId: undefined,
        leaseUntil: undefined,
        failures: 0,
        lastError: undefined,
        nextCheckAt: nextCheckAt(times, now, args.refreshWindowMs),
      });
    }
    await ctx.db.patch("connections", connection._id, patch);
    return true;
  },
});

/**
 * Advertisers the token reaches that this connection does not hold yet. An account another connection of the
 * workspace reaches stays with that one: two tokens covering one account must not pass it back and forth.
 */
async function addGranted(
  ctx: Parameters<typeof upsertAdvertisers>[0],
  connection: Doc<"connections">,
  added: AdvertiserInfo[],
  now: number,
) {
  const fresh: AdvertiserInfo[] = [];
  for (const info of added) {
    const row = await ctx.db
      .query("advertisers")
      .withIndex("by_workspace_advertiser", (q) =>
        q.eq("workspaceId", connection.workspaceId).eq("advertiserId", info.advertiserId),
      )
      .unique();
    if (!row || row.connectionId === connection._id || !row.accessible) fresh.push(info);
  }
  await upsertAdvertisers(ctx, { workspaceId: connection.workspaceId, connectionId: connection._id }, fresh, now, true);
}

/** Records a failed run while the lease is held: `needs_reauth`, or back off until a later sweep. */
export const fail = internalMutation({
  args: {
    connectionId: v.id("connections"),
    leaseId: v.string(),
    now: v.number(),
    /** Deferred by the app's own rate budget: not TikTok's failure, so no error is shown and no back-off grows. */
    deferredMs: v.optional(v.number()),
    error: v.optional(connectionErrorValidator),
    reauth: v.optional(v.boolean()),
    retryAfterMs: v.optional(v.number()),
  },
  returns: v.boolean(),
  handler: async (ctx, args) => {
    const connection = await heldConnection(ctx, args.connectionId, args.leaseId);
    if (!connection) return false;
    const release = { leaseId: undefined, leaseUntil: undefined };
    if (args.deferredMs !== undefined) {
      await ctx.db.patch("connections", connection._id, { ...release, nextCheckAt: args.now + args.deferredMs });
    } else if (args.reauth) {
      await ctx.db.patch("connections", connection._id, {
        ...release,
        status: "needs_reauth",
        lastError: args.error,
        failures: 0,
      });
    } else {
      await ctx.db.patch("connections", connection._id, {
        ...release,
        lastError: args.error,
        failures: connection.failures + 1,
        nextCheckAt: args.now + (args.retryAfterMs ?? 0),
      });
    }
    return true;
  },
});

/**
 * Which of `ids` the token can read, through advertiser/info. TikTok refuses a whole batch with 40001 when any one
 * account in it is out of reach (docs/tiktok-api.md §2), so a refused batch is halved until each lost account is found:
 * a few extra calls per account actually lost, none when nothing is. Transient failures propagate (try later).
 */
async function readableAccounts(session: TikTokSession, accessToken: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  try {
    return (await session.tiktok.advertisers.info({ accessToken, advertiserIds: ids })).map((a) => a.advertiserId);
  } catch (error) {
    if (!(error instanceof TikTokPermissionError)) throw error;
    if (ids.length === 1) return [];
    const half = Math.ceil(ids.length / 2);
    return [
      ...(await readableAccounts(session, accessToken, ids.slice(0, half))),
      ...(await readableAccounts(session, accessToken, ids.slice(half))),
    ];
  }
}

/**
 * Which advertisers the token reaches now, and the details of those this connection does not hold yet. An account
 * missing from TikTok's list of authorized advertisers is only taken as lost once advertiser/info agrees: one empty
 * or short list must not mark a whole agency's accounts unreachable for six hours.
 */
async function verifyAccess(
  session: TikTokSession,
  accessToken: string,
  heldIds: string[],
): Promise<{ reachableIds: string[]; added: AdvertiserInfo[] }> {
  const { tiktok } = session;
  if (session.settings.environment === "sandbox") {
    // No oauth2/advertiser/get in the sandbox (docs/tiktok-api.md §4): reading the held accounts proves the token.
    return { reachableIds: await readableAccounts(session, accessToken, heldIds), added: [] };
  }
  const listed = (await tiktok.oauth.authorizedAdvertisers({ accessToken })).map((a) => a.advertiserId);
  const listedSet = new Set(listed);
  const stillReadable = await readableAccounts(
    session,
    accessToken,
    heldIds.filter((id) => !listedSet.has(id)),
  );
  const held = new Set(heldIds);
  const newIds = listed.filter((id) => !held.has(id));
  const added =
    newIds.length === 0
      ? []
      : (await tiktok.advertisers.info({ accessToken, advertiserIds: newIds })).map(toAdvertiserInfo);
  return { reachableIds: [...listed, ...stillReadable], added };
}

export const maintainResult = v.union(
  v.literal("skipped"),
  v.literal("ok"),
  v.literal("lost_lease"),
  v.literal("deferred"),
  v.literal("needs_reauth"),
  v.literal("retry_later"),
);

type MaintainResult = Infer<typeof maintainResult>;

/** Refreshes and/or verifies one connection, if its check is due and nobody else is on it. */
export const maintain = internalAction({
  args: { connectionId: v.id("connections"), ticket: v.optional(v.number()) },
  returns: maintainResult,
  handler: async (ctx, { connectionId, ticket }): Promise<MaintainResult> => {
    const leaseId = randomToken(16);
    const held = await ctx.runMutation(internal.tiktok.tokens.claim, {
      connectionId,
      leaseId,
      now: Date.now(),
      ticket,
    });
    if (!held) return "skipped";
    return withTikTokSession(
      ctx,
      { activity: `TikTok connection ${connectionId}`, workspaceId: held.workspaceId },
      async (session): Promise<MaintainResult> => {
        const { tiktok, settings } = session;
        const keyring = await tokenKeyring();
        const openedAccess = await openToken(keyring, held.accessToken, held.binding, "access");
        const openedRefresh =
          held.refreshToken && (await openToken(keyring, held.refreshToken, held.binding, "refresh"));
        let accessToken = openedAccess.token;
        const refreshToken = openedRefresh ? openedRefresh.token : undefined;
        const sealTokens = async (access: string, refresh: string | undefined) => ({
          accessToken: await sealToken(keyring, access, held.binding, "access"),
          refreshToken: refresh === undefined ? undefined : await sealToken(keyring, refresh, held.binding, "refresh"),
          accessTokenHash: await sha256Hex(access),
        });
        /** Sealed under a key being rotated out, or before the token's field was part of its additional data. */
        const resealDue =
          openedAccess.legacy ||
          (openedRefresh && openedRefresh.legacy) ||
          needsRotation(keyring, held.accessToken) ||
          (held.refreshToken && needsRotation(keyring, held.refreshToken));
        const lease = { connectionId, leaseId, refreshWindowMs: settings.refreshWindowMs };

        /** Refreshes and stores the new token at once (keeping the lease), so nothing later in the run can lose it. */
        const refresh = async (release: boolean): Promise<boolean> => {
          const grant = await tiktok.oauth.refreshAccessToken({ refreshToken: refreshToken! });
          const stored: boolean = await ctx.runMutation(internal.tiktok.tokens.commit, {
            ...lease,
            now: Date.now(),
            release,
            // Merge: a refresh token that was not rotated is kept.
            tokens: await sealTokens(grant.accessToken, grant.refreshToken ?? refreshToken),
            // No expiry in the answer means TikTok gave a long-lived token: never invent one.
            refreshed: {
              tokenMode: grant.expiresAt === undefined ? "long_lived" : "expiring",
              expiresAt: grant.expiresAt,
              refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
            },
          });
          if (!stored) {
            // A reconnect or disconnect won while TikTok was answering: nobody will ever use this token, so end it.
            await revokeUnheld(ctx, session, grant.accessToken);
            return false;
          }
          accessToken = grant.accessToken;
          return true;
        };

        let refreshed = false;
        if (refreshDue(held.times, Date.now(), settings.refreshWindowMs) && refreshToken) {
          if (!(await refresh(!held.verifyDue))) return "lost_lease";
          refreshed = true;
          if (!held.verifyDue) return "ok";
        } else if (resealDue) {
          // Re-seal with the current key and scheme while we hold the plaintext anyway.
          await ctx.runMutation(internal.tiktok.tokens.commit, {
            ...lease,
            now: Date.now(),
            release: false,
            tokens: await sealTokens(accessToken, refreshToken),
          });
        }

        let verified;
        try {
          verified = await verifyAccess(session, accessToken, held.advertiserIds);
        } catch (error) {
          // 40102 on a token we can refresh: refresh (docs/tiktok-api.md §2), not a trip back to TikTok's consent page.
          if (!(error instanceof TikTokAuthError && error.problem === "token_expired" && refreshToken && !refreshed))
            throw error;
          if (!(await refresh(false))) return "lost_lease";
          verified = await verifyAccess(session, accessToken, held.advertiserIds);
        }
        const stored: boolean = await ctx.runMutation(internal.tiktok.tokens.commit, {
          ...lease,
          now: Date.now(),
          release: true,
          verified,
        });
        return stored ? "ok" : "lost_lease";
      },
      async (error, failure) => {
        const now = Date.now();
        if (error instanceof GovernorDeferral) {
          // The app's own budget is booked: not TikTok's failure, nothing to log, no back-off.
          const kept: boolean = await ctx.runMutation(internal.tiktok.tokens.fail, {
            connectionId,
            leaseId,
            now,
            deferredMs: error.retryAfterMs,
          });
          return { result: kept ? "deferred" : "lost_lease" };
        }
        const effect = tokenFailureEffect(error, held.failures + 1);
        const kept: boolean = await ctx.runMutation(internal.tiktok.tokens.fail, {
          connectionId,
          leaseId,
          now,
          error: failure,
          reauth: effect.action === "reauth",
          retryAfterMs: effect.action === "retry" ? effect.afterMs : undefined,
        });
        const logAs = effect.action === "reauth" ? "needs re-authorization" : "will retry";
        if (!kept) return { result: "lost_lease", logAs };
        return { result: effect.action === "reauth" ? "needs_reauth" : "retry_later", logAs };
      },
    );
  },
});
