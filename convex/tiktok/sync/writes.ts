/**
 * The sync's writes of report days: a batch of consecutive advertiser-dates at a time (a window's dates in one
 * mutation when they fit, see batches.ts MAX_ROWS_PER_WRITE), reading one index range per kind of document it touches,
 * never one lookup per row. Plain helpers, no functions of their own: the run's mutations in batches.ts and step.ts
 * call them. Campaign rows are not written here (../campaignRows.ts), nor the run's progress (batches.ts).
 *
 * Running totals. Every campaign-day row carries the campaign's totals through that date, so a range's total is
 * (value at its last row) − (value at the last row before it): two reads per campaign whatever the range length.
 * `campaignCursors` hold each campaign's totals through the latest date written. A run first rewinds the cursors to
 * the day before its range from the rows stored before it (TikTok restates recent days, so a run re-pulls them;
 * reading rows, not cursors, also mends whatever a run that failed halfway left), then writes its dates in order,
 * oldest first; each batch's mutation also moves the run's own cursor (`nextDate`), so a run cut short resumes at the
 * first date not yet written and a date is never counted twice.
 */
import { v, type Infer } from "convex/values";
import { addDays } from "../../../lib/tiktok/dates";
import {
  addSums,
  plusDay,
  sameStored,
  sameTotals,
  storedOfSums,
  sumsOfStored,
  toStoredDay,
  totalsOf,
  ZERO_SUMS,
  ZERO_TOTALS,
  type RunningTotals,
  type StoredDay,
} from "../../../lib/metrics/sums";
import { fromStored, SUM_NAMES, sumDef } from "../../../lib/metrics/catalogue";
import type { CampaignDayRow } from "../../../lib/tiktok/reports";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { lastCampaignDay } from "../campaignDayReads";
import { metricValueFields } from "../validators";

async function cursorsOf(ctx: MutationCtx, workspaceId: Id<"workspaces">, advertiserId: string) {
  const cursors = new Map<string, Doc<"campaignCursors">>();
  for await (const c of ctx.db
    .query("campaignCursors")
    .withIndex("by_advertiser_campaign", (q) => q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId))) {
    cursors.set(c.campaignId, c);
  }
  return cursors;
}

/**
 * Sets every campaign's cursor to its totals through the day before `fromDate`, read from its last stored row before
 * that date (rows carry their own running totals): one index range per campaign, however many days follow, and right
 * whatever an earlier run that stopped halfway left in the cursors. Unchanged cursors are not written.
 */
export async function rewindCursors(
  ctx: MutationCtx,
  workspaceId: Id<"workspaces">,
  advertiserId: string,
  fromDate: string,
): Promise<void> {
  const before = addDays(fromDate, -1);
  for (const cursor of (await cursorsOf(ctx, workspaceId, advertiserId)).values()) {
    const last = await lastCampaignDay(
      ctx,
      { workspaceId, advertiserId, campaignId: cursor.campaignId },
      { before: fromDate },
    );
    const totals = last ? totalsOf(last) : ZERO_TOTALS;
    if (cursor.asOf !== before || !sameTotals(cursor, totals)) {
      await ctx.db.patch("campaignCursors", cursor._id, { asOf: before, ...totals });
    }
  }
}

/** One campaign's metrics on one date, in real units, as the step hands them to the write mutation. */
export const dayRowValidator = v.object({ campaignId: v.string(), ...metricValueFields });

export function toDayRow(row: CampaignDayRow): DayRowInput {
  return { campaignId: row.campaignId, ...row.metrics };
}

export type DayRowInput = Infer<typeof dayRowValidator>;

/** A stored row's own day, back in real units: writing it again changes only what is derived (its running totals). */
export function dayRowOfStored(row: Doc<"campaignDays">): DayRowInput {
  const values = Object.fromEntries(
    SUM_NAMES.map((name) => {
      const stored = (row as unknown as Record<string, number | undefined>)[sumDef(name).field];
      return [name, stored === undefined ? null : fromStored(name, stored)];
    }),
  );
  return { campaignId: row.campaignId, ...values } as DayRowInput;
}

/** Where a campaign's running totals stand while a batch of dates is written: through `asOf`. */
interface Position {
  asOf: string;
  totals: RunningTotals;
}

/** One of the account's local dates to write: its campaign rows, when, and before which date a change is a restatement. */
interface DateWrite {
  workspaceId: Id<"workspaces">;
  advertiserId: string;
  date: string;
  rows: DayRowInput[];
  now: number;
  notesBefore?: string;
}

/**
 * Writes consecutive local dates of the account, oldest first. For each date: every campaign's row (inserted,
 * changed, or removed when TikTok no longer reports it), the running totals, the advertiser-day rollup, and, when an
 * already synced day's totals moved, a restatement entry per metric. One transaction that reads one index range per
 * kind of document for the whole batch (the cursors, the dates' campaign rows, their rollups) and moves each
 * campaign's cursor once, at the end: a window's dates cost one mutation, not one each. Returns how many documents of
 * synced data changed (0 on a rerun).
 */
export async function writeDates(
  ctx: MutationCtx,
  args: {
    workspaceId: Id<"workspaces">;
    advertiserId: string;
    days: { date: string; rows: DayRowInput[] }[];
    now: number;
    /**
     * Days before this date were complete when last synced: a change there is TikTok restating them, worth a note.
     * From it on, the day was still under way at the last sync, and its numbers growing is no news.
     */
    notesBefore?: string;
  },
): Promise<number> {
  const { workspaceId, advertiserId, days, now } = args;
  if (days.length === 0) return 0;
  for (const [i, day] of days.entries()) {
    if (i > 0 && day.date !== addDays(days[i - 1]!.date, 1))
      throw new Error(`dates must follow each other: ${days[i - 1]!.date} then ${day.date}`);
  }
  const first = days[0]!.date;
  const last = days.at(-1)!.date;
  const cursors = await cursorsOf(ctx, workspaceId, advertiserId);
  const positions = new Map<string, Position>();
  for (const [campaignId, cursor] of cursors)
    positions.set(campaignId, { asOf: cursor.asOf, totals: totalsOf(cursor) });
  const stored = new Map<string, Map<string, Doc<"campaignDays">>>();
  for await (const row of ctx.db
    .query("campaignDays")
    .withIndex("by_advertiser_date", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).gte("date", first).lte("date", last),
    )) {
    const ofDate = stored.get(row.date) ?? new Map<string, Doc<"campaignDays">>();
    ofDate.set(row.campaignId, row);
    stored.set(row.date, ofDate);
  }
  const rollups = new Map<string, Doc<"advertiserDays">>();
  for await (const rollup of ctx.db
    .query("advertiserDays")
    .withIndex("by_advertiser_date", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).gte("date", first).lte("date", last),
    )) {
    rollups.set(rollup.date, rollup);
  }

  let changed = 0;
  for (const day of days) {
    changed += await writeOneDate(ctx, {
      workspaceId,
      advertiserId,
      date: day.date,
      rows: day.rows,
      now,
      notesBefore: args.notesBefore,
      positions,
      existing: stored.get(day.date) ?? new Map<string, Doc<"campaignDays">>(),
      rollup: rollups.get(day.date) ?? null,
    });
  }
  for (const [campaignId, position] of positions) {
    const cursor = cursors.get(campaignId);
    if (!cursor) {
      await ctx.db.insert("campaignCursors", {
        workspaceId,
        advertiserId,
        campaignId,
        ...position.totals,
        asOf: position.asOf,
      });
    } else if (cursor.asOf !== position.asOf || !sameTotals(cursor, position.totals)) {
      await ctx.db.patch("campaignCursors", cursor._id, { asOf: position.asOf, ...position.totals });
    }
  }
  return changed;
}

async function writeOneDate(
  ctx: MutationCtx,
  args: DateWrite & {
    /** Every campaign's running totals so far, moved here as the date is written. */
    positions: Map<string, Position>;
    /** The date's stored campaign rows, by campaign. */
    existing: Map<string, Doc<"campaignDays">>;
    rollup: Doc<"advertiserDays"> | null;
  },
): Promise<number> {
  const { workspaceId, advertiserId, date, now, positions, existing, rollup } = args;
  let changed = 0;
  let sums = ZERO_SUMS;
  const seen = new Set<string>();

  /** The campaign's totals through the day before `date`. */
  const priorTotals = (campaignId: string): RunningTotals => {
    const position = positions.get(campaignId);
    if (!position) return ZERO_TOTALS;
    if (position.asOf < date) return position.totals;
    const row = existing.get(campaignId);
    // The cursor is at this very date (a date written again): its totals include this date's old row, if any.
    if (position.asOf === date) return row ? plusDay(position.totals, row, -1) : position.totals;
    throw new Error(`campaign ${campaignId}'s totals already run past ${date}: the run did not rewind before writing`);
  };

  for (const incoming of args.rows) {
    if (seen.has(incoming.campaignId)) throw new Error(`campaign ${incoming.campaignId} appears twice on ${date}`);
    seen.add(incoming.campaignId);
    const { campaignId: _campaign, ...values } = incoming;
    const day: StoredDay = toStoredDay(values);
    const totals = plusDay(priorTotals(incoming.campaignId), day);
    const fields = { ...day, ...totals };
    const row = existing.get(incoming.campaignId);
    const doc = { workspaceId, advertiserId, campaignId: incoming.campaignId, date, ...fields };
    if (!row) {
      await ctx.db.insert("campaignDays", doc);
      changed++;
    } else if (!sameStored(row, day) || !sameTotals(row, totals)) {
      await ctx.db.replace("campaignDays", row._id, doc);
      changed++;
    }
    positions.set(incoming.campaignId, { asOf: date, totals });
    sums = addSums(sums, sumsOfStored(day));
  }
  // A campaign TikTok reported on this date before and no longer does: its row goes, and its totals with it.
  for (const [campaignId, row] of existing) {
    if (seen.has(campaignId)) continue;
    const prior = priorTotals(campaignId);
    await ctx.db.delete("campaignDays", row._id);
    positions.set(campaignId, { asOf: date, totals: prior });
    changed++;
  }

  const next = { ...storedOfSums(sums), campaigns: args.rows.length };
  if (!rollup) {
    await ctx.db.insert("advertiserDays", { workspaceId, advertiserId, date, ...next, syncedAt: now });
    changed++;
  } else if (!sameStored(rollup, next) || rollup.campaigns !== next.campaigns) {
    for (const metric of SUM_NAMES) {
      const field = sumDef(metric).field;
      const before = (rollup as Record<string, unknown>)[field] ?? null;
      const after = (next as Record<string, unknown>)[field] ?? null;
      if (before !== after && args.notesBefore !== undefined && date < args.notesBefore)
        await ctx.db.insert("restatements", {
          workspaceId,
          advertiserId,
          date,
          metric,
          before: before as number | null,
          after: after as number | null,
          at: now,
        });
    }
    await ctx.db.replace("advertiserDays", rollup._id, { workspaceId, advertiserId, date, ...next, syncedAt: now });
    changed++;
  }
  return changed;
}
