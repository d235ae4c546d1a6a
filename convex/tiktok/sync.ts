/**
 * Syncing campaigns and daily campaign metrics from TikTok into Convex, one advertiser at a time.
 *
 * A sync run (`syncRuns`) is a chain of short steps through the `syncPool` workpool, so a bounded number of
 * advertisers sync at once and no step comes near the action time limit:
 *   1. details: the advertiser's details and balance, then every campaign (deleted ones too), page by page; then
 *      the run plans its dates (backfill, or lookback + gap) and rewinds the running totals to its first date;
 *   2. reports: one window of at most 30 days per step, every page, then its dates oldest first, in as few mutations
 *      as MAX_ROWS_PER_WRITE allows (one for a few dozen campaigns: fewer round trips and cursor reads than one each).
 * Each step's outcome decides the next (workpool onComplete): continue, wait (the app's TikTok budget is booked, or
 * TikTok said "later"), or stop. Runs are started by the connect flow, the sync cron and Sync now; a run already
 * queued or running for an advertiser is reused, never doubled.
 *
 * Failures follow the connection rules (lib/connect/failures.ts): a revoked token marks the connection
 * needs_reauth; an account TikTok refuses (40001) is marked unreachable; transient failures retry with back-off.
 * One advertiser's failure never touches another's run.
 */
import { Workpool, vOnCompleteArgs } from "@convex-dev/workpool";
import { ConvexError, v, type Infer, type ObjectType } from "convex/values";
import { describeFailure, needsReauth } from "../../lib/connect/failures";
import { datesOf, provisionalFrom, syncRange, syncWindows } from "../../lib/sync/plan";
import { addDays, localToday } from "../../lib/tiktok/dates";
import { GovernorDeferral, TikTokAuthError, TikTokError, TikTokPermissionError } from "../../lib/tiktok/errors";
import { backoffDelay } from "../../lib/tiktok/retry";
import { components, internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { internalAction, internalMutation, type MutationCtx } from "../_generated/server";
import { memberMutation, memberQuery } from "../lib/access";
import { boundString } from "../lib/bounds";
import { advertiserAccess, advertiserRow, toAdvertiserInfo } from "./connectionRecords";
import { tokenKeyring, withTikTokSession } from "./session";
import { tiktokSettings } from "./settings";
import { dayRowValidator, rewindCursors, toCampaignRecord, toDayRow, writeDates } from "./syncRecords";
import { openToken } from "./tokenSeal";
import {
  advertiserInfoFields,
  connectionErrorValidator,
  sealedSecretValidator,
  syncRunProgressFields,
  syncTriggerValidator,
} from "./validators";

/** Transient failures in a row before a run gives up (the next scheduled run starts afresh). */
const MAX_ATTEMPTS = 5;
/** A step waits at most this long inline for the app's TikTok budget before handing its slot back and waiting. */
const STEP_MAX_INLINE_WAIT_MS = 3_000;
/** An advertiser id is a 19-digit number today; anything much longer is not TikTok's. */
const MAX_ADVERTISER_ID_LENGTH = 32;

function syncPool(parallelism: number) {
  return new Workpool(components.syncPool, { maxParallelism: parallelism });
}

type Trigger = Infer<typeof syncTriggerValidator>;

/**
 * Queues a sync of one advertiser, or returns the run already queued or running for it (coalescing: Sync now
 * pressed twice, or while the cron's run is going, makes one run).
 */
async function requestRun(
  ctx: MutationCtx,
  advertiser: Doc<"advertisers">,
  trigger: Trigger,
  now: number,
): Promise<Id<"syncRuns">> {
  const latest = await ctx.db
    .query("syncRuns")
    .withIndex("by_advertiser_queued", (q) =>
      q.eq("workspaceId", advertiser.workspaceId).eq("advertiserId", advertiser.advertiserId),
    )
    .order("desc")
    .first();
  if (latest && (latest.status === "queued" || latest.status === "running")) return latest._id;
  const runId = await ctx.db.insert("syncRuns", {
    workspaceId: advertiser.workspaceId,
    advertiserId: advertiser.advertiserId,
    trigger,
    status: "queued",
    phase: "details",
    windowsDone: 0,
    windowsPlanned: 0,
    pagesDone: 0,
    rowsWritten: 0,
    callsMade: 0,
    attempts: 0,
    queuedAt: now,
  });
  await enqueueStep(ctx, runId, 0);
  return runId;
}

async function enqueueStep(ctx: MutationCtx, runId: Id<"syncRuns">, afterMs: number) {
  const { sync } = tiktokSettings();
  await syncPool(sync.parallelism).enqueueAction(
    ctx,
    internal.tiktok.sync.runStep,
    { runId },
    {
      onComplete: internal.tiktok.sync.afterStep,
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

/** Fails runs that stopped moving, so Sync now and the cron start afresh instead of joining them forever. */
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
        status: "failed",
        phase: "done",
        finishedAt: now,
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
    if (due.length === SWEEP_BATCH) await ctx.scheduler.runAfter(60_000, internal.tiktok.sync.sweep, {});
    return due.length;
  },
});

/** Sync now: any member may ask; it joins a run already queued or running for that account. */
export const syncNow = memberMutation("read")({
  args: { advertiserId: v.string() },
  returns: v.id("syncRuns"),
  handler: async (ctx, { workspaceId, advertiserId }) => {
    boundString("advertiserId", advertiserId, MAX_ADVERTISER_ID_LENGTH);
    const advertiser = await advertiserRow(ctx, workspaceId, advertiserId);
    if (!advertiser)
      throw new ConvexError({ code: "NOT_FOUND", message: "This ad account is not connected to your workspace" });
    if (!advertiser.accessible) {
      throw new ConvexError({
        code: "UNREACHABLE",
        message: "This ad account is no longer reachable; reconnect TikTok on the Connections page to sync it again",
      });
    }
    return requestRun(ctx, advertiser, "manual", Date.now());
  },
});

const stepInput = v.object({
  run: v.object({
    phase: v.union(v.literal("details"), v.literal("reports")),
    nextDate: v.optional(v.string()),
    endDate: v.optional(v.string()),
    attempts: v.number(),
  }),
  workspaceId: v.id("workspaces"),
  advertiserId: v.string(),
  connectionId: v.id("connections"),
  timezone: v.optional(v.string()),
  syncedThrough: v.optional(v.string()),
  binding: v.string(),
  accessToken: sealedSecretValidator,
});

/** Starts a step: the run, its advertiser and sealed token, or null when there is nothing (more) to do. */
export const beginStep = internalMutation({
  args: { runId: v.id("syncRuns"), now: v.number() },
  returns: v.union(v.null(), stepInput),
  handler: async (ctx, { runId, now }) => {
    const run = await ctx.db.get("syncRuns", runId);
    if (!run || (run.status !== "queued" && run.status !== "running") || run.phase === "done") return null;
    const { advertiser, connection, tokens } = await advertiserAccess(ctx, run.workspaceId, run.advertiserId);
    const skip = async (skipReason: string) => {
      await ctx.db.patch("syncRuns", runId, { status: "skipped", phase: "done", skipReason, finishedAt: now });
      return null;
    };
    if (!advertiser || !advertiser.accessible)
      return skip("The ad account is no longer reachable with this connection.");
    if (!connection || connection.status === "revoked" || !tokens) return skip("The connection was disconnected.");
    if (connection.status === "needs_reauth")
      return skip("The connection needs re-authorization: reconnect TikTok to resume syncing.");
    await ctx.db.patch(
      "syncRuns",
      runId,
      run.status === "queued" ? { status: "running", startedAt: now, lastStepAt: now } : { lastStepAt: now },
    );
    return {
      run: {
        phase: run.phase === "details" ? ("details" as const) : ("reports" as const),
        nextDate: run.nextDate,
        endDate: run.endDate,
        attempts: run.attempts,
      },
      workspaceId: run.workspaceId,
      advertiserId: run.advertiserId,
      connectionId: connection._id,
      timezone: advertiser.displayTimezone ?? advertiser.timezone,
      syncedThrough: advertiser.syncedThrough,
      binding: connection.binding,
      accessToken: tokens.accessToken,
    };
  },
});

/** Stores the details and campaigns step's results and plans the report dates (rewinding the running totals). */
export const planReports = internalMutation({
  args: {
    runId: v.id("syncRuns"),
    details: v.object({ ...advertiserInfoFields, balance: v.optional(v.number()) }),
    startDate: v.string(),
    endDate: v.string(),
    windowsPlanned: v.number(),
    pages: v.number(),
    calls: v.number(),
    now: v.number(),
  },
  returns: v.boolean(),
  handler: async (ctx, args) => {
    const run = await ctx.db.get("syncRuns", args.runId);
    if (!run || run.status !== "running" || run.phase !== "details") return false;
    const advertiser = await advertiserRow(ctx, run.workspaceId, run.advertiserId);
    if (advertiser) {
      const { advertiserId: _same, ...details } = args.details;
      await ctx.db.patch("advertisers", advertiser._id, { ...details, updatedAt: args.now });
    }
    await rewindCursors(ctx, run.workspaceId, run.advertiserId, args.startDate);
    await ctx.db.patch("syncRuns", args.runId, {
      phase: "reports",
      startDate: args.startDate,
      endDate: args.endDate,
      nextDate: args.startDate,
      windowsPlanned: args.windowsPlanned,
      pagesDone: run.pagesDone + args.pages,
      callsMade: run.callsMade + args.calls,
      attempts: 0,
    });
    return true;
  },
});

/**
 * Rows one write mutation takes: a window's dates go in as few mutations as this allows (one, for a few dozen
 * campaigns), each date whole. Each row is a read and a write, plus a cursor per campaign, well inside a transaction's
 * 16,000 writes and 32,000 reads, and a date of 1,000 campaigns still fits.
 */
export const MAX_ROWS_PER_WRITE = 2_000;

/** Splits a window's dates into consecutive batches of at most MAX_ROWS_PER_WRITE rows (a larger date goes alone). */
export function writeBatches<T>(days: { date: string; rows: T[] }[]): { date: string; rows: T[] }[][] {
  const batches: { date: string; rows: T[] }[][] = [];
  let batch: { date: string; rows: T[] }[] = [];
  let rows = 0;
  for (const day of days) {
    if (batch.length > 0 && rows + day.rows.length > MAX_ROWS_PER_WRITE) {
      batches.push(batch);
      batch = [];
      rows = 0;
    }
    batch.push(day);
    rows += day.rows.length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

const writeArgs = {
  runId: v.id("syncRuns"),
  /** Pages and calls of the window, counted once (with its first dates). */
  pages: v.number(),
  calls: v.number(),
  endOfWindow: v.boolean(),
  intervalMs: v.number(),
  lookbackDays: v.number(),
  now: v.number(),
};

/**
 * Writes consecutive dates of a run, if the first is the run's next (a batch written before, or out of turn, changes
 * nothing); on the run's last date, finishes the run.
 */
export const writeRunDates = internalMutation({
  args: { ...writeArgs, days: v.array(v.object({ date: v.string(), rows: v.array(dayRowValidator) })) },
  returns: v.number(),
  handler: (ctx, { days, ...args }) => writeRun(ctx, days, args),
});

/** Writes one date of a run: `writeRunDates` with a single date. */
export const writeRunDate = internalMutation({
  args: { ...writeArgs, date: v.string(), rows: v.array(dayRowValidator) },
  returns: v.number(),
  handler: (ctx, { date, rows, ...args }) => writeRun(ctx, [{ date, rows }], args),
});

async function writeRun(
  ctx: MutationCtx,
  days: { date: string; rows: Infer<typeof dayRowValidator>[] }[],
  args: ObjectType<typeof writeArgs>,
): Promise<number> {
  const run = await ctx.db.get("syncRuns", args.runId);
  const first = days[0]?.date;
  if (!run || run.status !== "running" || run.phase !== "reports" || first === undefined || run.nextDate !== first)
    return 0;
  const lastDate = days.at(-1)!.date;
  if (lastDate > run.endDate!) throw new Error(`${lastDate} is past the run's last date, ${run.endDate}`);
  const advertiser = await advertiserRow(ctx, run.workspaceId, run.advertiserId);
  const changed = await writeDates(ctx, {
    workspaceId: run.workspaceId,
    advertiserId: run.advertiserId,
    days,
    now: args.now,
    // The day that was "today" at the last sync was still filling then: only days before it are restatements.
    notesBefore: advertiser?.lastSyncToday,
  });
  const last = lastDate === run.endDate;
  await ctx.db.patch("syncRuns", args.runId, {
    nextDate: addDays(lastDate, 1),
    rowsWritten: run.rowsWritten + changed,
    pagesDone: run.pagesDone + args.pages,
    callsMade: run.callsMade + args.calls,
    windowsDone: run.windowsDone + (args.endOfWindow ? 1 : 0),
    attempts: 0,
    ...(last ? { status: "succeeded" as const, phase: "done" as const, finishedAt: args.now } : {}),
  });
  if (last && advertiser) {
    await ctx.db.patch("advertisers", advertiser._id, {
      lastSyncedAt: args.now,
      lastSyncToday: run.endDate,
      provisionalFrom: provisionalFrom(run.endDate, args.lookbackDays),
      syncedThrough: run.endDate,
      syncedFrom:
        advertiser.syncedFrom && advertiser.syncedFrom < run.startDate! ? advertiser.syncedFrom : run.startDate,
      nextSyncAt: args.now + args.intervalMs,
      syncRequestedAt: undefined,
    });
  }
  return changed;
}

const stepOutcome = v.object({
  next: v.union(v.literal("continue"), v.literal("wait"), v.literal("stop")),
  afterMs: v.optional(v.number()),
  /** The wait is for the app's own TikTok budget (booked by others), not a failure. */
  deferred: v.optional(v.boolean()),
});
type StepOutcome = Infer<typeof stepOutcome>;

/** Records a failed step: retry later (transient), or fail the run; marks the connection or account when TikTok says so. */
export const failStep = internalMutation({
  args: {
    runId: v.id("syncRuns"),
    error: connectionErrorValidator,
    effect: v.union(
      v.literal("retry"),
      v.literal("reauth"),
      v.literal("refresh"),
      v.literal("unreachable"),
      v.literal("fail"),
    ),
    connectionId: v.id("connections"),
    now: v.number(),
  },
  returns: stepOutcome,
  handler: async (ctx, { runId, error, effect, connectionId, now }): Promise<StepOutcome> => {
    const run = await ctx.db.get("syncRuns", runId);
    if (!run || run.status !== "running") return { next: "stop" };
    const attempts = run.attempts + 1;
    if (effect === "retry" && attempts < MAX_ATTEMPTS) {
      await ctx.db.patch("syncRuns", runId, { attempts, lastError: error });
      return {
        next: "wait",
        afterMs: Math.max(
          5_000,
          backoffDelay(attempts, {
            baseDelayMs: 15_000,
            maxDelayMs: 5 * 60_000,
            minDelayMs: 5_000,
            random: Math.random,
          }),
        ),
      };
    }
    const connection = await ctx.db.get("connections", connectionId);
    if (effect === "reauth" && connection?.status === "active") {
      await ctx.db.patch("connections", connectionId, { status: "needs_reauth", lastError: error, failures: 0 });
    }
    if (effect === "refresh" && connection?.status === "active" && attempts < MAX_ATTEMPTS) {
      // TikTok says the token expired and the connection can refresh it: the token sweep does that now, and the run
      // comes back once it has.
      await ctx.db.patch("connections", connectionId, { nextCheckAt: now });
      await ctx.scheduler.runAfter(0, internal.tiktok.tokens.sweep, {});
      await ctx.db.patch("syncRuns", runId, { attempts, lastError: error });
      return { next: "wait", afterMs: 60_000 };
    }
    if (effect === "unreachable") {
      const advertiser = await advertiserRow(ctx, run.workspaceId, run.advertiserId);
      if (advertiser?.accessible) await ctx.db.patch("advertisers", advertiser._id, { accessible: false, lostAt: now });
    }
    await ctx.db.patch("syncRuns", runId, {
      status: "failed",
      phase: "done",
      attempts,
      lastError: error,
      finishedAt: now,
    });
    return { next: "stop" };
  },
});

/** What a failure means for the run (lib/connect/failures.ts decides "only the advertiser can fix this"). */
function failureEffect(error: unknown): "retry" | "reauth" | "refresh" | "unreachable" | "fail" {
  if (error instanceof TikTokAuthError && error.problem === "token_expired") return "refresh";
  if (needsReauth(error)) return "reauth";
  // Only a loss advertiser/info confirmed (runStep) marks the account; another 40001 fails this run alone.
  if (error instanceof TikTokPermissionError)
    return (error as { accountLost?: boolean }).accountLost ? "unreachable" : "fail";
  if (error instanceof TikTokError && error.retryable) return "retry";
  return "fail";
}

/**
 * Where a step's time goes: in our own mutations (writing), or elsewhere (TikTok's answers and the wait for the app's
 * TikTok budget). One log line per step that completes, so the deployment's logs tell a slow TikTok from slow writes.
 */
function stepClock() {
  const started = Date.now();
  let writeMs = 0;
  return {
    async writing<T>(write: () => Promise<T>): Promise<T> {
      const from = Date.now();
      try {
        return await write();
      } finally {
        writeMs += Date.now() - from;
      }
    },
    log(step: { advertiserId: string; phase: "details" | "reports"; calls: number; pages: number; writes: number }) {
      const totalMs = Date.now() - started;
      console.log("sync step", { ...step, tiktokMs: totalMs - writeMs, writeMs });
    },
  };
}

/** One step of a run: the details and campaigns, or one report window. */
export const runStep = internalAction({
  args: { runId: v.id("syncRuns") },
  returns: stepOutcome,
  handler: async (ctx, { runId }): Promise<StepOutcome> => {
    const clock = stepClock();
    const step = await clock.writing(() => ctx.runMutation(internal.tiktok.sync.beginStep, { runId, now: Date.now() }));
    if (!step) return { next: "stop" };
    const { workspaceId, advertiserId } = step;
    return withTikTokSession(
      ctx,
      {
        activity: `TikTok sync of advertiser ${advertiserId}`,
        workspaceId,
        background: true,
        maxInlineWaitMs: STEP_MAX_INLINE_WAIT_MS,
      },
      async ({ tiktok, settings, callCount }): Promise<StepOutcome> => {
        const { token: accessToken } = await openToken(await tokenKeyring(), step.accessToken, step.binding, "access");
        try {
          if (step.run.phase === "details") {
            const [info] = await tiktok.advertisers.info({ accessToken, advertiserIds: [advertiserId] });
            if (!info) throw new TikTokPermissionError("TikTok returned no details for this advertiser");
            let pages = 0;
            for await (const page of tiktok.campaigns.listPages({ accessToken, advertiserId, includeDeleted: true })) {
              await clock.writing(() =>
                ctx.runMutation(internal.tiktok.syncRecords.upsertCampaigns, {
                  workspaceId,
                  advertiserId,
                  campaigns: page.items.map(toCampaignRecord),
                  now: Date.now(),
                }),
              );
              pages++;
            }
            // The IANA name first: TikTok's report days follow the account's zone, daylight saving included.
            const today = localToday(Date.now(), info.displayTimezone ?? info.timezone ?? step.timezone);
            const range = syncRange({ today, syncedThrough: step.syncedThrough, settings: settings.sync });
            await clock.writing(() =>
              ctx.runMutation(internal.tiktok.sync.planReports, {
                runId,
                details: { ...toAdvertiserInfo(info), balance: info.balance },
                startDate: range.startDate,
                endDate: range.endDate,
                windowsPlanned: syncWindows(range).length,
                pages: pages + 1,
                calls: callCount(),
                now: Date.now(),
              }),
            );
            clock.log({ advertiserId, phase: "details", calls: callCount(), pages: pages + 1, writes: pages + 2 });
            return { next: "continue" };
          }

          const [window] = syncWindows({ startDate: step.run.nextDate!, endDate: step.run.endDate! });
          const byDate = new Map<string, Infer<typeof dayRowValidator>[]>();
          let pages = 0;
          for await (const page of tiktok.reports.campaignDailyPages({
            accessToken,
            advertiserId,
            ...window!,
            includeDeleted: true,
          })) {
            for (const row of page.rows) {
              const rows = byDate.get(row.date) ?? [];
              rows.push(toDayRow(row));
              byDate.set(row.date, rows);
            }
            pages++;
          }
          const batches = writeBatches(datesOf(window!).map((date) => ({ date, rows: byDate.get(date) ?? [] })));
          const calls = callCount();
          for (const [i, days] of batches.entries()) {
            await clock.writing(() =>
              ctx.runMutation(internal.tiktok.sync.writeRunDates, {
                runId,
                days,
                pages: i === 0 ? pages : 0,
                calls: i === 0 ? calls : 0,
                endOfWindow: i === batches.length - 1,
                intervalMs: settings.sync.intervalMs,
                lookbackDays: settings.sync.lookbackDays,
                now: Date.now(),
              }),
            );
          }
          clock.log({ advertiserId, phase: "reports", ...window!, calls, pages, writes: batches.length + 1 });
          return { next: window!.endDate === step.run.endDate ? "stop" : "continue" };
        } catch (error) {
          // TikTok reuses 40001 for a permission one endpoint lacks (tiktok-api.md §2): the account counts as lost only
          // when advertiser/info, the plainest read there is, refuses it too.
          if (error instanceof TikTokPermissionError) {
            try {
              await tiktok.advertisers.info({ accessToken, advertiserIds: [advertiserId] });
            } catch (check) {
              if (check instanceof TikTokPermissionError) throw Object.assign(error, { accountLost: true });
            }
          }
          throw error;
        }
      },
      async (error, failure) => {
        if (error instanceof GovernorDeferral)
          return { result: { next: "wait" as const, afterMs: error.retryAfterMs, deferred: true } };
        const effect = failureEffect(error);
        const outcome: StepOutcome = await ctx.runMutation(internal.tiktok.sync.failStep, {
          runId,
          error: failure,
          effect,
          connectionId: step.connectionId,
          now: Date.now(),
        });
        return { result: outcome, logAs: outcome.next === "stop" ? "failed" : "will retry" };
      },
    );
  },
});

/** After each step: the next step now, later, or none. A step that crashed fails its run, nobody else's. */
export const afterStep = internalMutation({
  args: vOnCompleteArgs(v.object({ runId: v.id("syncRuns") })),
  returns: v.null(),
  handler: async (ctx, { context: { runId }, result }) => {
    const outcome = result.kind === "success" ? (result.returnValue as StepOutcome) : undefined;
    if (!outcome) {
      const run = await ctx.db.get("syncRuns", runId);
      if (run && (run.status === "running" || run.status === "queued")) {
        const message =
          result.kind === "failed"
            ? "The sync step stopped unexpectedly; the deployment's logs have the details"
            : "The sync was canceled";
        await ctx.db.patch("syncRuns", runId, {
          status: "failed",
          phase: "done",
          finishedAt: Date.now(),
          lastError: { kind: "unknown", message, at: Date.now() },
        });
      }
      return null;
    }
    if (outcome.next === "stop") return null;
    if (outcome.next === "wait") {
      // The next step is due later: the watchdog measures silence from then, not from now.
      const run = await ctx.db.get("syncRuns", runId);
      if (run) {
        await ctx.db.patch("syncRuns", runId, {
          lastStepAt: Date.now() + (outcome.afterMs ?? 0),
          ...(outcome.deferred ? { deferrals: (run.deferrals ?? 0) + 1 } : {}),
        });
      }
    }
    try {
      await enqueueStep(ctx, runId, outcome.next === "wait" ? (outcome.afterMs ?? 1_000) : 0);
    } catch (error) {
      // The settings broke while the run was going (enqueueing reads them): fail the run with the reason rather than
      // leave it "running", where it would keep every later sync of this account waiting on it.
      const now = Date.now();
      await ctx.db.patch("syncRuns", runId, {
        status: "failed",
        phase: "done",
        finishedAt: now,
        lastError: describeFailure(error, now),
      });
    }
    return null;
  },
});

/** How long a restatement note is kept: the reports page shows them for recent days, where they matter. */
export const RESTATEMENT_RETENTION_MS = 30 * 24 * 60 * 60_000;
const PRUNE_BATCH = 2_000;

/** Deletes restatement notes older than `before`, a batch at a time, rescheduling itself until none are left. */
export const pruneRestatements = internalMutation({
  args: { before: v.optional(v.number()) },
  returns: v.number(),
  handler: async (ctx, args) => {
    const before = args.before ?? Date.now() - RESTATEMENT_RETENTION_MS;
    const old = await ctx.db
      .query("restatements")
      .withIndex("by_at", (q) => q.lt("at", before))
      .take(PRUNE_BATCH);
    for (const row of old) await ctx.db.delete("restatements", row._id);
    if (old.length === PRUNE_BATCH) await ctx.scheduler.runAfter(0, internal.tiktok.sync.pruneRestatements, { before });
    return old.length;
  },
});

const runView = v.object({ runId: v.id("syncRuns"), ...syncRunProgressFields, deferrals: v.number() });

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
  };
}

/** Each ad account's sync, live: when it last finished, and its latest run with its progress or outcome. */
export const status = memberQuery("read")({
  args: {},
  returns: v.array(
    v.object({
      advertiserId: v.string(),
      lastSyncedAt: v.optional(v.number()),
      syncedThrough: v.optional(v.string()),
      latest: v.optional(runView),
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
        syncedThrough: a.syncedThrough,
        latest: latest ? viewOf(latest) : undefined,
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
    const take = limit !== undefined && Number.isFinite(limit) ? Math.max(1, Math.min(200, Math.floor(limit))) : 50;
    const runs = await ctx.db
      .query("syncRuns")
      .withIndex("by_workspace_queued", (q) => q.eq("workspaceId", workspaceId))
      .order("desc")
      .take(take);
    return runs.map((run) => ({ advertiserId: run.advertiserId, run: viewOf(run) }));
  },
});
