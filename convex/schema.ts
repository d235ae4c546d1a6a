/**
 * The Convex schema: sign-in (Convex Auth's tables), workspaces with members and roles, TikTok connections with
 * their advertisers and (in a table of their own) their encrypted tokens, OAuth states, and the TikTok call
 * ledger. Campaigns and report rows arrive with the work that uses them.
 */
import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  advertiserInfoFields,
  callAttemptFields,
  connectionErrorValidator,
  connectionStatusValidator,
  sealedSecretValidator,
  tokenModeValidator,
} from "./tiktok/validators";
import { roleValidator } from "./workspaces/roles";

export default defineSchema({
  ...authTables,

  workspaces: defineTable({
    name: v.string(),
    createdBy: v.id("users"),
  }),

  members: defineTable({
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    role: roleValidator,
    /** Copied from the user at joining, for listing members without reading auth tables. */
    email: v.optional(v.string()),
  })
    .index("by_workspace_user", ["workspaceId", "userId"])
    .index("by_workspace_role", ["workspaceId", "role"])
    .index("by_user", ["userId"]),

  /**
   * An admin's invitation: claimable only with its link's single-use secret (stored as a SHA-256 hash), by a signed-in
   * account with the invited email, before it expires (convex/workspaces/invites.ts). Deleted when claimed or revoked.
   */
  invites: defineTable({
    workspaceId: v.id("workspaces"),
    /** Normalised (lib/auth/email.ts). */
    email: v.string(),
    role: roleValidator,
    invitedBy: v.id("users"),
    tokenHash: v.string(),
    createdAt: v.number(),
    expiresAt: v.number(),
  })
    .index("by_token_hash", ["tokenHash"])
    .index("by_workspace_email", ["workspaceId", "email"]),

  /**
   * Sign-in emails (verification codes) kept instead of sent, when AUTH_EMAIL_DELIVERY=capture: the offline demo and
   * the tests read them here. Never used when a real provider delivers mail. Read only by internal functions.
   */
  emailOutbox: defineTable({
    to: v.string(),
    subject: v.string(),
    code: v.string(),
    at: v.number(),
  }).index("by_to", ["to", "at"]),

  /** A connect attempt's OAuth state, stored hashed; see convex/tiktok/oauthState.ts. */
  oauthStates: defineTable({
    stateHash: v.string(),
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    returnTo: v.string(),
    expiresAt: v.number(),
    consumedAt: v.optional(v.number()),
  })
    .index("by_hash", ["stateHash"])
    .index("by_expires", ["expiresAt"]),

  /**
   * One TikTok authorization (one token) in a workspace, and its health. No secret lives here: public queries
   * read this table, and the tokens sit in `connectionTokens`, which only internal functions touch.
   */
  connections: defineTable({
    workspaceId: v.id("workspaces"),
    status: connectionStatusValidator,
    tokenMode: tokenModeValidator,
    /**
     * Random, replaced whenever a new token is stored: the additional data the tokens are sealed with, so a
     * ciphertext moved onto another connection will not decrypt. (The `_id` does not exist yet when a new
     * connection's tokens are sealed, in the action, before the insert.)
     */
    binding: v.string(),
    scope: v.array(v.number()),
    /** Epoch ms; only for `expiring` tokens. We never invent an expiry. */
    expiresAt: v.optional(v.number()),
    refreshTokenExpiresAt: v.optional(v.number()),
    connectedBy: v.id("users"),
    connectedAt: v.number(),
    refreshedAt: v.optional(v.number()),
    verifiedAt: v.optional(v.number()),
    /** When the token sweep should next look at this connection (refresh or verify). */
    nextCheckAt: v.number(),
    /** Transient failures in a row, for back-off. */
    failures: v.number(),
    lastError: v.optional(connectionErrorValidator),
    /** One refresh at a time: whoever holds an unexpired lease may commit, nobody else. */
    leaseId: v.optional(v.string()),
    leaseUntil: v.optional(v.number()),
    revokedAt: v.optional(v.number()),
  })
    .index("by_workspace", ["workspaceId"])
    .index("by_status_next_check", ["status", "nextCheckAt"]),

  /** A connection's tokens, sealed with AES-256-GCM (lib/secrets/keyring.ts). Read only by internal functions. */
  connectionTokens: defineTable({
    connectionId: v.id("connections"),
    accessToken: sealedSecretValidator,
    refreshToken: v.optional(sealedSecretValidator),
    /**
     * SHA-256 of the access token (safe to keep: the token is 256 bits of randomness). TikTok can hand the same
     * token to two workspaces that connect the same TikTok user, so disconnect checks this before revoking it.
     */
    accessTokenHash: v.string(),
  })
    .index("by_connection", ["connectionId"])
    .index("by_access_token_hash", ["accessTokenHash"]),

  /**
   * An ad account a workspace reaches, through the connection that last granted it. One row per workspace and
   * advertiser: reconnecting moves the row, never duplicates it.
   */
  advertisers: defineTable({
    workspaceId: v.id("workspaces"),
    connectionId: v.id("connections"),
    ...advertiserInfoFields,
    /** False once the authorization no longer covers the account (removed on TikTok, or disconnected here). */
    accessible: v.boolean(),
    lostAt: v.optional(v.number()),
    addedAt: v.number(),
    updatedAt: v.number(),
    /** Set when a sync was asked for and not yet picked up; the sync work reads and clears it. */
    syncRequestedAt: v.optional(v.number()),
  })
    .index("by_workspace_advertiser", ["workspaceId", "advertiserId"])
    .index("by_connection", ["connectionId"]),

  tiktokCalls: defineTable(callAttemptFields).index("by_at", ["at"]).index("by_workspace_at", ["workspaceId", "at"]),
});
