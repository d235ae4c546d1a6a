/**
 * Ad account details (`GET /advertiser/info/`), at most 100 ids per call (docs/tiktok-api.md §5), batched here.
 * Balances are real currency units in the account's own currency.
 */
import { z } from "zod";
import { assertIds, chunk, type ClientContext } from "./context";

const INFO_BATCH = 100;

const ADVERTISER_FIELDS = [
  "advertiser_id",
  "name",
  "currency",
  "timezone",
  "display_timezone",
  "balance",
  "status",
  "create_time",
  "company",
  "country",
  "role",
];

const advertiserSchema = z.object({
  advertiser_id: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string().nullish(),
  display_timezone: z.string().nullish(),
  balance: z.number().nullish(),
  status: z.string().nullish(),
  create_time: z.number().nullish(),
  company: z.string().nullish(),
  country: z.string().nullish(),
  role: z.string().nullish(),
});

const infoSchema = z.object({ list: z.array(advertiserSchema) });

export interface Advertiser {
  advertiserId: string;
  name: string;
  /** ISO 4217; every amount of this account is in it. */
  currency: string;
  /** TikTok's timezone name (e.g. `Etc/GMT+8`); report dates are local to it. */
  timezone?: string;
  /** IANA name for display. */
  displayTimezone?: string;
  balance?: number;
  /** `STATUS_ENABLE`, `STATUS_DISABLE`, `STATUS_LIMIT`, pending states… kept as TikTok says. */
  status?: string;
  /** Epoch ms. */
  createdAt?: number;
  company?: string;
  country?: string;
  role?: string;
}

function toAdvertiser(a: z.infer<typeof advertiserSchema>): Advertiser {
  return {
    advertiserId: a.advertiser_id,
    name: a.name,
    currency: a.currency,
    timezone: a.timezone ?? undefined,
    displayTimezone: a.display_timezone ?? undefined,
    balance: a.balance ?? undefined,
    status: a.status ?? undefined,
    // Advertiser create_time is epoch seconds (campaign times are date-time strings).
    createdAt: a.create_time == null ? undefined : a.create_time * 1000,
    company: a.company ?? undefined,
    country: a.country ?? undefined,
    role: a.role ?? undefined,
  };
}

export function advertisersResource(ctx: ClientContext) {
  return {
    async info({
      accessToken,
      advertiserIds,
      signal,
    }: {
      accessToken: string;
      advertiserIds: readonly string[];
      signal?: AbortSignal;
    }): Promise<Advertiser[]> {
      const ids = assertIds("advertiserIds", advertiserIds);
      const out: Advertiser[] = [];
      for (const batch of chunk(ids, INFO_BATCH)) {
        const res = await ctx.request({
          method: "GET",
          path: "/advertiser/info/",
          accessToken,
          query: { advertiser_ids: batch, fields: ADVERTISER_FIELDS },
          advertiserId: batch.length === 1 ? batch[0] : undefined,
          data: infoSchema,
          signal,
        });
        out.push(...res.data.list.map(toAdvertiser));
      }
      return out;
    },
  };
}
