/** What every resource module is given: the request choke point and the app's identity. */
import { TikTokInputError } from "./errors";
import type { RequestFn } from "./request";

export interface ClientContext {
  request: RequestFn;
  appId?: string;
  appSecret?: string;
  /** Origin of the advertiser-facing authorization portal. */
  portalOrigin: string;
  /** Epoch ms; turns relative lifetimes (`expires_in`) into absolute times. */
  now: () => number;
}

/** The app id, or an error saying the setting is missing. */
export function appId(ctx: ClientContext): string {
  if (!ctx.appId)
    throw new TikTokInputError(
      "appId",
      "TIKTOK_APP_ID is not set: copy it from your app's page in the TikTok for Business developer portal",
    );
  return ctx.appId;
}

/** The app id and secret, or an error saying which setting is missing. */
export function appCredentials(ctx: ClientContext): { appId: string; secret: string } {
  appId(ctx);
  if (!ctx.appSecret)
    throw new TikTokInputError(
      "appSecret",
      "TIKTOK_APP_SECRET is not set: copy it from your app's page in the TikTok for Business developer portal",
    );
  return { appId: ctx.appId!, secret: ctx.appSecret };
}

/** Caller-supplied ids must be TikTok id strings (digits), never numbers that lost precision. */
export function assertIds(field: string, ids: readonly string[], { min = 1 }: { min?: number } = {}): string[] {
  if (ids.length < min) throw new TikTokInputError(field, `Give at least ${min} id${min === 1 ? "" : "s"} in ${field}`);
  for (const id of ids) {
    if (typeof id !== "string" || !/^\d+$/.test(id)) {
      throw new TikTokInputError(field, `TikTok ids are strings of digits; got ${JSON.stringify(id)} in ${field}`);
    }
  }
  return [...new Set(ids)];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
