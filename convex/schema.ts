/**
 * The Convex schema: sign-in (Convex Auth's tables), workspaces with members and roles, TikTok connections with
 * their advertisers and (in a table of their own) their encrypted tokens, OAuth states, the TikTok call ledger,
 * the synced campaigns and report rows with their sync runs, and marketers' campaign operations with their audit.
 */
import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  advertiserInfoFields,
  callAttemptFields,
  campaignActionValidator,
  campaignAuditFields,
  campaignFields,
  connectionErrorValidator,
  connectionStatusValidator,
  deliveryFields,
  operationErrorValidator,
  operationStateValidator,
  restatedMetricValidator,
  runningTotalFields,
  sealedSecretValidator,
  syncRunProgressFields,
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
  // A new table, not `invites`: invitations made before links existed (claimed by whoever signed up with the address)
  // must not be claimable, and leaving that table out of the schema lets deployments that have some deploy unchanged.
  invitations: defineTable({
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
    .index("by_workspace_email", ["workspaceId", "email"])
    .index("by_expires", ["expiresAt"]),

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
    /** Real units of the account's currency, as of the last sync. */
    balance: v.optional(v.number()),
    /** The last run that finished: "data as of". */
    lastSyncedAt: v.optional(v.number()),
    /** The account's local today at that run: days from it minus the lookback are provisional. */
    lastSyncToday: v.optional(v.string()),
    /** From this local date on, days may still be restated by TikTok (the last sync's lookback). */
    provisionalFrom: v.optional(v.string()),
    /** The earliest and latest local dates fully synced. */
    syncedFrom: v.optional(v.string()),
    syncedThrough: v.optional(v.string()),
    /**
     * More history asked for (lib/sync/history.ts): the first local date to sync, pending while it is before
     * `syncedFrom`; cleared by the run that stores it.
     */
    historyFrom: v.optional(v.string()),
    /** The last history date a run stored, contiguous from `historyFrom`: where a stopped history run resumes. */
    historyThrough: v.optional(v.string()),
    /** When the sync cron next looks at this account. */
    nextSyncAt: v.optional(v.number()),
  })
    .index("by_workspace_advertiser", ["workspaceId", "advertiserId"])
    .index("by_connection", ["connectionId"])
    .index("by_next_sync", ["accessible", "nextSyncAt"]),

  /**
   * A campaign as TikTok last described it (campaign/get). Deleted ones are kept: their spend is the account's.
   * Written only by convex/tiktok/campaignRows.ts.
   */
  campaigns: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    ...campaignFields,
    deleted: v.boolean(),
    syncedAt: v.number(),
  }).index("by_advertiser_campaign", ["workspaceId", "advertiserId", "campaignId"]),

  /** One campaign's delivery on one of the account's local dates, with running totals through that date. */
  campaignDays: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    campaignId: v.string(),
    date: v.string(),
    ...deliveryFields,
    ...runningTotalFields,
  })
    .index("by_advertiser_date", ["workspaceId", "advertiserId", "date"])
    .index("by_campaign_date", ["workspaceId", "advertiserId", "campaignId", "date"]),

  /** Each campaign's running totals through the latest date written: where the next date's totals start. */
  campaignCursors: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    campaignId: v.string(),
    asOf: v.string(),
    ...runningTotalFields,
  }).index("by_advertiser_campaign", ["workspaceId", "advertiserId", "campaignId"]),

  /** The account's delivery on one local date (the sum of its campaigns'): what summaries and charts read. */
  advertiserDays: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    date: v.string(),
    ...deliveryFields,
    /** Campaigns with a row that day. */
    campaigns: v.number(),
    syncedAt: v.number(),
  }).index("by_advertiser_date", ["workspaceId", "advertiserId", "date"]),

  /** A synced day whose totals changed at a later sync ("Nov 20: conversions +12 since the last sync"). */
  restatements: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    date: v.string(),
    metric: restatedMetricValidator,
    /** Spend in thousandths, like the stored days; null: TikTok had no value. */
    before: v.union(v.number(), v.null()),
    after: v.union(v.number(), v.null()),
    at: v.number(),
  })
    .index("by_advertiser_date", ["workspaceId", "advertiserId", "date"])
    .index("by_at", ["at"]),

  /** One sync of one advertiser: its progress, counts and outcome, live on the Connections page. */
  syncRuns: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    ...syncRunProgressFields,
    /** The next window's first date (the run's cursor). */
    nextDate: v.optional(v.string()),
    /** Retries after transient failures so far. */
    attempts: v.number(),
    /** When the latest step began: a run whose steps stopped is ended by the sync cron's watchdog. */
    lastStepAt: v.optional(v.number()),
    /** Times a step waited because the app's TikTok budget was booked by other work (not failures). */
    deferrals: v.optional(v.number()),
    /** The history this run completes (lib/sync/history.ts): the account is synced from here once it succeeds. */
    historyFrom: v.optional(v.string()),
    /** Days already synced that this run re-threads (their running totals) instead of fetching them again. */
    storedFrom: v.optional(v.string()),
    storedTo: v.optional(v.string()),
  })
    .index("by_advertiser_queued", ["workspaceId", "advertiserId", "queuedAt"])
    // The account's last manual run: Sync now's cooldown counts from it (lib/sync/cooldown.ts).
    .index("by_advertiser_trigger_queued", ["workspaceId", "advertiserId", "trigger", "queuedAt"])
    .index("by_workspace_queued", ["workspaceId", "queuedAt"])
    .index("by_status", ["status", "queuedAt"])
    .index("by_queued", ["queuedAt"]),

  /**
   * A marketer's campaign operation, keyed by the operation key the page made when the form opened (or the button
   * was pressed): the same key again returns this outcome and never calls TikTok twice.
   */
  campaignOperations: defineTable({
    workspaceId: v.id("workspaces"),
    operationKey: v.string(),
    advertiserId: v.string(),
    userId: v.id("users"),
    action: campaignActionValidator,
    /** A digest of the operation's arguments: the same key with other arguments is refused, not replayed. */
    fingerprint: v.string(),
    campaignIds: v.array(v.string()),
    state: operationStateValidator,
    startedAt: v.number(),
    finishedAt: v.optional(v.number()),
    error: v.optional(operationErrorValidator),
  })
    .index("by_workspace_key", ["workspaceId", "operationKey"])
    .index("by_advertiser_state", ["workspaceId", "advertiserId", "state"])
    .index("by_started", ["startedAt"]),

  /** Who changed which campaign how, with TikTok's request_id and the outcome: every operation that reached TikTok. */
  campaignAudit: defineTable({
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    userId: v.id("users"),
    ...campaignAuditFields,
  }).index("by_advertiser_at", ["workspaceId", "advertiserId", "at"]),

  /**
   * The call ledger. `failed` (outcome other than "ok") is written beside the attempt so that every filter of the
   * Activity page (failed only, advertiser, endpoint, and any mix of them) is one index range, newest first: an
   * index per combination, each ending in `at` for paging back in time. Absent on rows written before it existed.
   */
  tiktokCalls: defineTable({ ...callAttemptFields, failed: v.optional(v.boolean()) })
    .index("by_at", ["at"])
    .index("by_workspace_at", ["workspaceId", "at"])
    .index("by_workspace_failed_at", ["workspaceId", "failed", "at"])
    .index("by_workspace_advertiser_at", ["workspaceId", "advertiserId", "at"])
    .index("by_workspace_advertiser_failed_at", ["workspaceId", "advertiserId", "failed", "at"])
    .index("by_workspace_path_at", ["workspaceId", "path", "at"])
    .index("by_workspace_path_failed_at", ["workspaceId", "path", "failed", "at"])
    .index("by_workspace_advertiser_path_at", ["workspaceId", "advertiserId", "path", "at"])
    .index("by_workspace_advertiser_path_failed_at", ["workspaceId", "advertiserId", "path", "failed", "at"]),
});
