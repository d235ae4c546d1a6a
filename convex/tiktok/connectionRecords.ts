/**
 * Writing connections and their advertisers. The connect action stores a new authorization here in one
 * mutation; the token sweep and disconnect reuse the advertiser helpers.
 *
 * A workspace has at most one advertiser row per TikTok advertiser id, so reconnecting the same accounts finds
 * the connection they belong to and updates it: it never makes a second one (see reusableConnection).
 */
import { v, type Infer } from "convex/values";
import type { Advertiser } from "../../lib/tiktok/advertisers";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, internalQuery, type MutationCtx, type QueryCtx } from "../_generated/server";
import { stillAllowed } from "../lib/access";
import { nextCheckAt } from "./tokenSchedule";
import { advertiserInfoFields, sealedSecretValidator, tokenModeValidator } from "./validators";

export const advertiserInfoValidator = v.object(advertiserInfoFields);
export type AdvertiserInfo = Infer<typeof advertiserInfoValidator>;

/** The part of TikTok's advertiser details the app keeps. */
export function toAdvertiserInfo(a: Advertiser): AdvertiserInfo {
  return {
    advertiserId: a.advertiserId,
    name: a.name,
    currency: a.currency,
    timezone: a.timezone,
    displayTimezone: a.displayTimezone,
    accountStatus: a.status,
    company: a.company,
    country: a.country,
  };
}

/** The workspace's row for one TikTok advertiser (one per workspace and advertiser), or null. */
export async function advertiserRow(ctx: Pick<QueryCtx, "db">, workspaceId: Id<"workspaces">, advertiserId: string) {
  return ctx.db
    .query("advertisers")
    .withIndex("by_workspace_advertiser", (q) => q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId))
    .unique();
}

/**
 * What calling TikTok for one of the workspace's advertisers needs: its row, its connection and that connection's
 * sealed tokens (each null when missing). The caller decides what a missing or unusable one means for its work.
 */
export async function advertiserAccess(ctx: Pick<QueryCtx, "db">, workspaceId: Id<"workspaces">, advertiserId: string) {
  const advertiser = await advertiserRow(ctx, workspaceId, advertiserId);
  const connection = advertiser && (await ctx.db.get("connections", advertiser.connectionId));
  const tokens =
    connection &&
    (await ctx.db
      .query("connectionTokens")
      .withIndex("by_connection", (q) => q.eq("connectionId", connection._id))
      .unique());
  return { advertiser, connection, tokens };
}

/**
 * Makes these advertisers belong to the connection and reachable, with fresh details. With `requestSync`,
 * each is flagged for the sync to pick up.
 */
export async function upsertAdvertisers(
  ctx: MutationCtx,
  target: { workspaceId: Id<"workspaces">; connectionId: Id<"connections"> },
  advertisers: AdvertiserInfo[],
  now: number,
  requestSync: boolean,
): Promise<void> {
  for (const info of advertisers) {
    const existing = await advertiserRow(ctx, target.workspaceId, info.advertiserId);
    const fields = { ...info, connectionId: target.connectionId, accessible: true, lostAt: undefined, updatedAt: now };
    const sync = requestSync ? { syncRequestedAt: now } : {};
    if (existing) await ctx.db.patch("advertisers", existing._id, { ...fields, ...sync });
    else await ctx.db.insert("advertisers", { ...fields, workspaceId: target.workspaceId, addedAt: now, ...sync });
  }
}

/** Marks the connection's advertisers outside `stillReachable` as no longer reachable. Returns how many changed. */
export async function markUnreachable(
  ctx: MutationCtx,
  connectionId: Id<"connections">,
  stillReachable: ReadonlySet<string>,
  now: number,
): Promise<number> {
  let changed = 0;
  for await (const row of ctx.db
    .query("advertisers")
    .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))) {
    if (row.accessible && !stillReachable.has(row.advertiserId)) {
      await ctx.db.patch("advertisers", row._id, { accessible: false, lostAt: now, updatedAt: now });
      changed++;
    }
  }
  return changed;
}

export async function replaceTokens(
  ctx: MutationCtx,
  connectionId: Id<"connections">,
  tokens: Omit<Doc<"connectionTokens">, "_id" | "_creationTime" | "connectionId">,
): Promise<void> {
  const existing = await ctx.db
    .query("connectionTokens")
    .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))
    .unique();
  if (existing) await ctx.db.replace("connectionTokens", existing._id, { connectionId, ...tokens });
  else await ctx.db.insert("connectionTokens", { connectionId, ...tokens });
}

export async function deleteTokens(ctx: MutationCtx, connectionId: Id<"connections">): Promise<void> {
  const existing = await ctx.db
    .query("connectionTokens")
    .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))
    .unique();
  if (existing) await ctx.db.delete("connectionTokens", existing._id);
}

/**
 * Which existing connection a new authorization updates, if any:
 * 1. the one holding the very same token (TikTok hands a TikTok user the same token again);
 * 2. else, among connections holding granted accounts, one that is broken or disconnected (the Reconnect case),
 *    or one whose every reachable account the new grant also covers (it supersedes that token);
 *    most shared accounts first, the newest on a tie.
 * A live connection that covers accounts this grant does not is never taken over: a colleague who connects with a
 * TikTok login reaching only some of those accounts must not cut the others off.
 */
async function reusableConnection(
  ctx: MutationCtx,
  workspaceId: Id<"workspaces">,
  accessTokenHash: string,
  rows: Map<string, Doc<"advertisers">>,
  connections: Map<Id<"connections">, Doc<"connections">>,
): Promise<Doc<"connections"> | null> {
  for (const tokens of await ctx.db
    .query("connectionTokens")
    .withIndex("by_access_token_hash", (q) => q.eq("accessTokenHash", accessTokenHash))
    .take(10)) {
    const connection = await ctx.db.get("connections", tokens.connectionId);
    if (connection?.workspaceId === workspaceId) return connection;
  }
  const overlap = new Map<Id<"connections">, number>();
  for (const row of rows.values()) overlap.set(row.connectionId, (overlap.get(row.connectionId) ?? 0) + 1);
  let best: Doc<"connections"> | null = null;
  for (const [connectionId, count] of overlap) {
    const connection = connections.get(connectionId);
    if (!connection) continue;
    if (connection.status === "active") {
      let superseded = true;
      for await (const held of ctx.db
        .query("advertisers")
        .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))) {
        if (held.accessible && !rows.has(held.advertiserId)) {
          superseded = false;
          break;
        }
      }
      if (!superseded) continue;
    }
    const bestCount = best ? overlap.get(best._id)! : 0;
    if (count > bestCount || (count === bestCount && best !== null && connection.connectedAt > best.connectedAt))
      best = connection;
  }
  return best;
}

const savedOutcome = v.union(
  v.object({
    kind: v.literal("saved"),
    connectionId: v.id("connections"),
    reconnected: v.boolean(),
    /** The token this one replaced, when no connection holds it any more: the action revokes it (best effort). */
    replaced: v.optional(v.object({ binding: v.string(), accessToken: sealedSecretValidator })),
  }),
  /** Every granted account is already reachable through another live connection: nothing was written. */
  v.object({ kind: v.literal("already_connected") }),
  /** The person was removed from the workspace, or lost the role, while TikTok answered: nothing was written. */
  v.object({ kind: v.literal("not_allowed") }),
);

export type SaveResult = Infer<typeof savedOutcome>;

/** Stores a completed authorization: the connection (new, or the one it renews; see reusableConnection), its
 * sealed tokens and its advertisers, then schedules the first sync. All or nothing. */
export const saveAuthorization = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    now: v.number(),
    /** TikTokSettings.refreshWindowMs, resolved by the action. */
    refreshWindowMs: v.number(),
    binding: v.string(),
    tokenMode: tokenModeValidator,
    scope: v.array(v.number()),
    expiresAt: v.optional(v.number()),
    refreshTokenExpiresAt: v.optional(v.number()),
    accessToken: sealedSecretValidator,
    refreshToken: v.optional(sealedSecretValidator),
    accessTokenHash: v.string(),
    advertisers: v.array(advertiserInfoValidator),
  },
  returns: savedOutcome,
  handler: async (ctx, args) => {
    const { workspaceId, now } = args;
    if (!(await stillAllowed(ctx, workspaceId, args.userId, "write"))) return { kind: "not_allowed" as const };
    // Each granted account's row and connection is read once: an agency can grant thousands of accounts, and
    // every index lookup counts against the transaction's limits.
    const rows = new Map<string, Doc<"advertisers">>();
    const connections = new Map<Id<"connections">, Doc<"connections">>();
    for (const { advertiserId } of args.advertisers) {
      const row = await advertiserRow(ctx, workspaceId, advertiserId);
      if (!row) continue;
      rows.set(advertiserId, row);
      if (!connections.has(row.connectionId)) {
        const connection = await ctx.db.get("connections", row.connectionId);
        if (connection) connections.set(connection._id, connection);
      }
    }
    const existing = await reusableConnection(ctx, workspaceId, args.accessTokenHash, rows, connections);
    // Accounts already reachable through another live connection stay with it.
    const mine = args.advertisers.filter((a) => {
      const row = rows.get(a.advertiserId);
      if (!row || !row.accessible || row.connectionId === existing?._id) return true;
      return connections.get(row.connectionId)?.status !== "active";
    });
    if (!existing && mine.length === 0) return { kind: "already_connected" as const };

    const fields = {
      workspaceId,
      status: "active" as const,
      tokenMode: args.tokenMode,
      binding: args.binding,
      scope: args.scope,
      expiresAt: args.expiresAt,
      refreshTokenExpiresAt: args.refreshTokenExpiresAt,
      connectedBy: args.userId,
      connectedAt: now,
      // The connect action just used the token to read the advertisers: it is verified as of now.
      verifiedAt: now,
      refreshedAt: undefined,
      nextCheckAt: nextCheckAt(
        { tokenMode: args.tokenMode, expiresAt: args.expiresAt, verifiedAt: now, issuedAt: now },
        now,
        args.refreshWindowMs,
      ),
      failures: 0,
      lastError: undefined,
      // A refresh in flight for the old token must not overwrite this one: dropping the lease makes its commit fail.
      leaseId: undefined,
      leaseUntil: undefined,
      revokedAt: undefined,
    };
    let connectionId: Id<"connections">;
    let replaced: { binding: string; accessToken: Doc<"connectionTokens">["accessToken"] } | undefined;
    if (existing) {
      connectionId = existing._id;
      replaced = await orphanedToken(ctx, existing, args.accessTokenHash);
      await ctx.db.patch("connections", connectionId, fields);
    } else {
      connectionId = await ctx.db.insert("connections", fields);
    }
    await replaceTokens(ctx, connectionId, {
      accessToken: args.accessToken,
      refreshToken: args.refreshToken,
      accessTokenHash: args.accessTokenHash,
    });
    await upsertAdvertisers(ctx, { workspaceId, connectionId }, mine, now, true);
    // Accounts the advertiser left out this time are no longer covered by this connection's token.
    await markUnreachable(ctx, connectionId, new Set(args.advertisers.map((a) => a.advertiserId)), now);
    await ctx.scheduler.runAfter(0, internal.tiktok.sync.queue.syncConnection, { connectionId });
    return {
      kind: "saved" as const,
      connectionId,
      reconnected: existing !== null && existing.status !== "active",
      replaced,
    };
  },
});

/** The connection's current token, if a new one replaces it and no other connection holds it. */
async function orphanedToken(ctx: MutationCtx, connection: Doc<"connections">, newHash: string) {
  const old = await ctx.db
    .query("connectionTokens")
    .withIndex("by_connection", (q) => q.eq("connectionId", connection._id))
    .unique();
  if (!old || old.accessTokenHash === newHash || (await tokenHeldElsewhere(ctx, old.accessTokenHash, connection._id)))
    return undefined;
  return { binding: connection.binding, accessToken: old.accessToken };
}

async function tokenHeldElsewhere(
  ctx: QueryCtx,
  accessTokenHash: string,
  except?: Id<"connections">,
): Promise<boolean> {
  const holders = await ctx.db
    .query("connectionTokens")
    .withIndex("by_access_token_hash", (q) => q.eq("accessTokenHash", accessTokenHash))
    .take(2);
  return holders.some((t) => t.connectionId !== except);
}

/** Whether any connection (in any workspace) holds this token: such a token must never be revoked as unused. */
export const tokenHeld = internalQuery({
  args: { accessTokenHash: v.string() },
  returns: v.boolean(),
  handler: (ctx, { accessTokenHash }) => tokenHeldElsewhere(ctx, accessTokenHash),
});

/**
 * The first half of a disconnect: marks the connection revoked, deletes its tokens and marks its advertisers
 * unreachable, all at once (so the sweep and the sync stop at once), and hands the sealed token back for the
 * revoke at TikTok. `shared` says another live connection holds the same token (TikTok can give one TikTok user
 * the same token in two workspaces), in which case revoking it would break that one.
 */
export const takeForDisconnect = internalMutation({
  args: { workspaceId: v.id("workspaces"), connectionId: v.id("connections"), now: v.number() },
  returns: v.union(
    v.null(),
    v.object({ binding: v.string(), accessToken: v.optional(sealedSecretValidator), shared: v.boolean() }),
  ),
  handler: async (ctx, { workspaceId, connectionId, now }) => {
    const connection = await ctx.db.get("connections", connectionId);
    // Same answer for another workspace's id as for a missing one: nothing to learn by probing.
    if (!connection || connection.workspaceId !== workspaceId) return null;
    // Disconnecting twice (a double click, a retried request) is the same as once.
    if (connection.status === "revoked") return { binding: connection.binding, shared: false };
    const tokens = await ctx.db
      .query("connectionTokens")
      .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))
      .unique();
    let shared = false;
    if (tokens) {
      shared = await tokenHeldElsewhere(ctx, tokens.accessTokenHash, connectionId);
      await ctx.db.delete("connectionTokens", tokens._id);
    }
    await ctx.db.patch("connections", connectionId, {
      status: "revoked",
      revokedAt: now,
      leaseId: undefined,
      leaseUntil: undefined,
    });
    await markUnreachable(ctx, connectionId, new Set(), now);
    return { binding: connection.binding, accessToken: tokens?.accessToken, shared };
  },
});
