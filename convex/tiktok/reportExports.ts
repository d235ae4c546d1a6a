/**
 * The campaign × day export (ops, `read` role): each campaign's delivery on each day of a range, for the Reports
 * page's "by day" CSV (lib/reports/csv.ts writes the file in the browser). The totals CSV is the campaign table's own
 * (convex/tiktok/reports.ts campaignCsv).
 *
 * It reads campaigns × days rows, so it comes in pages: each page takes a few campaigns (by the campaigns index) and
 * reads each one's days in the range with one index range, so a page reads at most EXPORT_ROW_BUDGET campaign-day
 * rows plus its campaigns, far inside Convex's 32,000 documents and 4,096 index ranges per transaction, however
 * many campaigns the account has and however long the range (docs/architecture.md §3 rule 18, §7). The browser asks for
 * the next page with the cursor until isDone.
 */
import { v } from "convex/values";
import { figures, sumsOfStored } from "../../lib/metrics/sums";
import { campaignStatusLabel, objectiveLabel } from "../../lib/campaigns/labels";
import { MAX_SEARCH_LENGTH, searchNeedle } from "../../lib/lists/contract";
import { MAX_RANGE_DAYS } from "../../lib/reports/limits";
import { matchesCampaignSearch } from "../../lib/reports/search";
import { daysInRange, isIsoDate } from "../../lib/tiktok/dates";
import { MAX_ID_LENGTH } from "../../lib/tiktok/ids";
import { memberQuery } from "../lib/access";
import { boundString, invalidArgument } from "../lib/bounds";
import { advertiserRow } from "./connectionRecords";
import { figuresValidator } from "./validators";

/** Campaign-day rows one page may read: a quarter of Convex's 32,000 documents, whatever the range's length. */
export const EXPORT_ROW_BUDGET = 8_000;

/** Convex's pagination cursors are short; anything much longer is not one of ours. */
const MAX_CURSOR_LENGTH = 2_000;

/** How many campaigns one page takes so that their days in a `days`-long range stay within the row budget. */
export function campaignsPerPage(days: number): number {
  return Math.max(1, Math.floor(EXPORT_ROW_BUDGET / days));
}

const dayValidator = v.object({ date: v.string(), figures: figuresValidator });

export const campaignDays = memberQuery("read")({
  args: {
    advertiserId: v.string(),
    from: v.string(),
    to: v.string(),
    search: v.optional(v.string()),
    /** null for the first page, then the previous page's continueCursor. */
    cursor: v.union(v.string(), v.null()),
  },
  returns: v.object({
    currency: v.string(),
    /** The page's campaigns (by id) that match the search and delivered in the range, each with its days in it. */
    campaigns: v.array(
      v.object({
        campaignId: v.string(),
        name: v.string(),
        status: v.string(),
        objective: v.string(),
        days: v.array(dayValidator),
      }),
    ),
    continueCursor: v.string(),
    isDone: v.boolean(),
  }),
  handler: async (ctx, { workspaceId, advertiserId, from, to, search, cursor }) => {
    boundString("advertiserId", advertiserId, MAX_ID_LENGTH);
    boundString("from", from, 10);
    boundString("to", to, 10);
    boundString("search", search, MAX_SEARCH_LENGTH);
    boundString("cursor", cursor ?? undefined, MAX_CURSOR_LENGTH);
    if (!isIsoDate(from) || !isIsoDate(to)) throw invalidArgument("from and to must be dates written YYYY-MM-DD");
    if (from > to) throw invalidArgument("from must be on or before to");
    const days = daysInRange({ startDate: from, endDate: to });
    if (days > MAX_RANGE_DAYS)
      throw invalidArgument(`A report covers at most ${MAX_RANGE_DAYS} days; choose a shorter range`);
    const advertiser = await advertiserRow(ctx, workspaceId, advertiserId);
    if (!advertiser) throw invalidArgument("This ad account is not connected to your workspace");

    const needle = searchNeedle(search);
    const page = await ctx.db
      .query("campaigns")
      .withIndex("by_advertiser_campaign", (q) => q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId))
      .paginate({ cursor, numItems: campaignsPerPage(days) });
    const campaigns = [];
    for (const c of page.page) {
      if (needle && !matchesCampaignSearch(needle, c)) continue;
      const rows = await ctx.db
        .query("campaignDays")
        .withIndex("by_campaign_date", (q) =>
          q
            .eq("workspaceId", workspaceId)
            .eq("advertiserId", advertiserId)
            .eq("campaignId", c.campaignId)
            .gte("date", from)
            .lte("date", to),
        )
        .collect();
      if (rows.length === 0) continue;
      campaigns.push({
        campaignId: c.campaignId,
        name: c.name,
        status: campaignStatusLabel(c),
        objective: objectiveLabel(c.objectiveType),
        days: rows.map((row) => ({ date: row.date, figures: figures(sumsOfStored(row)) })),
      });
    }
    return {
      currency: advertiser.currency,
      campaigns,
      continueCursor: page.continueCursor,
      isDone: page.isDone,
    };
  },
});
