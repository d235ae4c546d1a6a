/**
 * The Convex schema. This first version holds the call ledger only: one row per
 * TikTok API attempt, so ops can quote a `request_id` to TikTok support.
 * Connections, advertisers, campaigns and report rows arrive with the issues that use them.
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  tiktokCalls: defineTable({
    method: v.union(v.literal("GET"), v.literal("POST")),
    path: v.string(),
    advertiserId: v.optional(v.string()),
    httpStatus: v.optional(v.number()),
    code: v.optional(v.number()),
    requestId: v.optional(v.string()),
    attempt: v.number(),
    ms: v.number(),
    /** "ok", or the error kind (rate_limit, server, auth…). */
    outcome: v.string(),
    /** The retry classifier's reason when the attempt failed (e.g. app_rate_limit_second, not_retryable). */
    retryReason: v.optional(v.string()),
    at: v.number(),
  }).index("by_at", ["at"]),
});
