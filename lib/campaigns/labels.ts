/**
 * Campaigns in words, wherever they are shown: on the Campaigns page and in what the server computes for people
 * (the report's campaign table and its CSV). Status comes from TikTok's secondary status, which says why a campaign
 * is not delivering; an unknown TikTok value is tidied into words, not hidden. Pure, so each wording is a unit test.
 */

const SECONDARY_STATUS: Record<string, string> = {
  CAMPAIGN_STATUS_ENABLE: "Active",
  CAMPAIGN_STATUS_DISABLE: "Paused",
  CAMPAIGN_STATUS_DELETE: "Deleted",
  CAMPAIGN_STATUS_BUDGET_EXCEED: "Budget exceeded",
  CAMPAIGN_STATUS_ADVERTISER_AUDIT_DENY: "Account not approved",
  CAMPAIGN_STATUS_ADVERTISER_AUDIT: "Account in review",
  CAMPAIGN_STATUS_ADVERTISER_CONTRACT_PENDING: "Contract pending",
  CAMPAIGN_STATUS_ADVERTISER_ACCOUNT_PUNISH: "Account restricted",
  CAMPAIGN_STATUS_ADVERTISER_ACCOUNT_BALANCE_NOT_ENOUGH: "Balance too low",
};

const OBJECTIVES: Record<string, string> = {
  REACH: "Reach",
  TRAFFIC: "Traffic",
  VIDEO_VIEWS: "Video views",
  LEAD_GENERATION: "Lead generation",
  ENGAGEMENT: "Community interaction",
  APP_PROMOTION: "App promotion",
  WEB_CONVERSIONS: "Website conversions",
  PRODUCT_SALES: "Product sales",
  CONVERSIONS: "Website conversions",
  APP_INSTALL: "App promotion",
};

/** TikTok's constant as words: "CAMPAIGN_STATUS_SOMETHING_NEW" without its `prefix` reads "Something new". */
export function tidyConstant(value: string, prefix: RegExp): string {
  const text = value.replace(prefix, "").replace(/_/g, " ").toLowerCase().trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : value;
}

export function campaignStatusLabel(c: {
  deleted: boolean;
  secondaryStatus?: string;
  operationStatus?: string;
}): string {
  if (c.deleted) return "Deleted";
  if (c.secondaryStatus)
    return SECONDARY_STATUS[c.secondaryStatus] ?? tidyConstant(c.secondaryStatus, /^CAMPAIGN_STATUS_/);
  // TikTok's sandbox sends no secondary status: the switch is all there is.
  if (c.operationStatus === "ENABLE") return "Active";
  if (c.operationStatus === "DISABLE") return "Paused";
  return "Unknown";
}

/**
 * TikTok's older objective names, each the same objective as a current one (CONVERSIONS is today's WEB_CONVERSIONS,
 * APP_INSTALL is APP_PROMOTION: docs/tiktok-api.md §5): a filter offers the objective once and matches both names.
 */
const SAME_OBJECTIVE: Record<string, string> = { CONVERSIONS: "WEB_CONVERSIONS", APP_INSTALL: "APP_PROMOTION" };

/** The objective a campaign's objective_type counts as, for filtering and listing the objectives in use. */
export function objectiveGroup(objective: string): string {
  return SAME_OBJECTIVE[objective] ?? objective;
}

export function objectiveLabel(objective: string): string {
  return OBJECTIVES[objective] ?? tidyConstant(objective, /^$/);
}
