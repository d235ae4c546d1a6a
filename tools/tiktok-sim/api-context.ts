// What an endpoint handler receives: its parameters, the authenticated token, the sim's services, and the
// one advertiser-access rule every resource shares (a token reaches only the advertisers it was granted;
// otherwise 40001, docs/tiktok-api.md §2). Handlers return `data` or throw ApiError; the envelope is server.ts's job.

import type { AdvertiserRecord } from "./dataset.js";
import { ApiError, Code } from "./envelope.js";
import type { OAuth, TokenRecord } from "./oauth.js";
import type { Params } from "./params.js";
import type { ReportEngine } from "./reports.js";
import type { Flavor } from "./types.js";
import type { World } from "./world.js";

export interface Services {
  world: World;
  oauth: OAuth;
  reports: ReportEngine;
  flavor: Flavor;
  now: () => number;
}

export interface ApiContext {
  params: Params;
  /** Present on endpoints that require the Access-Token header. */
  token?: TokenRecord;
  svc: Services;
}

export function requireAdvertiser(ctx: ApiContext, advertiserId: string): AdvertiserRecord {
  const adv = ctx.svc.world.advertiser(advertiserId);
  if (!adv || !ctx.token || !ctx.token.grant.advertiserIds.includes(advertiserId)) {
    throw new ApiError(
      Code.NO_PERMISSION,
      `No permission to operate advertiser ${advertiserId}. The access token is not authorized for it.`,
    );
  }
  return adv;
}
