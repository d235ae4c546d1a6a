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
import { internalMutation } from "../../_generated/server";
import { advertiserRow } from "../connectionRecords";
import { ended } from "./queue";
import { dayRowValidator, writeDates } from "./writes";

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
    await ctx.db.patch("syncRuns", args.runId, {
      nextDate: addDays(lastDate, 1),
      rowsWritten: run.rowsWritten + changed,
      pagesDone: run.pagesDone + args.pages,
      callsMade: run.callsMade + args.calls,
      windowsDone: run.windowsDone + (args.endOfWindow ? 1 : 0),
      attempts: 0,
      ...(last ? ended("succeeded", args.now) : {}),
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
  },
});
