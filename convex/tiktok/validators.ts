/** Field validators shared by the schema and the functions, so each shape is written once. */
import { v } from "convex/values";

/** One TikTok call attempt in the ledger (lib/tiktok's AttemptEvent plus its time). No token, secret or URL. */
export const callAttemptFields = {
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
};
