/**
 * The Convex schema. This first version holds the call ledger only: one row per TikTok API attempt, so ops can
 * quote a `request_id` to TikTok support. Connections, advertisers, campaigns and report rows arrive with the
 * issues that use them.
 */
import { defineSchema, defineTable } from "convex/server";
import { callAttemptFields } from "./tiktok/validators";

export default defineSchema({
  tiktokCalls: defineTable(callAttemptFields).index("by_at", ["at"]),
});
