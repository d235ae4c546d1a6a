// The API surface the simulator serves, path by path (paths relative to /open_api/v1.3, always with the
// trailing slash: docs/tiktok-api.md §1), with each endpoint's HTTP method and whether it needs Access-Token.
// A path missing here answers 404 like TikTok's gateway does.

import { advertiserInfo } from "./advertisers.js";
import type { ApiContext } from "./api-context.js";
import { campaignCreate, campaignGet, campaignStatusUpdate, campaignUpdate } from "./campaigns.js";
import { ApiError, Code } from "./envelope.js";

export interface Endpoint {
  method: "GET" | "POST";
  auth: boolean;
  /** May be async: slow work (reports) must not hold the event loop. */
  handle(ctx: ApiContext): unknown;
}

export const ROUTES: Record<string, Endpoint> = {
  "/oauth2/access_token/": { method: "POST", auth: false, handle: (ctx) => ctx.svc.oauth.accessToken(ctx.params) },
  "/oauth2/revoke_token/": { method: "POST", auth: false, handle: (ctx) => ctx.svc.oauth.revokeToken(ctx.params) },
  "/oauth2/advertiser/get/": {
    method: "GET",
    auth: true,
    handle: (ctx) => {
      // §4: this endpoint does not work in the sandbox.
      if (ctx.svc.flavor === "sandbox")
        throw new ApiError(Code.NO_PERMISSION, "oauth2/advertiser/get/ is not available in the sandbox environment.");
      return ctx.svc.oauth.advertiserGet(ctx.params, ctx.token!, (id) => ctx.svc.world.advertiser(id)?.name);
    },
  },
  "/advertiser/info/": { method: "GET", auth: true, handle: advertiserInfo },
  "/campaign/get/": { method: "GET", auth: true, handle: campaignGet },
  "/campaign/create/": { method: "POST", auth: true, handle: campaignCreate },
  "/campaign/update/": { method: "POST", auth: true, handle: campaignUpdate },
  "/campaign/status/update/": { method: "POST", auth: true, handle: campaignStatusUpdate },
  // §5: a synchronous report is a GET with JSON-encoded query parameters, not a POST with a body.
  "/report/integrated/get/": { method: "GET", auth: true, handle: (ctx) => ctx.svc.reports.handle(ctx) },
};
