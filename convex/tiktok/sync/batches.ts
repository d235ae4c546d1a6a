/**
 * A report window's dates, written for the run in batches: cut into as few write mutations as MAX_ROWS_PER_WRITE
 * allows (one for a few dozen campaigns: fewer round trips and cursor reads than one each), each batch moving the
 * run's cursor (`nextDate`) and counts with its dates, and the last finishing the run and planning the account's next
 * sync. A batch that is not the run's next (written before, or out of turn) changes nothing.
 *
 * Not here: how a date's rows, running totals and rollups are written (writes.ts), and fetching them (step.ts).
 */
import { v } from "convex/values";
import { provisionalFrom } from "../../../lib/sync/plan";
import { addDays } from "../../../lib/tiktok/dates";
import type { Doc } from "../../_generated/dataModel";
import { internalMutation, type MutationCtx } from "../../_generated/server";
import { advertiserRow } from "../connectionRecords";
import { ended, requestRun } from "./queue";
import { dayRowOfStored, dayRowValidator, writeDates, type DayRowInput } from "./writes";

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

/**
 * The account after a run's last date: synced through it, and from the history the run completed (or its first
 * date). History asked for while the run was going is continued by a run of its own, at once.
 */
async function finishRun(
  ctx: MutationCtx,
  run: Doc<"syncRuns">,
  advertiser: Doc<"advertisers">,
  args: { now: number; intervalMs: number; lookbackDays: number },
): Promise<void> {
  const reached = run.historyFrom ?? run.startDate!;
  const syncedFrom = advertiser.syncedFrom && advertiser.syncedFrom < reached ? advertiser.syncedFrom : reached;
  const historyDone = advertiser.historyFrom === undefined || advertiser.historyFrom >= syncedFrom;
  await ctx.db.patch("advertisers", advertiser._id, {
    lastSyncedAt: args.now,
    lastSyncToday: run.endDate,
    provisionalFrom: provisionalFrom(run.endDate, args.lookbackDays),
    syncedThrough: run.endDate,
    syncedFrom,
    nextSyncAt: args.now + args.intervalMs,
    syncRequestedAt: undefined,
    ...(historyDone ? { historyFrom: undefined, historyThrough: undefined } : {}),
  });
  if (!historyDone) await requestRun(ctx, { ...advertiser, syncedFrom }, "history", args.now);
}

/**
 * Re-threads stored dates of a run (lib/sync/history.ts): days synced before, now that older days exist before them,
 * get running totals that count those too. The rows' own values and the rollups do not change, so nothing is fetched
 * and no restatement is noted. Takes whole dates from the run's next date until MAX_ROWS_PER_WRITE rows or `through`;
 * returns the last date done (null: the run is not at a stored date, nothing written).
 */
export const rethreadRunDates = internalMutation({
  args: { runId: v.id("syncRuns"), through: v.string(), now: v.number() },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { runId, through, now }) => {
    const run = await ctx.db.get("syncRuns", runId);
    if (!run || run.status !== "running" || run.phase !== "reports" || run.nextDate === undefined) return null;
    const from = run.nextDate;
    if (run.storedFrom === undefined || from < run.storedFrom || through > run.storedTo! || from > through) return null;
    const days: { date: string; rows: DayRowInput[] }[] = [];
    let rows = 0;
    for (let date = from; date <= through && rows < MAX_ROWS_PER_WRITE / 2; date = addDays(date, 1)) {
      const stored = await ctx.db
        .query("campaignDays")
        .withIndex("by_advertiser_date", (q) =>
          q.eq("workspaceId", run.workspaceId).eq("advertiserId", run.advertiserId).eq("date", date),
        )
        .collect();
      days.push({ date, rows: stored.map(dayRowOfStored) });
      rows += stored.length;
    }
    const lastDate = days.at(-1)!.date;
    const changed = await writeDates(ctx, {
      workspaceId: run.workspaceId,
      advertiserId: run.advertiserId,
      days,
      now,
    });
    await ctx.db.patch("syncRuns", runId, {
      nextDate: addDays(lastDate, 1),
      rowsWritten: run.rowsWritten + changed,
      windowsDone: run.windowsDone + (lastDate === through ? 1 : 0),
      attempts: 0,
    });
    return lastDate;
  },
});

/**
 * Writes consecutive dates of a run, if the first is the run's next (a batch written before, or out of turn, changes
 * nothing); on the run's last date, finishes the run.
 */
export const writeRunDates = internalMutation({
  args: {
    runId: v.id("syncRuns"),
    days: v.array(v.object({ date: v.string(), rows: v.array(dayRowValidator) })),
    /** Pages and calls of the window, counted once (with its first dates). */
    pages: v.number(),
    calls: v.number(),
    endOfWindow: v.boolean(),
    intervalMs: v.number(),
    lookbackDays: v.number(),
    now: v.number(),
  },
  returns: v.number(),
  handler: async (ctx, { days, ...args }) => {
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
    if (
      advertiser &&
      run.historyFrom !== undefined &&
      run.historyFrom === advertiser.historyFrom &&
      advertiser.syncedFrom &&
      lastDate < advertiser.syncedFrom
    ) {
      // History stored so far: a run that stops here is resumed from the next date, not from the month asked for
      // (unless an earlier month was asked for meanwhile: then the history starts over from that month).
      await ctx.db.patch("advertisers", advertiser._id, { historyThrough: lastDate });
    }
    await ctx.db.patch("syncRuns", args.runId, {
      nextDate: addDays(lastDate, 1),
      rowsWritten: run.rowsWritten + changed,
      pagesDone: run.pagesDone + args.pages,
      callsMade: run.callsMade + args.calls,
      windowsDone: run.windowsDone + (args.endOfWindow ? 1 : 0),
      attempts: 0,
      ...(last ? ended("succeeded", args.now) : {}),
    });
    if (last && advertiser) await finishRun(ctx, run, advertiser, args);
    return changed;
  },
});
