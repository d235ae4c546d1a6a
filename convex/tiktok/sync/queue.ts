/**
 * Asking for sync runs, and the watchdog that ends the ones that stopped. A sync run (`syncRuns`) copies one
 * advertiser's campaigns and daily metrics from TikTok as a chain of short steps (step.ts) through the `syncPool`
 * workpool, so a bounded number of advertisers sync at once and no step comes near the action time limit.
 *
 * Runs are asked for by the connect flow (`syncConnection`), the sync cron (`sweep`, every advertiser whose next sync
 * is due), Sync now (`syncNow`) and a request for more history (`requestHistory`, lib/sync/history.ts); a run already queued or running for an advertiser is reused, never doubled. Sync
 * now starts at most one run per account every few minutes (lib/sync/cooldown.ts); joining a live run is always
 * allowed. This module does not run steps, decide what a failure means or write synced data (step.ts, failures.ts,
 * batches.ts).
 *
 * Every state a run can be in, and what moves it there:
 *
 *   status     phase    moved by
 *   queued     details  requestRun (here): the run is inserted and its first step enqueued
 *   running    details  beginStep (step.ts), at the first step: the account's details, then every campaign
 *   running    reports  planReports (step.ts), once its dates are planned: one report window per step
 *   succeeded  done     writeRunDates (batches.ts), with the run's last date
 *   skipped    done     beginStep (step.ts): the account is unreachable, or its connection disconnected or waiting
 *                       for re-authorization
 *   failed     done     failStep (failures.ts): a failure retrying cannot fix, or too many in a row;
 *                       afterStep (step.ts): a step crashed or was canceled, or the next could not be enqueued;
 *                       failStalledRuns (here): no step for too long
 *
 * Between steps a running run waits for afterStep to enqueue its next step, at once or later (the app's TikTok budget
 * is booked, or a transient failure's back-off). succeeded, skipped and failed are final: the next request makes a
 * new run.
 */
import { cooldownMessage, nextManualSyncAt } from "../../../lib/sync/cooldown";
import { checkHistoryMonth } from "../../../lib/sync/history";
import { localToday } from "../../../lib/tiktok/dates";
import type { SyncTrigger } from "../../../lib/sync/runs";
import { MAX_ID_LENGTH } from "../../../lib/tiktok/ids";
import { Workpool } from "@convex-dev/workpool";
import { ConvexError, v } from "convex/values";
import { components, internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "../../_generated/server";
import { memberMutation } from "../../lib/access";
import { boundString, invalidArgument } from "../../lib/bounds";
import { advertiserRow } from "../connectionRecords";
import { tiktokSettings } from "../settings";

function syncPool(parallelism: number) {
  return new Workpool(components.syncPool, { maxParallelism: parallelism });
}

/** A run not yet over: queued, or running (between its steps too). */
export function isLive(run: Doc<"syncRuns">): boolean {
  return run.status === "queued" || run.status === "running";
}

/** What every run that is over carries: its final status, phase "done" and when it ended. */
export function ended<S extends "succeeded" | "failed" | "skipped">(status: S, now: number) {
  return { status, phase: "done" as const, finishedAt: now };
}

/** A new run's counts: nothing planned, read, written or retried yet. */
export const NEW_RUN_COUNTS = {
  windowsDone: 0,
  windowsPlanned: 0,
  pagesDone: 0,
  rowsWritten: 0,
  callsMade: 0,
  attempts: 0,
} as const;

/**
 * When Sync now may next start a run for this account: its last manual run's queue time plus the cooldown
 * (undefined: it never had one, so any time). From stored times only, so the status query can answer it too.
 */
export async function manualSyncAllowedAt(
  ctx: Pick<QueryCtx, "db">,
  workspaceId: Id<"workspaces">,
  advertiserId: string,
): Promise<number | undefined> {
  const lastManual = await ctx.db
    .query("syncRuns")
    .withIndex("by_advertiser_trigger_queued", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).eq("trigger", "manual"),
    )
    .order("desc")
    .first();
  return nextManualSyncAt(lastManual?.queuedAt);
}

/**
 * Queues a sync of one advertiser, or returns the run already queued or running for it (coalescing: Sync now
 * pressed twice, or while the cron's run is going, makes one run). A manual request inside Sync now's cooldown that
 * has no live run to join is refused with when to try again, and nothing is written.
 */
export async function requestRun(
  ctx: MutationCtx,
  advertiser: Doc<"advertisers">,
  trigger: SyncTrigger,
  now: number,
): Promise<Id<"syncRuns">> {
  const latest = await ctx.db
    .query("syncRuns")
    .withIndex("by_advertiser_queued", (q) =>
      q.eq("workspaceId", advertiser.workspaceId).eq("advertiserId", advertiser.advertiserId),
    )
    .order("desc")
    .first();
  if (latest && isLive(latest)) return latest._id;
  if (trigger === "manual") {
    const allowedAt = await manualSyncAllowedAt(ctx, advertiser.workspaceId, advertiser.advertiserId);
    if (allowedAt !== undefined && now < allowedAt) {
      throw new ConvexError({
        code: "RATE_LIMITED",
        retryAfterMs: allowedAt - now,
        message: cooldownMessage(allowedAt, now),
      });
    }
  }
  const runId = await ctx.db.insert("syncRuns", {
    workspaceId: advertiser.workspaceId,
    advertiserId: advertiser.advertiserId,
    trigger,
    status: "queued",
    phase: "details",
    ...NEW_RUN_COUNTS,
    queuedAt: now,
  });
  await enqueueStep(ctx, runId, 0);
  return runId;
}

/** Hands the run's next step to the pool, to start after `afterMs`; afterStep hears how it went. */
export async function enqueueStep(ctx: MutationCtx, runId: Id<"syncRuns">, afterMs: number) {
  const { sync } = tiktokSettings();
  await syncPool(sync.parallelism).enqueueAction(
    ctx,
    internal.tiktok.sync.step.runStep,
    { runId },
    {
      onComplete: internal.tiktok.sync.step.afterStep,
      context: { runId },
      runAfter: afterMs,
    },
  );
}

/** The connect flow's first sync: every advertiser of the connection flagged with `syncRequestedAt`. */
export const syncConnection = internalMutation({
  args: { connectionId: v.id("connections") },
  returns: v.array(v.string()),
  handler: async (ctx, { connectionId }) => {
    const started: string[] = [];
    const now = Date.now();
    if (!tiktokSettings().sync.enabled) return started;
    for await (const row of ctx.db
      .query("advertisers")
      .withIndex("by_connection", (q) => q.eq("connectionId", connectionId))) {
      if (!row.accessible || row.syncRequestedAt === undefined) continue;
      await requestRun(ctx, row, "connect", now);
      started.push(row.advertiserId);
    }
    return started;
  },
});

/**
 * A run with no step for this long is dead (its step crashed without a word, or its queue entry was lost): waits for
 * the app's budget or after a TikTok failure are minutes at most, and a step is minutes at most.
 */
export const STALLED_AFTER_MS = 30 * 60_000;
const QUEUED_TOO_LONG_MS = 6 * 60 * 60_000;

/** The watchdog: fails runs that stopped moving, so Sync now and the cron start afresh, not join them forever. */
async function failStalledRuns(ctx: MutationCtx, now: number): Promise<void> {
  // A queued run may rightly wait its turn behind many others (the pool runs a few accounts at once): hours, not minutes.
  for (const [status, silence] of [
    ["running", STALLED_AFTER_MS],
    ["queued", QUEUED_TOO_LONG_MS],
  ] as const) {
    const stale = await ctx.db
      .query("syncRuns")
      .withIndex("by_status", (q) => q.eq("status", status).lt("queuedAt", now - silence))
      .take(100);
    for (const run of stale) {
      if ((run.lastStepAt ?? run.queuedAt) > now - silence) continue;
      await ctx.db.patch("syncRuns", run._id, {
        ...ended("failed", now),
        lastError: {
          kind: "unknown",
          message: "The sync stopped making progress and was ended; the next sync starts afresh",
          at: now,
        },
      });
    }
  }
}

/** Advertisers whose next sync is due, each handed a run; a follow-up sweep takes the rest of a large batch. */
const SWEEP_BATCH = 200;

/** The sync cron: first the watchdog, then a run for every advertiser whose next sync is due. */
export const sweep = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    await failStalledRuns(ctx, now);
    const { sync } = tiktokSettings();
    if (!sync.enabled) return 0;
    const due = await ctx.db
      .query("advertisers")
      .withIndex("by_next_sync", (q) => q.eq("accessible", true).lte("nextSyncAt", now))
      .take(SWEEP_BATCH);
    for (const advertiser of due) {
      // Handed out: not due again until a run finishes (which plans the next) or an interval passes.
      await ctx.db.patch("advertisers", advertiser._id, { nextSyncAt: now + sync.intervalMs });
      await requestRun(ctx, advertiser, "schedule", now);
    }
    if (due.length === SWEEP_BATCH) await ctx.scheduler.runAfter(60_000, internal.tiktok.sync.queue.sweep, {});
    return due.length;
  },
});

/**
 * The workspace's ad account, still reachable through its connection: NOT_FOUND when it is not the workspace's,
 * UNREACHABLE (saying what a reconnect lets you `redo`) when it is no longer accessible. Shared by Sync now and
 * more history, which refuse the same accounts the same way.
 */
async function reachableAdvertiser(
  ctx: MutationCtx,
  workspaceId: Id<"workspaces">,
  advertiserId: string,
  redo: "sync it again" | "fetch its history",
): Promise<Doc<"advertisers">> {
  const advertiser = await advertiserRow(ctx, workspaceId, advertiserId);
  if (!advertiser)
    throw new ConvexError({ code: "NOT_FOUND", message: "This ad account is not connected to your workspace" });
  if (!advertiser.accessible) {
    throw new ConvexError({
      code: "UNREACHABLE",
      message: `This ad account is no longer reachable; reconnect TikTok on the Connections page to ${redo}`,
    });
  }
  return advertiser;
}

/**
 * Sync now: any member may ask; it joins a run already queued or running for that account, and otherwise starts one
 * unless the account's last manual run was queued less than the cooldown ago (RATE_LIMITED, with when to retry).
 */
export const syncNow = memberMutation("read")({
  args: { advertiserId: v.string() },
  returns: v.id("syncRuns"),
  handler: async (ctx, { workspaceId, advertiserId }) => {
    boundString("advertiserId", advertiserId, MAX_ID_LENGTH);
    const advertiser = await reachableAdvertiser(ctx, workspaceId, advertiserId, "sync it again");
    return requestRun(ctx, advertiser, "manual", Date.now());
  },
});

/**
 * More history for one ad account, back to a chosen month (lib/sync/history.ts bounds it): marketers and admins ask,
 * the sync fetches it in the background within its share of the app's TikTok budget. Joins the run already going
 * (which continues the history as soon as it ends, if it planned its dates before the request); asking again for a
 * month already asked for, or a later one, keeps that request and restarts its fetch if it stopped. Returns the first
 * date that will be synced.
 */
export const requestHistory = memberMutation("write")({
  args: { advertiserId: v.string(), month: v.string() },
  returns: v.string(),
  handler: async (ctx, { workspaceId, advertiserId, month }) => {
    boundString("advertiserId", advertiserId, MAX_ID_LENGTH);
    boundString("month", month, 7);
    const advertiser = await reachableAdvertiser(ctx, workspaceId, advertiserId, "fetch its history");
    const now = Date.now();
    const checked = checkHistoryMonth({
      month,
      today: localToday(now, advertiser.displayTimezone ?? advertiser.timezone),
      syncedFrom: advertiser.syncedFrom,
    });
    if (!checked.ok) throw invalidArgument(checked.message);
    // An earlier month than the one pending starts the history over from it; the same or a later one keeps the
    // pending request (and its progress), and asking again restarts a fetch that stopped.
    const historyFrom =
      advertiser.historyFrom !== undefined && advertiser.historyFrom <= checked.from
        ? advertiser.historyFrom
        : checked.from;
    if (historyFrom !== advertiser.historyFrom)
      await ctx.db.patch("advertisers", advertiser._id, { historyFrom, historyThrough: undefined });
    await requestRun(ctx, advertiser, "history", now);
    return historyFrom;
  },
});
