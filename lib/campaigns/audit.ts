/**
 * The campaign audit trail's words as Convex stores them (convex/tiktok/validators.ts builds its validators from
 * these) and the Campaigns page reads them back (lib/ui/campaigns.ts's `auditSummary`).
 */

/** What a marketer's campaign operation does (the audit trail's verbs; "update" covers a rename and a re-budget). */
export const CAMPAIGN_ACTIONS = ["create", "enable", "disable", "delete", "update"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** A campaign's editable facts before and after an operation, as the audit trail shows them. */
export interface CampaignSnapshot {
  name?: string;
  /** Real units of the account's currency. */
  budget?: number;
  /** TikTok's operation status (ENABLE, DISABLE), or DELETE once deleted. */
  status?: string;
}

/** A bulk change's audit entry keeps this many of its campaigns' names (the rest are counted): bounded, and enough to say which. */
export const AUDIT_NAMES = 10;
