/**
 * One step of a sync run, and what comes after it. A run (its states: queue.ts) is a chain of short steps through
 * the `syncPool` workpool:
 *   1. details: the advertiser's details and balance, then every campaign (deleted ones too), page by page; then
 *      the run plans its dates (backfill, or lookback + gap) and rewinds the running totals to its first date
 *      (planReports);
 *   2. reports: one window of at most 30 days per step, every page, then its dates oldest first, in as few mutations
 *      as MAX_ROWS_PER_WRITE allows (batches.ts). A run that completes asked-for history (lib/sync/history.ts) also
 *      has stored windows: days synced before, re-threaded from the database without a call.
 * Every step ends in one outcome, and afterStep (the workpool's onComplete) acts on it: continue (the next step now),
 * wait (the next step later: the app's TikTok budget is booked, or TikTok said "later"), or stop (nothing more to do).
 * A step that crashed fails its own run, nobody else's.
 *
 * Not here: asking for runs (queue.ts), what a failure means (failures.ts), how rows are written (batches.ts,
 * writes.ts, ../campaignRows.ts).
 */
import { vOnCompleteArgs } from "@convex-dev/workpool";
import { v, type Infer } from "convex/values";
import { describeFailure } from "../../../lib/connect/failures";
import { nextRunWindow, planRunDates, runWindows } from "../../../lib/sync/history";
import { datesOf } from "../../../lib/sync/plan";
import { localToday } from "../../../lib/tiktok/dates";
import { GovernorDeferral, TikTokPermissionError } from "../../../lib/tiktok/errors";
import { internal } from "../../_generated/api";
import { internalAction, internalMutation } from "../../_generated/server";
import { toCampaignRecord } from "../campaignRows";
import { advertiserAccess, advertiserRow, toAdvertiserInfo } from "../connectionRecords";
import { tokenKeyring, withTikTokSession } from "../session";
import { openToken } from "../tokenSeal";
import { advertiserInfoFields, sealedSecretValidator } from "../validators";
import { writeBatches } from "./batches";
import { failureEffect } from "./failures";
import { ended, enqueueStep, isLive } from "./queue";
import { rewindCursors, toDayRow, type DayRowInput } from "./writes";

/** A step waits at most this long inline for the app's TikTok budget before handing its slot back and waiting. */
const STEP_MAX_INLINE_WAIT_MS = 3_000;

/** How a step ended, and so what comes next: the one thing afterStep acts on. */
const stepOutcome = v.object({
  next: v.union(v.literal("continue"), v.literal("wait"), v.literal("stop")),
  afterMs: v.optional(v.number()),
  /** The wait is for the app's own TikTok budget (booked by others), not a failure. */
  deferred: v.optional(v.boolean()),
});
type StepOutcome = Infer<typeof stepOutcome>;

const stepInput = v.object({
  run: v.object({
    phase: v.union(v.literal("details"), v.literal("reports")),
    nextDate: v.optional(v.string()),
    endDate: v.optional(v.string()),
    storedFrom: v.optional(v.string()),
    storedTo: v.optional(v.string()),
    attempts: v.number(),
  }),
  workspaceId: v.id("workspaces"),
  advertiserId: v.string(),
  connectionId: v.id("connections"),
  timezone: v.optional(v.string()),
  syncedFrom: v.optional(v.string()),
  syncedThrough: v.optional(v.string()),
  historyFrom: v.optional(v.string()),
  historyThrough: v.optional(v.string()),
  binding: v.string(),
  accessToken: sealedSecretValidator,
});

/** Starts a step: the run, its advertiser and sealed token, or null when there is nothing (more) to do. */
export const beginStep = internalMutation({
  args: { runId: v.id("syncRuns"), now: v.number() },
  returns: v.union(v.null(), stepInput),
  handler: async (ctx, { runId, now }) => {
    const run = await ctx.db.get("syncRuns", runId);
    if (!run || !isLive(run) || run.phase === "done") return null;
    const { advertiser, connection, tokens } = await advertiserAccess(ctx, run.workspaceId, run.advertiserId);
    const skip = async (skipReason: string) => {
      await ctx.db.patch("syncRuns", runId, { ...ended("skipped", now), skipReason });
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
        storedFrom: run.storedFrom,
        storedTo: run.storedTo,
        attempts: run.attempts,
      },
      workspaceId: run.workspaceId,
      advertiserId: run.advertiserId,
      connectionId: connection._id,
      timezone: advertiser.displayTimezone ?? advertiser.timezone,
      syncedFrom: advertiser.syncedFrom,
      syncedThrough: advertiser.syncedThrough,
      historyFrom: advertiser.historyFrom,
      historyThrough: advertiser.historyThrough,
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
    historyFrom: v.optional(v.string()),
    storedFrom: v.optional(v.string()),
    storedTo: v.optional(v.string()),
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
      historyFrom: args.historyFrom,
      storedFrom: args.storedFrom,
      storedTo: args.storedTo,
      windowsPlanned: args.windowsPlanned,
      pagesDone: run.pagesDone + args.pages,
      callsMade: run.callsMade + args.calls,
      attempts: 0,
    });
    return true;
  },
});

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
    const step = await clock.writing(() =>
      ctx.runMutation(internal.tiktok.sync.step.beginStep, { runId, now: Date.now() }),
    );
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
                ctx.runMutation(internal.tiktok.campaignRows.upsertCampaigns, {
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
            const range = planRunDates({ today, settings: settings.sync, ...step });
            await clock.writing(() =>
              ctx.runMutation(internal.tiktok.sync.step.planReports, {
                runId,
                details: { ...toAdvertiserInfo(info), balance: info.balance },
                ...range,
                windowsPlanned: runWindows(range).length,
                pages: pages + 1,
                calls: callCount(),
                now: Date.now(),
              }),
            );
            clock.log({ advertiserId, phase: "details", calls: callCount(), pages: pages + 1, writes: pages + 2 });
            return { next: "continue" };
          }

          const window = nextRunWindow({
            nextDate: step.run.nextDate!,
            startDate: step.run.nextDate!,
            endDate: step.run.endDate!,
            storedFrom: step.run.storedFrom,
            storedTo: step.run.storedTo,
          });
          const next = window.endDate === step.run.endDate ? "stop" : "continue";
          if (window.stored) {
            // Days synced before: their rows are here, only their running totals move (lib/sync/history.ts).
            let writes = 0;
            for (let through: string | null = null; through !== window.endDate; writes++) {
              through = await clock.writing(() =>
                ctx.runMutation(internal.tiktok.sync.batches.rethreadRunDates, {
                  runId,
                  through: window.endDate,
                  now: Date.now(),
                }),
              );
              if (through === null) return { next: "stop" };
            }
            clock.log({ advertiserId, phase: "reports", ...window, calls: 0, pages: 0, writes: writes + 1 });
            return { next };
          }
          const byDate = new Map<string, DayRowInput[]>();
          let pages = 0;
          for await (const page of tiktok.reports.campaignDailyPages({
            accessToken,
            advertiserId,
            startDate: window.startDate,
            endDate: window.endDate,
            includeDeleted: true,
          })) {
            for (const row of page.rows) {
              const rows = byDate.get(row.date) ?? [];
              rows.push(toDayRow(row));
              byDate.set(row.date, rows);
            }
            pages++;
          }
          const batches = writeBatches(datesOf(window).map((date) => ({ date, rows: byDate.get(date) ?? [] })));
          const calls = callCount();
          for (const [i, days] of batches.entries()) {
            await clock.writing(() =>
              ctx.runMutation(internal.tiktok.sync.batches.writeRunDates, {
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
          clock.log({ advertiserId, phase: "reports", ...window, calls, pages, writes: batches.length + 1 });
          return { next };
        } catch (error) {
          // TikTok reuses 40001 for a permission one endpoint lacks (docs/tiktok-api.md §2): the account counts as
          // lost only when advertiser/info, the plainest read there is, refuses it too.
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
        const retryAfterMs: number | null = await ctx.runMutation(internal.tiktok.sync.failures.failStep, {
          runId,
          error: failure,
          effect: failureEffect(error),
          connectionId: step.connectionId,
          now: Date.now(),
        });
        if (retryAfterMs === null) return { result: { next: "stop" as const }, logAs: "failed" };
        return { result: { next: "wait" as const, afterMs: retryAfterMs }, logAs: "will retry" };
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
      if (run && isLive(run)) {
        const message =
          result.kind === "failed"
            ? "The sync step stopped unexpectedly; the deployment's logs have the details"
            : "The sync was canceled";
        const now = Date.now();
        await ctx.db.patch("syncRuns", runId, {
          ...ended("failed", now),
          lastError: { kind: "unknown", message, at: now },
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
      await ctx.db.patch("syncRuns", runId, { ...ended("failed", now), lastError: describeFailure(error, now) });
    }
    return null;
  },
});
