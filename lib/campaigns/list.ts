/**
 * The Campaigns page's list: its contract (lib/lists/contract.ts) and its status filters, shared by the list query
 * (convex/tiktok/campaigns.ts) and the page.
 */
import { defineList } from "../lists/contract";

export const CAMPAIGN_LIST = defineList({
  sorts: ["name", "status", "objective", "budget", "created", "spend7d"],
  ascendingFirst: ["name", "status", "objective"],
  defaultSort: "created",
  defaultOrder: "desc",
  pageSizes: [25, 50, 100],
  maxPageSize: 100,
});
export type CampaignSort = (typeof CAMPAIGN_LIST.sorts)[number];

/** Which campaigns the list shows: `live` is every one not deleted. */
export const CAMPAIGN_STATUS_FILTERS = ["live", "active", "paused", "deleted", "all"] as const;
export type CampaignStatusFilter = (typeof CAMPAIGN_STATUS_FILTERS)[number];

export function matchesStatusFilter(
  c: { deleted: boolean; operationStatus?: string },
  status: CampaignStatusFilter,
): boolean {
  switch (status) {
    case "all":
      return true;
    case "deleted":
      return c.deleted;
    case "live":
      return !c.deleted;
    case "active":
      return !c.deleted && c.operationStatus === "ENABLE";
    case "paused":
      return !c.deleted && c.operationStatus === "DISABLE";
  }
}
