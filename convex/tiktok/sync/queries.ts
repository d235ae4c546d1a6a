/**
 * The sync as people follow it, live: each ad account's latest run (the Connections and Reports pages) and the
 * workspace's recent runs (the Activity page), every field listed one by one so nothing added to `syncRuns` later leaks
 * out. Reads only: runs are written by queue.ts, step.ts, batches.ts and failures.ts.
 */
import { v, type Infer } from "convex/values";
import type { Doc } from "../../_generated/dataModel";
import { memberQuery } from "../../lib/access";
import { boundWhole } from "../../lib/bounds";
import { syncRunProgressFields } from "../validators";
import { manualSyncAllowedAt } from "./queue";

const runView = v.object({
  runId: v.id("syncRuns"),
  ...syncRunProgressFields,
  deferrals: v.number(),
  /** The history this run fetches back to (lib/sync/history.ts), when it does. */
  historyFrom: v.optional(v.string()),
});

function viewOf(run: Doc<"syncRuns">): Infer<typeof runView> {
  return {
    runId: run._id,
    trigger: run.trigger,
    status: run.status,
    phase: run.phase,
    startDate: run.startDate,
    endDate: run.endDate,
    windowsDone: run.windowsDone,
    windowsPlanned: run.windowsPlanned,
    pagesDone: run.pagesDone,
    rowsWritten: run.rowsWritten,
    callsMade: run.callsMade,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    skipReason: run.skipReason,
    lastError: run.lastError,
    deferrals: run.deferrals ?? 0,
    historyFrom: run.historyFrom,
  };
}

/**
 * Each ad account's sync, live: when it last finished, its latest run with its progress or outcome, and when Sync now
 * may start the next run (a stored moment: the page compares it with its own clock, this query reads none).
 */
export const status = memberQuery("read")({
  args: {},
  returns: v.array(
    v.object({
      advertiserId: v.string(),
      lastSyncedAt: v.optional(v.number()),
      syncedFrom: v.optional(v.string()),
      syncedThrough: v.optional(v.string()),
      /** More history asked for and not yet stored: the first date it reaches (lib/sync/history.ts). */
      historyFrom: v.optional(v.string()),
      latest: v.optional(runView),
      /** Sync now starts no run before this (lib/sync/cooldown.ts); absent: no manual run yet, so any time. */
      nextManualSyncAt: v.optional(v.number()),
    }),
  ),
  handler: async (ctx, { workspaceId }) => {
    const advertisers = await ctx.db
      .query("advertisers")
      .withIndex("by_workspace_advertiser", (q) => q.eq("workspaceId", workspaceId))
      .take(500);
    const out = [];
    for (const a of advertisers) {
      const latest = await ctx.db
        .query("syncRuns")
        .withIndex("by_advertiser_queued", (q) => q.eq("workspaceId", workspaceId).eq("advertiserId", a.advertiserId))
        .order("desc")
        .first();
      out.push({
        advertiserId: a.advertiserId,
        lastSyncedAt: a.lastSyncedAt,
        syncedFrom: a.syncedFrom,
        syncedThrough: a.syncedThrough,
        historyFrom: a.historyFrom,
        latest: latest ? viewOf(latest) : undefined,
        nextManualSyncAt: await manualSyncAllowedAt(ctx, workspaceId, a.advertiserId),
      });
    }
    return out;
  },
});

/** The workspace's recent sync runs, newest first (the Activity page). */
export const recentRuns = memberQuery("read")({
  args: { limit: v.optional(v.number()) },
  returns: v.array(v.object({ advertiserId: v.string(), run: runView })),
  handler: async (ctx, { workspaceId, limit }) => {
    const take = boundWhole("limit", limit ?? 50, 1, 200);
    const runs = await ctx.db
      .query("syncRuns")
      .withIndex("by_workspace_queued", (q) => q.eq("workspaceId", workspaceId))
      .order("desc")
      .take(take);
    return runs.map((run) => ({ advertiserId: run.advertiserId, run: viewOf(run) }));
  },
});
