// GET /advertiser/info/ (docs/tiktok-api.md §5): ad account details for up to 100 advertiser ids per call,
// optionally narrowed by `fields`. Balances are real currency units; create_time is epoch seconds.

import { type ApiContext, requireAdvertiser } from "./api-context.js";
import type { AdvertiserRecord } from "./dataset.js";
import { paramError } from "./envelope.js";
import type { SimAdvertiser } from "./types.js";

const FIELDS: readonly (keyof SimAdvertiser)[] = [
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

export function publicAdvertiser(a: AdvertiserRecord): SimAdvertiser {
  const out = {} as Record<string, unknown>;
  for (const f of FIELDS) out[f] = a[f];
  return out as unknown as SimAdvertiser;
}

export function advertiserInfo(ctx: ApiContext): unknown {
  const ids = ctx.params.stringArray("advertiser_ids", { required: true, min: 1, max: 100 })!;
  const fields = ctx.params.stringArray("fields", { min: 1 });
  for (const f of fields ?? []) {
    if (!(FIELDS as readonly string[]).includes(f))
      throw paramError(`fields: Invalid field "${f}". Valid fields: ${FIELDS.join(", ")}.`);
  }
  const list = ids.map((id) => {
    const full = publicAdvertiser(requireAdvertiser(ctx, id)) as unknown as Record<string, unknown>;
    if (!fields) return full;
    return Object.fromEntries(fields.map((f) => [f, full[f]]));
  });
  return { list };
}
