/**
 * The TikTok call ledger: one row per attempt, written in batches (one mutation per action's worth of events,
 * never one per call), and pruned after a retention period. Ops read it to quote `request_id`s to TikTok support;
 * the read side, with its access control, comes with the connections work.
 *
 * Rows carry no token, no secret and no URL: only what lib/tiktok's AttemptEvent holds.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { callAttemptFields } from "./validators";

export const attemptValidator = v.object(callAttemptFields);

/** Well under Convex's 16,000 writes per transaction, so a batch can never be refused for size. */
export const MAX_BATCH = 1_000;
const PRUNE_BATCH = 2_000;

export const record = internalMutation({
  args: { attempts: v.array(attemptValidator) },
  returns: v.number(),
  handler: async (ctx, { attempts }) => {
    if (attempts.length > MAX_BATCH) throw new Error(`Record at most ${MAX_BATCH} attempts per call; split the batch`);
    for (const attempt of attempts) await ctx.db.insert("tiktokCalls", attempt);
    return attempts.length;
  },
});

/** Deletes rows older than `before` (epoch ms), a batch at a time, rescheduling itself until none are left. */
export const prune = internalMutation({
  args: { before: v.number() },
  returns: v.number(),
  handler: async (ctx, { before }) => {
    const old = await ctx.db
      .query("tiktokCalls")
      .withIndex("by_at", (q) => q.lt("at", before))
      .take(PRUNE_BATCH);
    for (const row of old) await ctx.db.delete(row._id);
    if (old.length === PRUNE_BATCH) await ctx.scheduler.runAfter(0, internal.tiktok.calls.prune, { before });
    return old.length;
  },
});
