/**
 * Campaign rows: the one module that writes the `campaigns` table, always from TikTok's own word on a campaign. The
 * sync upserts them a page at a time (`upsertCampaigns`); after a marketer's change, campaignOperations.ts writes
 * TikTok's answer at once (`applyCampaignChange`), so the page shows the change before the next sync.
 *
 * Two rules hold for every write: a campaign is `deleted` when TikTok's secondary status says so (deleted campaigns
 * stay: their past spend is still the account's), and a sync page never undoes a newer change (TikTok's
 * `modify_time`). What may be changed, and who may change it, is decided elsewhere (campaignOperations.ts); the pages'
 * reads are campaigns.ts.
 */
import { v, type Infer } from "convex/values";
import type { Campaign } from "../../lib/tiktok/campaigns";
import type { Doc, Id } from "../_generated/dataModel";
import { internalMutation, type MutationCtx } from "../_generated/server";
import { same } from "../lib/records";
import { campaignFields, type campaignSnapshotValidator } from "./validators";

export const campaignValidator = v.object(campaignFields);
type CampaignRecord = Infer<typeof campaignValidator>;
type CampaignRow = CampaignRecord & { deleted: boolean };
type Owner = { workspaceId: Id<"workspaces">; advertiserId: string };

export function toCampaignRecord(c: Campaign): CampaignRecord {
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

/** TikTok's description as row fields: deleted when its secondary status says so. */
function rowOf(c: CampaignRecord): CampaignRow {
  return { ...c, deleted: c.secondaryStatus === DELETED };
}

/** True when both times are known and `incoming` is before `stored` (TikTok's modify_time). */
function isOlder(incoming: number | undefined, stored: number | undefined): boolean {
  return incoming !== undefined && stored !== undefined && incoming < stored;
}

/** Every write of a campaign row: `fields` over the stored row, or, when there is none, `created` as a new one. */
async function putRow(
  ctx: MutationCtx,
  owner: Owner,
  row: Doc<"campaigns"> | null | undefined,
  fields: Partial<CampaignRow>,
  created: CampaignRow | undefined,
  now: number,
): Promise<void> {
  if (row) await ctx.db.patch("campaigns", row._id, { ...fields, syncedAt: now });
  else if (created)
    await ctx.db.insert("campaigns", {
      ...created,
      workspaceId: owner.workspaceId,
      advertiserId: owner.advertiserId,
      syncedAt: now,
    });
}

/** Upserts one page of the sync's campaigns by TikTok id; unchanged ones are not written. Returns how many were. */
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
      const fields = rowOf(campaign);
      const row = existing.get(campaign.campaignId);
      if (row && same(row, fields)) continue;
      // A marketer's change written from TikTok's answer after this page was read is newer than the page: keep it.
      if (row && isOlder(campaign.modifiedAt, row.modifiedAt)) continue;
      await putRow(ctx, { workspaceId, advertiserId }, row, fields, fields, now);
      written++;
    }
    return written;
  },
});

type Snapshot = Infer<typeof campaignSnapshotValidator>;

/** The row fields a successful change implies, for a campaign TikTok's re-read did not describe. */
function inferred(after: Snapshot): Partial<CampaignRow> {
  const patch: Partial<CampaignRow> = {};
  if (after.name !== undefined) patch.name = after.name;
  if (after.budget !== undefined) patch.budget = after.budget;
  if (after.status === "DELETE")
    Object.assign(patch, { deleted: true, operationStatus: "DISABLE", secondaryStatus: DELETED });
  else if (after.status !== undefined)
    Object.assign(patch, { operationStatus: after.status, secondaryStatus: `CAMPAIGN_STATUS_${after.status}` });
  return patch;
}

/**
 * Writes one campaign's row from TikTok's answer to a marketer's change (`after`): its re-read description when
 * there is one (a campaign it describes and we lack, a new one, gets its row), else the fields the change implies.
 * The answer follows the change, so it is the newest word on the campaign: no modify_time check here.
 */
export async function applyCampaignChange(
  ctx: MutationCtx,
  owner: Owner,
  campaignId: string,
  described: CampaignRecord | undefined,
  after: Snapshot,
  now: number,
): Promise<void> {
  const row = await ctx.db
    .query("campaigns")
    .withIndex("by_advertiser_campaign", (q) =>
      q.eq("workspaceId", owner.workspaceId).eq("advertiserId", owner.advertiserId).eq("campaignId", campaignId),
    )
    .unique();
  // A delete TikTok's re-read does not show yet is still a delete.
  const fields = described
    ? { ...described, deleted: described.secondaryStatus === DELETED || after.status === "DELETE" }
    : inferred(after);
  await putRow(ctx, owner, row, fields, described && rowOf(described), now);
}
