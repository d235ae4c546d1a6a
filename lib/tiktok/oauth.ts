/**
 * Advertiser authorization (docs/tiktok-api.md §4): the portal URL, the auth-code exchange, the refresh form for expiring tokens (docs/tiktok-api.md §7)
 * for tokens that carry an expiry, revocation, and the list of advertisers a token reaches.
 *
 * Marketing API tokens do not expire on a timer and have no refresh token; `expiresAt` and `refreshToken` are
 * set only when TikTok's answer carries `expires_in` / `refresh_token`. We never invent an expiry.
 * The exchange and the refresh are not idempotent (a code works once; a refresh may rotate the refresh token),
 * so request() retries them only when TikTok surely did not act (rate limits, connection refused).
 */
import { z } from "zod";
import { appCredentials, appId as requireAppId, type ClientContext } from "./context";
import { TikTokAuthError, TikTokInputError } from "./errors";

export interface TokenGrant {
  accessToken: string;
  advertiserIds: string[];
  scope: number[];
  /** Epoch ms; absent for the Marketing API's long-lived tokens. */
  expiresAt?: number;
  refreshToken?: string;
  refreshTokenExpiresAt?: number;
  requestId?: string;
}

const tokenDataSchema = z.object({
  access_token: z.string().min(1),
  advertiser_ids: z.array(z.string()).optional(),
  scope: z.array(z.number()).optional(),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().positive().optional(),
});

const revokeDataSchema = z.object({ advertiser_ids: z.array(z.string()).optional() });

const authorizedAdvertisersSchema = z.object({
  list: z.array(z.object({ advertiser_id: z.string(), advertiser_name: z.string().optional().default("") })),
});

export interface AuthorizedAdvertiser {
  advertiserId: string;
  name: string;
}

function toGrant(data: z.infer<typeof tokenDataSchema>, now: number, requestId?: string): TokenGrant {
  const grant: TokenGrant = {
    accessToken: data.access_token,
    advertiserIds: data.advertiser_ids ?? [],
    scope: data.scope ?? [],
    requestId,
  };
  // TikTok's lifetimes are relative seconds; store absolute times so a sweep can compare them.
  if (data.expires_in !== undefined) grant.expiresAt = now + data.expires_in * 1000;
  if (data.refresh_token !== undefined) grant.refreshToken = data.refresh_token;
  if (data.refresh_token_expires_in !== undefined)
    grant.refreshTokenExpiresAt = now + data.refresh_token_expires_in * 1000;
  return grant;
}

export function oauthResource(ctx: ClientContext) {
  return {
    /** Where to send the advertiser. No scope parameter exists: scopes are chosen on the developer app. */
    authorizeUrl({ redirectUri, state }: { redirectUri: string; state: string }): string {
      // Only the app id: a URL the browser carries must not need (or risk) the secret.
      const appId = requireAppId(ctx);
      if (!/^https?:\/\//.test(redirectUri)) {
        throw new TikTokInputError(
          "redirectUri",
          `The redirect URI must be an absolute http(s) URL registered on the TikTok app; got "${redirectUri}"`,
        );
      }
      if (!state) throw new TikTokInputError("state", "An OAuth state is required to protect the callback");
      const params = new URLSearchParams({ app_id: appId, state, redirect_uri: redirectUri });
      return `${ctx.portalOrigin}/portal/auth?${params}`;
    },

    /** Trades the `auth_code` from the callback for an access token. The code works once, within 1 hour. */
    async exchangeAuthCode({
      authCode,
      returnAdvertiserIds = true,
    }: {
      authCode: string;
      returnAdvertiserIds?: boolean;
    }): Promise<TokenGrant> {
      if (!authCode) throw new TikTokInputError("authCode", "The callback carried no auth_code");
      const { appId, secret } = appCredentials(ctx);
      const body: Record<string, unknown> = { app_id: appId, secret, auth_code: authCode };
      if (!returnAdvertiserIds) body.return_advertiser_ids = false;
      const res = await ctx.request({
        method: "POST",
        path: "/oauth2/access_token/",
        body,
        data: tokenDataSchema,
        secrets: [authCode],
        idempotent: false,
      });
      return toGrant(res.data, ctx.now(), res.requestId);
    },

    /**
     * The refresh of expiring tokens (docs/tiktok-api.md §7), for tokens that came with `expires_in` and a refresh token: the same endpoint with
     * `grant_type: "refresh_token"` and the refresh token in `auth_code`.
     */
    async refreshAccessToken({ refreshToken }: { refreshToken: string }): Promise<TokenGrant> {
      if (!refreshToken)
        throw new TikTokInputError(
          "refreshToken",
          "This connection has no refresh token; its token cannot be refreshed, only verified",
        );
      const { appId, secret } = appCredentials(ctx);
      const res = await ctx.request({
        method: "POST",
        path: "/oauth2/access_token/",
        body: { app_id: appId, secret, grant_type: "refresh_token", auth_code: refreshToken },
        data: tokenDataSchema,
        secrets: [refreshToken],
        idempotent: false,
      });
      return toGrant(res.data, ctx.now(), res.requestId);
    },

    /**
     * Ends the authorization at TikTok. Returns the advertisers that lost access. A token TikTok already calls
     * revoked (40105: revoked by the advertiser, or our own first attempt whose answer was lost) is the outcome
     * wanted, so it counts as done.
     */
    async revoke({ accessToken }: { accessToken: string }): Promise<{ advertiserIds: string[] }> {
      const { appId, secret } = appCredentials(ctx);
      const res = await ctx
        .request({
          method: "POST",
          path: "/oauth2/revoke_token/",
          body: { app_id: appId, secret, access_token: accessToken },
          data: revokeDataSchema,
          secrets: [accessToken],
          idempotent: true,
        })
        .catch((error: unknown) => {
          if (error instanceof TikTokAuthError && error.problem === "token_revoked")
            return { data: { advertiser_ids: [] } };
          throw error;
        });
      return { advertiserIds: res.data.advertiser_ids ?? [] };
    },

    /**
     * The advertisers this token reaches now: verifies a long-lived token and shows accounts granted or removed
     * since connecting. Not available in TikTok's sandbox.
     */
    async authorizedAdvertisers({ accessToken }: { accessToken: string }): Promise<AuthorizedAdvertiser[]> {
      const { appId, secret } = appCredentials(ctx);
      const res = await ctx.request({
        method: "GET",
        path: "/oauth2/advertiser/get/",
        accessToken,
        query: { app_id: appId, secret },
        data: authorizedAdvertisersSchema,
      });
      return res.data.list.map((a) => ({ advertiserId: a.advertiser_id, name: a.advertiser_name }));
    },
  };
}
