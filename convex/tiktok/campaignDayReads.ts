/**
 * Reading a campaign's running totals at a date: its last campaign-day row before a date, or on or before it (rows
 * carry the campaign's totals through their date, convex/tiktok/sync/writes.ts). One index range, however many days
 * the campaign has; the sync rewinds from it and the report table differences two of them.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

/** The campaign's last row strictly before `before`, or on or before `through`; null when it has none there. */
export function lastCampaignDay(
  ctx: QueryCtx,
  key: { workspaceId: Id<"workspaces">; advertiserId: string; campaignId: string },
  bound: { before: string } | { through: string },
): Promise<Doc<"campaignDays"> | null> {
  return ctx.db
    .query("campaignDays")
    .withIndex("by_campaign_date", (q) => {
      const ofCampaign = q
        .eq("workspaceId", key.workspaceId)
        .eq("advertiserId", key.advertiserId)
        .eq("campaignId", key.campaignId);
      return "before" in bound ? ofCampaign.lt("date", bound.before) : ofCampaign.lte("date", bound.through);
    })
    .order("desc")
    .first();
}
