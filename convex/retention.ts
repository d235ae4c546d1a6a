/**
 * How long the app keeps what it needs only for a while, and the batched deletes that enforce it: every cleanup in
 * the project, one entry of `KEPT` each (how long, found by which index, how many per transaction). The daily crons
 * (convex/crons.ts) run `prune` for each; OAuth states go a few at a time as new ones are saved (oauthState.ts), which
 * keeps that small table small without a cron.
 *
 * Not here: when something expires (an invitation's or an OAuth state's lifetime, an operation key's replay window),
 * which its own module decides. Tables without an entry are kept: synced data, the campaign audit.
 */
import type { NamedTableInfo, Query } from "convex/server";
import { literals } from "convex-helpers/validators";
import { v, type Infer } from "convex/values";
import { internal } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
import { internalMutation, type DatabaseReader, type MutationCtx } from "./_generated/server";

const DAY = 24 * 60 * 60_000;

interface Kept<T extends keyof DataModel> {
  /** How long a row is kept, counted from the time its index orders it by. */
  keptMs: number;
  /** Rows deleted per transaction. */
  batch: number;
  /** A full batch schedules the next one at once, until none are left (otherwise the rest waits for the next run). */
  untilDone: boolean;
  /** The table's rows older than `before`, by the index that orders them by age. */
  older: (db: DatabaseReader, before: number) => Query<NamedTableInfo<DataModel, T>>;
}

const prunedTable = literals(
  "restatements",
  "tiktokCalls",
  "invitations",
  "campaignOperations",
  "syncRuns",
  "oauthStates",
);
type PrunedTable = Infer<typeof prunedTable>;

const KEPT: { [T in PrunedTable]: Kept<T> } = {
  /** Restatement notes: the Reports page shows them for recent days, where they matter. */
  restatements: {
    keptMs: 30 * DAY,
    batch: 2_000,
    untilDone: true,
    older: (db, before) => db.query("restatements").withIndex("by_at", (q) => q.lt("at", before)),
  },
  /** The TikTok call ledger (convex/tiktok/calls.ts): ops quote its request_ids to TikTok support. */
  tiktokCalls: {
    keptMs: 30 * DAY,
    batch: 2_000,
    untilDone: true,
    older: (db, before) => db.query("tiktokCalls").withIndex("by_at", (q) => q.lt("at", before)),
  },
  /** Invitations, from their expiry: still listed (as expired) for a week, so an admin sees what lapsed. */
  invitations: {
    keptMs: 7 * DAY,
    batch: 500,
    untilDone: true,
    older: (db, before) => db.query("invitations").withIndex("by_expires", (q) => q.lt("expiresAt", before)),
  },
  /**
   * Campaign operation records, for replays of their key (a page left open a day and pressed again still replays);
   * the audit entries stay.
   */
  campaignOperations: {
    keptMs: 7 * DAY,
    batch: 1_000,
    untilDone: true,
    older: (db, before) => db.query("campaignOperations").withIndex("by_started", (q) => q.lt("startedAt", before)),
  },
  /**
   * Sync runs, from when they were queued: about 24 a day per account at the default interval. The pages show an
   * account's latest run and the workspace's last 50; a run is never running for long (the watchdog ends one silent
   * for 30 minutes), so a month-old run is long finished.
   */
  syncRuns: {
    keptMs: 30 * DAY,
    batch: 2_000,
    untilDone: true,
    older: (db, before) => db.query("syncRuns").withIndex("by_queued", (q) => q.lt("queuedAt", before)),
  },
  /** OAuth states, from their expiry, so a late callback is told "expired", not "unknown"; a few per state saved. */
  oauthStates: {
    keptMs: 10 * 60_000,
    batch: 10,
    untilDone: false,
    older: (db, before) => db.query("oauthStates").withIndex("by_expires", (q) => q.lt("expiresAt", before)),
  },
};

/** Deletes one batch of `table`'s rows older than `before`; returns how many went. */
async function deleteOlder<T extends PrunedTable>(ctx: MutationCtx, table: T, before: number): Promise<number> {
  const kept: Kept<T> = KEPT[table];
  const old = await kept.older(ctx.db, before).take(kept.batch);
  for (const row of old) await ctx.db.delete(table, row._id);
  return old.length;
}

/** Deletes one batch of what `table` no longer keeps at `now`, in the caller's transaction; returns how many went. */
export function pruneBatch(ctx: MutationCtx, table: PrunedTable, now: number): Promise<number> {
  return deleteOlder(ctx, table, now - KEPT[table].keptMs);
}

/** A cleanup: the rows of `table` older than `before` (by default, all it no longer keeps), a batch at a time. */
export const prune = internalMutation({
  args: { table: prunedTable, before: v.optional(v.number()) },
  returns: v.number(),
  handler: async (ctx, { table, before = Date.now() - KEPT[table].keptMs }) => {
    const deleted = await deleteOlder(ctx, table, before);
    if (deleted === KEPT[table].batch && KEPT[table].untilDone)
      await ctx.scheduler.runAfter(0, internal.retention.prune, { table, before });
    return deleted;
  },
});
