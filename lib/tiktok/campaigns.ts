/**
 * Campaigns (docs/tiktok-api.md §5): list every page, create, change status, update name or budget.
 *
 * Input is checked before any call (name, objective, budget mode, per-currency budget rules, id lists), so a
 * marketer hears what to change without spending a request. Create carries TikTok's `request_id` idempotency
 * key, generated once per logical create and reused on every retry, so a lost answer cannot create twice; a
 * caller that retries across processes (a Convex action) passes its own stored key.
 */
import { z } from "zod";
import { assertIds, chunk, type ClientContext } from "./context";
import { parseTikTokDateTime } from "./dates";
import { assertCampaignName, buildCreateBody, type CreateCampaignInput, type StatusChange } from "./campaign-input";
import { TikTokError, TikTokInputError } from "./errors";
import { assertValidCampaignBudget, roundToCurrency } from "./money";
import { MAX_PAGE_SIZE, collect, pageInfoSchema, walkPages, type Page } from "./paging";

// The checks live in campaign-input.ts (no zod, no client), so the web page can run them too.
export {
  BUDGET_MODES,
  MAX_NAME_LENGTH,
  assertCampaignName,
  buildCreateBody,
  type BudgetMode,
  type CreateCampaignInput,
  type OperationStatus,
  type StatusChange,
} from "./campaign-input";

/** TikTok changes at most this many campaigns' status per call. */
export const STATUS_BATCH = 20;
const FILTER_IDS_BATCH = 100;

const CAMPAIGN_FIELDS = [
  "campaign_id",
  "advertiser_id",
  "campaign_name",
  "objective_type",
  "app_promotion_type",
  "budget_mode",
  "budget",
  "operation_status",
  "secondary_status",
  "create_time",
  "modify_time",
];

const campaignSchema = z.object({
  campaign_id: z.string(),
  advertiser_id: z.string(),
  campaign_name: z.string(),
  objective_type: z.string(),
  app_promotion_type: z.string().nullish(),
  budget_mode: z.string(),
  budget: z.number().nullish(),
  operation_status: z.string().nullish(),
  // Not returned in TikTok's sandbox.
  secondary_status: z.string().nullish(),
  create_time: z.string(),
  modify_time: z.string().nullish(),
});

const campaignListSchema = z.object({ list: z.array(campaignSchema), page_info: pageInfoSchema });

export interface Campaign {
  campaignId: string;
  advertiserId: string;
  name: string;
  objectiveType: string;
  appPromotionType?: string;
  budgetMode: string;
  /** Real currency units of the advertiser's currency; absent for BUDGET_MODE_INFINITE. */
  budget?: number;
  operationStatus?: string;
  secondaryStatus?: string;
  /** Epoch ms (TikTok sends UTC date-times). */
  createdAt: number;
  modifiedAt?: number;
}

function toCampaign(c: z.infer<typeof campaignSchema>): Campaign {
  return {
    campaignId: c.campaign_id,
    advertiserId: c.advertiser_id,
    name: c.campaign_name,
    objectiveType: c.objective_type,
    appPromotionType: c.app_promotion_type ?? undefined,
    budgetMode: c.budget_mode,
    budget: c.budget_mode === "BUDGET_MODE_INFINITE" ? undefined : (c.budget ?? undefined),
    operationStatus: c.operation_status ?? undefined,
    secondaryStatus: c.secondary_status ?? undefined,
    createdAt: parseTikTokDateTime(c.create_time),
    modifiedAt: c.modify_time ? parseTikTokDateTime(c.modify_time) : undefined,
  };
}

const parseCampaign = (data: unknown) => toCampaign(campaignSchema.parse(data));

export interface ListCampaignsArgs {
  accessToken: string;
  advertiserId: string;
  /** TikTok leaves deleted campaigns out unless asked. */
  includeDeleted?: boolean;
  campaignIds?: readonly string[];
  signal?: AbortSignal;
}

export interface CreateCampaignArgs extends CreateCampaignInput {
  accessToken: string;
  signal?: AbortSignal;
}

export interface UpdateCampaignArgs {
  accessToken: string;
  advertiserId: string;
  campaignId: string;
  name?: string;
  budget?: number;
  /** Required with `budget`. */
  currency?: string;
  signal?: AbortSignal;
}

export function campaignsResource(ctx: ClientContext) {
  async function* listPages(args: ListCampaignsArgs): AsyncGenerator<Page<Campaign>> {
    const [advertiserId] = assertIds("advertiserId", [args.advertiserId]);
    const idBatches = args.campaignIds
      ? chunk(assertIds("campaignIds", args.campaignIds), FILTER_IDS_BATCH)
      : [undefined];
    for (const campaignIds of idBatches) {
      const filtering: Record<string, unknown> = {};
      if (campaignIds) filtering.campaign_ids = campaignIds;
      if (args.includeDeleted) filtering.secondary_status = "CAMPAIGN_STATUS_ALL";
      yield* walkPages(async (page) => {
        const res = await ctx.request({
          method: "GET",
          path: "/campaign/get/",
          accessToken: args.accessToken,
          advertiserId,
          query: {
            advertiser_id: advertiserId,
            fields: CAMPAIGN_FIELDS,
            filtering: Object.keys(filtering).length ? filtering : undefined,
            page,
            page_size: MAX_PAGE_SIZE,
          },
          data: campaignListSchema,
          signal: args.signal,
        });
        return { items: res.data.list.map(toCampaign), pageInfo: res.data.page_info };
      });
    }
  }

  return {
    /** Every campaign of the advertiser, page by page (for writing each page as it arrives). */
    listPages,
    list: (args: ListCampaignsArgs) => collect(listPages(args)),

    /**
     * Creates a campaign. If it fails after TikTok may have acted, the error carries `idempotencyKey`: retry with
     * it (`requestId`) or risk a duplicate. Callers that retry across processes should pass their own stored key.
     */
    async create(args: CreateCampaignArgs): Promise<Campaign> {
      const body = buildCreateBody(args);
      const res = await ctx
        .request({
          method: "POST",
          path: "/campaign/create/",
          accessToken: args.accessToken,
          advertiserId: args.advertiserId,
          body,
          data: parseCampaign,
          // Safe to repeat: the same request_id travels on every attempt, and TikTok creates at most one campaign.
          idempotent: true,
          signal: args.signal,
        })
        .catch((error: unknown) => {
          if (error instanceof TikTokError) error.idempotencyKey = body.request_id as string;
          throw error;
        });
      return res.data;
    },

    /** ENABLE, DISABLE or DELETE, up to 20 campaigns per call (batched here). Setting a status twice is harmless. */
    async setStatus({
      accessToken,
      advertiserId,
      campaignIds,
      status,
      signal,
    }: {
      accessToken: string;
      advertiserId: string;
      campaignIds: readonly string[];
      status: StatusChange;
      signal?: AbortSignal;
    }): Promise<{ campaignIds: string[] }> {
      assertIds("advertiserId", [advertiserId]);
      const ids = assertIds("campaignIds", campaignIds);
      if (status !== "ENABLE" && status !== "DISABLE" && status !== "DELETE") {
        throw new TikTokInputError("status", `Status must be ENABLE, DISABLE or DELETE; got "${String(status)}"`);
      }
      const updated: string[] = [];
      for (const batch of chunk(ids, STATUS_BATCH)) {
        const res = await ctx.request({
          method: "POST",
          path: "/campaign/status/update/",
          accessToken,
          advertiserId,
          body: { advertiser_id: advertiserId, campaign_ids: batch, operation_status: status },
          data: z.object({ campaign_ids: z.array(z.string()).optional() }).loose(),
          idempotent: true,
          signal,
        });
        updated.push(...(res.data.campaign_ids ?? batch));
      }
      return { campaignIds: updated };
    },

    /** Renames or re-budgets one campaign. TikTok also refuses a budget below 105% of what is already spent. */
    async update(args: UpdateCampaignArgs): Promise<void> {
      assertIds("advertiserId", [args.advertiserId]);
      assertIds("campaignId", [args.campaignId]);
      const body: Record<string, unknown> = { advertiser_id: args.advertiserId, campaign_id: args.campaignId };
      if (args.name !== undefined) body.campaign_name = assertCampaignName(args.name);
      if (args.budget !== undefined) {
        if (!args.currency)
          throw new TikTokInputError(
            "currency",
            "Give the advertiser's currency with a new budget so it can be checked",
          );
        assertValidCampaignBudget(args.budget, args.currency);
        body.budget = roundToCurrency(args.budget, args.currency);
      }
      if (args.name === undefined && args.budget === undefined)
        throw new TikTokInputError("update", "Nothing to change: give a new name or a new budget");
      await ctx.request({
        method: "POST",
        path: "/campaign/update/",
        accessToken: args.accessToken,
        advertiserId: args.advertiserId,
        body,
        data: z.unknown(),
        // Setting the same name or budget again leaves the campaign as it was.
        idempotent: true,
        signal: args.signal,
      });
    },
  };
}
