/**
 * The sync's writes, each an idempotent mutation that reads one index range per kind of document it touches (never
 * one lookup per row): campaigns page by page keyed by TikTok's ids, and report days one advertiser-date at a time.
 *
 * Running totals. Every campaign-day row carries the campaign's totals through that date, so a range's total is
 * (value at its last row) − (value at the last row before it): two reads per campaign whatever the range length.
 * `campaignCursors` hold each campaign's totals through the latest date written. A run first rewinds the cursors to
 * the day before its range from the rows stored before it (TikTok restates recent days, so a run re-pulls them;
 * reading rows, not cursors, also mends whatever a run that failed halfway left), then writes its dates in order,
 * oldest first; each date's mutation also moves the run's own cursor (`nextDate`), so a run cut short resumes at the
 * first date not yet written and a date is never counted twice.
 */
import { v } from "convex/values";
import type { Campaign } from "../../lib/tiktok/campaigns";
import { addDays } from "../../lib/tiktok/dates";
import type { CampaignDayRow } from "../../lib/tiktok/reports";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, type MutationCtx } from "../_generated/server";
import { campaignFields } from "./validators";

/** Spend as stored: thousandths of the account's currency, an integer (see validators.ts deliveryFields). */
export function toMilli(amount: number): number {
  return Math.round(amount * 1000);
}

export const campaignValidator = v.object(campaignFields);

export function toCampaignRecord(c: Campaign) {
  return {
    campaignId: c.campaignId,
    name: c.name,
    objectiveType: c.objectiveType,
    appPromotionType: c.appPromotionType,
    budgetMode: c.budgetMode,
    budget: c.budget,
    operationStatus: c.operationStatus,
    secondaryStatus: c.secondaryStatus,
    createdAt: c.createdAt,
    modifiedAt: c.modifiedAt,
  };
}

const DELETED = "CAMPAIGN_STATUS_DELETE";

/** True when two records hold the same values for every key of `next` (undefined and missing alike). */
function same(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  return Object.entries(next).every(([key, value]) => current[key] === value);
}

/** Upserts one page of campaigns by TikTok id; unchanged ones are not written. Returns how many were. */
export const upsertCampaigns = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    advertiserId: v.string(),
    campaigns: v.array(campaignValidator),
    now: v.number(),
  },
  returns: v.number(),
  handler: async (ctx, { workspaceId, advertiserId, campaigns, now }) => {
    const existing = new Map<string, Doc<"campaigns">>();
    for await (const row of ctx.db
      .query("campaigns")
      .withIndex("by_advertiser_campaign", (q) => q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId))) {
      existing.set(row.campaignId, row);
    }
    let written = 0;
    for (const campaign of campaigns) {
      const fields = { ...campaign, deleted: campaign.secondaryStatus === DELETED };
      const row = existing.get(campaign.campaignId);
      if (row && same(row, fields)) continue;
      if (row) await ctx.db.patch("campaigns", row._id, { ...fields, syncedAt: now });
      else await ctx.db.insert("campaigns", { ...fields, workspaceId, advertiserId, syncedAt: now });
      written++;
    }
    return written;
  },
});

type Totals = Pick<
  Doc<"campaignCursors">,
  "cumSpendMilli" | "cumImpressions" | "cumClicks" | "cumConversions" | "cumConversionDays"
>;
const ZERO: Totals = { cumSpendMilli: 0, cumImpressions: 0, cumClicks: 0, cumConversions: 0, cumConversionDays: 0 };

function totalsOf(t: Totals): Totals {
  return {
    cumSpendMilli: t.cumSpendMilli,
    cumImpressions: t.cumImpressions,
    cumClicks: t.cumClicks,
    cumConversions: t.cumConversions,
    cumConversionDays: t.cumConversionDays,
  };
}

type Day = Pick<Doc<"campaignDays">, "spendMilli" | "impressions" | "clicks" | "conversions">;

function plus(t: Totals, d: Day, sign = 1): Totals {
  return {
    cumSpendMilli: t.cumSpendMilli + sign * d.spendMilli,
    cumImpressions: t.cumImpressions + sign * d.impressions,
    cumClicks: t.cumClicks + sign * d.clicks,
    cumConversions: t.cumConversions + sign * (d.conversions ?? 0),
    cumConversionDays: t.cumConversionDays + sign * (d.conversions === undefined ? 0 : 1),
  };
}

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
    const last = await ctx.db
      .query("campaignDays")
      .withIndex("by_campaign_date", (q) =>
        q
          .eq("workspaceId", workspaceId)
          .eq("advertiserId", advertiserId)
          .eq("campaignId", cursor.campaignId)
          .lt("date", fromDate),
      )
      .order("desc")
      .first();
    const totals = last ? totalsOf(last) : ZERO;
    if (cursor.asOf !== before || !same(cursor, totals)) {
      await ctx.db.patch("campaignCursors", cursor._id, { asOf: before, ...totals });
    }
  }
}

export const dayRowValidator = v.object({
  campaignId: v.string(),
  spend: v.number(),
  impressions: v.number(),
  clicks: v.number(),
  conversions: v.union(v.number(), v.null()),
});

export function toDayRow(row: CampaignDayRow) {
  return {
    campaignId: row.campaignId,
    spend: row.spend,
    impressions: row.impressions,
    clicks: row.clicks,
    conversions: row.conversions,
  };
}

const METRICS = [
  ["spend", "spendMilli"],
  ["impressions", "impressions"],
  ["clicks", "clicks"],
  ["conversions", "conversions"],
] as const;

/**
 * Writes one of the account's local dates: every campaign's row (inserted, changed, or removed when TikTok no
 * longer reports it), the running totals, the advertiser-day rollup, and, when an already synced day's totals
 * moved, a restatement entry per metric. Returns how many documents of synced data changed (0 on a rerun).
 */
export async function writeDate(
  ctx: MutationCtx,
  args: {
    workspaceId: Id<"workspaces">;
    advertiserId: string;
    date: string;
    rows: { campaignId: string; spend: number; impressions: number; clicks: number; conversions: number | null }[];
    now: number;
    /**
     * Days before this date were complete when last synced: a change there is TikTok restating them, worth a note.
     * From it on, the day was still under way at the last sync, and its numbers growing is no news.
     */
    notesBefore?: string;
  },
): Promise<number> {
  const { workspaceId, advertiserId, date, now } = args;
  const cursors = await cursorsOf(ctx, workspaceId, advertiserId);
  const existing = new Map<string, Doc<"campaignDays">>();
  for await (const row of ctx.db
    .query("campaignDays")
    .withIndex("by_advertiser_date", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).eq("date", date),
    )) {
    existing.set(row.campaignId, row);
  }
  let changed = 0;
  const sums: Day = { spendMilli: 0, impressions: 0, clicks: 0, conversions: undefined };
  const seen = new Set<string>();

  const moveCursor = async (campaignId: string, totals: Totals) => {
    const cursor = cursors.get(campaignId);
    if (cursor) {
      if (cursor.asOf !== date || !same(cursor, totals))
        await ctx.db.patch("campaignCursors", cursor._id, { asOf: date, ...totals });
    } else {
      await ctx.db.insert("campaignCursors", { workspaceId, advertiserId, campaignId, asOf: date, ...totals });
    }
  };
  /** The campaign's totals through the day before `date`. */
  const priorTotals = (campaignId: string): Totals => {
    const cursor = cursors.get(campaignId);
    if (!cursor) return ZERO;
    if (cursor.asOf < date) return totalsOf(cursor);
    const row = existing.get(campaignId);
    // The cursor is at this very date (a date written again): its totals include this date's old row, if any.
    if (cursor.asOf === date) return row ? plus(totalsOf(cursor), row, -1) : totalsOf(cursor);
    throw new Error(`campaign ${campaignId}'s totals already run past ${date}: the run did not rewind before writing`);
  };

  for (const incoming of args.rows) {
    if (seen.has(incoming.campaignId)) throw new Error(`campaign ${incoming.campaignId} appears twice on ${date}`);
    seen.add(incoming.campaignId);
    const day: Day = {
      spendMilli: toMilli(incoming.spend),
      impressions: incoming.impressions,
      clicks: incoming.clicks,
      conversions: incoming.conversions ?? undefined,
    };
    const totals = plus(priorTotals(incoming.campaignId), day);
    const fields = { ...day, ...totals };
    const row = existing.get(incoming.campaignId);
    if (!row) {
      await ctx.db.insert("campaignDays", {
        workspaceId,
        advertiserId,
        campaignId: incoming.campaignId,
        date,
        ...fields,
      });
      changed++;
    } else if (!same(row, fields)) {
      await ctx.db.replace("campaignDays", row._id, {
        workspaceId,
        advertiserId,
        campaignId: incoming.campaignId,
        date,
        ...fields,
      });
      changed++;
    }
    await moveCursor(incoming.campaignId, totals);
    sums.spendMilli += day.spendMilli;
    sums.impressions += day.impressions;
    sums.clicks += day.clicks;
    if (day.conversions !== undefined) sums.conversions = (sums.conversions ?? 0) + day.conversions;
  }
  // A campaign TikTok reported on this date before and no longer does: its row goes, and its totals with it.
  for (const [campaignId, row] of existing) {
    if (seen.has(campaignId)) continue;
    const prior = priorTotals(campaignId);
    await ctx.db.delete("campaignDays", row._id);
    await moveCursor(campaignId, prior);
    changed++;
  }

  const rollup = await ctx.db
    .query("advertiserDays")
    .withIndex("by_advertiser_date", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).eq("date", date),
    )
    .unique();
  const next = { ...sums, campaigns: args.rows.length };
  if (!rollup) {
    await ctx.db.insert("advertiserDays", { workspaceId, advertiserId, date, ...next, syncedAt: now });
    changed++;
  } else if (!same(rollup, next)) {
    for (const [metric, field] of METRICS) {
      const before = rollup[field] ?? null;
      const after = next[field] ?? null;
      if (before !== after && args.notesBefore !== undefined && date < args.notesBefore)
        await ctx.db.insert("restatements", { workspaceId, advertiserId, date, metric, before, after, at: now });
    }
    await ctx.db.replace("advertiserDays", rollup._id, { workspaceId, advertiserId, date, ...next, syncedAt: now });
    changed++;
  }
  return changed;
}
