/**
 * What a campaign search matches in the reports: the campaign's name (any case) or its id. The needle comes from
 * lib/lists/contract.ts searchNeedle (trimmed, lower-cased).
 */
export function matchesCampaignSearch(needle: string, campaign: { name: string; campaignId: string }): boolean {
  return campaign.name.toLowerCase().includes(needle) || campaign.campaignId.includes(needle);
}
