/**
 * Connecting TikTok ad accounts.
 *
 * `start` begins an authorization: it needs real randomness for the state, so it is an action (mutations are
 * deterministic), and it returns the TikTok portal URL to send the marketer to.
 *
 * `complete` is what the callback route calls: it uses up the state, trades the auth code for a token, reads
 * the advertisers, seals the tokens (AES-256-GCM, here in the action) and stores everything in one mutation.
 * Every failure ends on an outcome the Connections page explains (lib/connect/outcomes.ts), with nothing stored.
 *
 * `list` is the Connections page's data: health and advertisers, never a token. `disconnect` ends a connection.
 */
import { ConvexError, v } from "convex/values";
import { connectOutcomeFor } from "../../lib/connect/failures";
import { CONNECT_OUTCOMES, type ConnectOutcome } from "../../lib/connect/outcomes";
import { randomToken, sha256Hex } from "../../lib/secrets/keyring";
import { createTikTokClient } from "../../lib/tiktok/client";
import { internal } from "../_generated/api";
import { memberAction, memberQuery, signedInAction } from "../lib/access";
import { boundString, invalidArgument } from "../lib/bounds";
import { toAdvertiserInfo, type SaveResult } from "./connectionRecords";
import { safeReturnTo } from "./oauthState";
import { revokeReplaced, revokeUnheld, tokenKeyring, withTikTokSession } from "./session";
import { openToken, sealToken } from "./tokenSeal";
import {
  advertiserInfoFields,
  connectionErrorValidator,
  connectionStatusValidator,
  tokenModeValidator,
} from "./validators";
import { tiktokSettings } from "./settings";

export const start = memberAction("write")({
  args: { returnTo: v.optional(v.string()) },
  returns: v.object({ url: v.string() }),
  handler: async (ctx, { workspaceId, returnTo }) => {
    let path: string;
    try {
      path = safeReturnTo(returnTo);
    } catch (error) {
      throw invalidArgument((error as Error).message);
    }
    const settings = tiktokSettings();
    const state = randomToken(32);
    const saved = await ctx.runMutation(internal.tiktok.oauthState.save, {
      stateHash: await sha256Hex(state),
      workspaceId,
      userId: ctx.membership.userId,
      returnTo: path,
      now: Date.now(),
    });
    if (!saved.ok) {
      const minutes = Math.max(1, Math.ceil(saved.retryAfterMs / 60_000));
      throw new ConvexError({
        code: "RATE_LIMITED",
        retryAfterMs: saved.retryAfterMs,
        message: `Too many connect attempts in a short time; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`,
      });
    }
    const tiktok = createTikTokClient({
      appId: settings.appId,
      environment: settings.environment,
      apiOrigin: settings.apiOrigin,
      rateGate: false,
    });
    return { url: tiktok.oauth.authorizeUrl({ redirectUri: settings.redirectUri, state }) };
  },
});

const outcomeValidator = v.union(...(Object.keys(CONNECT_OUTCOMES) as ConnectOutcome[]).map((o) => v.literal(o)));

const MAX_STATE_LENGTH = 128;
const MAX_AUTH_CODE_LENGTH = 1024;

/** A person is waiting on the callback page: wait up to 10 s for the app's rate budget before giving up. */
const CONNECT_MAX_WAIT_MS = 10_000;

export const complete = signedInAction({
  args: { state: v.string(), authCode: v.string() },
  returns: v.object({ outcome: outcomeValidator, returnTo: v.optional(v.string()) }),
  handler: async (ctx, { state, authCode }): Promise<{ outcome: ConnectOutcome; returnTo?: string }> => {
    // A state is 43 characters and TikTok's codes far shorter than this: anything longer is not from this flow.
    boundString("state", state, MAX_STATE_LENGTH);
    boundString("authCode", authCode, MAX_AUTH_CODE_LENGTH);
    const now = Date.now();
    const consumed = await ctx.runMutation(internal.tiktok.oauthState.consume, {
      stateHash: await sha256Hex(state),
      userId: ctx.userId,
      now,
    });
    if (!consumed.ok) return { outcome: consumed.reason };
    const { workspaceId, returnTo } = consumed;
    try {
      // Checked again here: the role may have changed in the minutes spent on TikTok's page.
      await ctx.runQuery(internal.lib.access.membershipFor, { workspaceId, capability: "write" });
    } catch (error) {
      if (error instanceof ConvexError) return { outcome: "not_allowed", returnTo };
      throw error;
    }

    return withTikTokSession(
      ctx,
      { activity: "TikTok connect", workspaceId, maxInlineWaitMs: CONNECT_MAX_WAIT_MS },
      async (session) => {
        /** A token obtained but not kept (nothing to store, or a later step failed) is revoked, best effort. */
        let unkept: string | undefined;
        try {
          // Settings (resolved by the session) and keys first: a misconfigured deployment must not use up the
          // advertiser's one-time code.
          const keyring = await tokenKeyring();
          const { tiktok, settings } = session;
          const grant = await tiktok.oauth.exchangeAuthCode({ authCode });
          unkept = grant.accessToken;
          if (grant.advertiserIds.length === 0) return { outcome: "no_advertisers", returnTo };
          const advertisers = await tiktok.advertisers.info({
            accessToken: grant.accessToken,
            advertiserIds: grant.advertiserIds,
          });
          if (advertisers.length === 0) return { outcome: "no_advertisers", returnTo };

          const binding = randomToken(16);
          const saved: SaveResult = await ctx.runMutation(internal.tiktok.connectionRecords.saveAuthorization, {
            workspaceId,
            userId: ctx.userId,
            now: Date.now(),
            refreshWindowMs: settings.refreshWindowMs,
            binding,
            tokenMode: grant.expiresAt === undefined ? "long_lived" : "expiring",
            scope: grant.scope,
            expiresAt: grant.expiresAt,
            refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
            accessToken: await sealToken(keyring, grant.accessToken, binding, "access"),
            refreshToken:
              grant.refreshToken === undefined
                ? undefined
                : await sealToken(keyring, grant.refreshToken, binding, "refresh"),
            accessTokenHash: await sha256Hex(grant.accessToken),
            advertisers: advertisers.map(toAdvertiserInfo),
          });
          if (saved.kind !== "saved") return { outcome: saved.kind, returnTo };
          unkept = undefined;
          // The token this one replaced is held by nobody now: end it at TikTok rather than leave it live. Best
          // effort, and never a failure of this connect: the new connection is stored whatever happens to the old token.
          if (saved.replaced) await revokeReplaced(ctx, session, keyring, saved.replaced);
          return { outcome: saved.reconnected ? "reconnected" : "connected", returnTo };
        } finally {
          if (unkept !== undefined) await revokeUnheld(ctx, session, unkept);
        }
      },
      (error) => {
        const outcome = connectOutcomeFor(error);
        return { result: { outcome, returnTo }, logAs: `ended as ${outcome}` };
      },
    );
  },
});

export const disconnect = memberAction("write")({
  args: { connectionId: v.id("connections") },
  returns: v.object({
    /** False when TikTok could not be reached (the authorization can be removed in TikTok Ads Manager), or when
     * another connection still uses the same token and it was left alone. The tokens are deleted here either way. */
    revokedAtTikTok: v.boolean(),
  }),
  handler: async (ctx, { workspaceId, connectionId }) => {
    const taken = await ctx.runMutation(internal.tiktok.connectionRecords.takeForDisconnect, {
      workspaceId,
      connectionId,
      now: Date.now(),
    });
    if (!taken)
      throw new ConvexError({ code: "NOT_FOUND", message: "This connection does not exist in your workspace" });
    if (!taken.accessToken || taken.shared) return { revokedAtTikTok: false };
    return withTikTokSession(
      ctx,
      { activity: "TikTok revoke on disconnect", workspaceId, maxInlineWaitMs: CONNECT_MAX_WAIT_MS },
      async ({ tiktok }) => {
        const { token: accessToken } = await openToken(
          await tokenKeyring(),
          taken.accessToken!,
          taken.binding,
          "access",
        );
        await tiktok.oauth.revoke({ accessToken });
        return { revokedAtTikTok: true };
      },
      // Best effort: the connection is already gone on our side, and the advertiser can remove the app on TikTok.
      () => ({ result: { revokedAtTikTok: false }, logAs: "failed" }),
    );
  },
});

const advertiserView = v.object({ ...advertiserInfoFields, accessible: v.boolean(), lostAt: v.optional(v.number()) });

const connectionView = v.object({
  _id: v.id("connections"),
  status: connectionStatusValidator,
  tokenMode: tokenModeValidator,
  connectedAt: v.number(),
  connectedByEmail: v.optional(v.string()),
  expiresAt: v.optional(v.number()),
  refreshedAt: v.optional(v.number()),
  verifiedAt: v.optional(v.number()),
  nextCheckAt: v.optional(v.number()),
  revokedAt: v.optional(v.number()),
  lastError: v.optional(connectionErrorValidator),
  advertisers: v.array(advertiserView),
});

/** The workspace's connections, newest first, each with its health and advertisers. Fields are listed one by
 * one, so nothing added to the tables later (least of all a secret) leaks into the page by accident. */
export const list = memberQuery("read")({
  args: {},
  returns: v.array(connectionView),
  handler: async (ctx, { workspaceId }) => {
    const connections = await ctx.db
      .query("connections")
      .withIndex("by_workspace", (q) => q.eq("workspaceId", workspaceId))
      .order("desc")
      .take(100);
    const views = [];
    for (const c of connections) {
      const member = await ctx.db
        .query("members")
        .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId).eq("userId", c.connectedBy))
        .unique();
      const advertisers = await ctx.db
        .query("advertisers")
        .withIndex("by_connection", (q) => q.eq("connectionId", c._id))
        .collect();
      views.push({
        _id: c._id,
        status: c.status,
        tokenMode: c.tokenMode,
        connectedAt: c.connectedAt,
        connectedByEmail: member?.email,
        expiresAt: c.expiresAt,
        refreshedAt: c.refreshedAt,
        verifiedAt: c.verifiedAt,
        nextCheckAt: c.status === "active" ? c.nextCheckAt : undefined,
        revokedAt: c.revokedAt,
        lastError: c.lastError,
        advertisers: advertisers
          .map((a) => ({
            advertiserId: a.advertiserId,
            name: a.name,
            currency: a.currency,
            timezone: a.timezone,
            displayTimezone: a.displayTimezone,
            accountStatus: a.accountStatus,
            company: a.company,
            country: a.country,
            accessible: a.accessible,
            lostAt: a.lostAt,
          }))
          .sort((x, y) => x.name.localeCompare(y.name)),
      });
    }
    return views;
  },
});
