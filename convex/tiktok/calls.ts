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
import { memberQuery } from "../lib/access";
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
    for (const row of old) await ctx.db.delete("tiktokCalls", row._id);
    if (old.length === PRUNE_BATCH) await ctx.scheduler.runAfter(0, internal.tiktok.calls.prune, { before });
    return old.length;
  },
});

/** How long the ledger keeps a call. */
export const RETENTION_MS = 30 * 24 * 60 * 60_000;

/** The daily cleanup: everything older than the retention period. */
export const pruneExpired = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.tiktok.calls.prune, { before: Date.now() - RETENTION_MS });
    return null;
  },
});

const MAX_PAGE = 200;

/** The workspace's latest TikTok calls, newest first; `before` (epoch ms) pages further back. */
export const recent = memberQuery("read")({
  args: { limit: v.optional(v.number()), before: v.optional(v.number()) },
  returns: v.array(v.object({ _id: v.id("tiktokCalls"), ...callAttemptFields })),
  handler: async (ctx, { workspaceId, limit, before }) => {
    const take =
      limit !== undefined && Number.isFinite(limit) ? Math.max(1, Math.min(MAX_PAGE, Math.floor(limit))) : 50;
    const rows = await ctx.db
      .query("tiktokCalls")
      .withIndex("by_workspace_at", (q) =>
        before === undefined ? q.eq("workspaceId", workspaceId) : q.eq("workspaceId", workspaceId).lt("at", before),
      )
      .order("desc")
      .take(take);
    return rows.map(({ _creationTime: _created, ...row }) => row);
  },
});
