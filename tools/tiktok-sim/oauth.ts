// Authorization: auth codes, access tokens, the Access-Token check every protected call goes through,
// and the oauth2/* endpoints (docs/tiktok-api.md §4). Two token modes: "long_lived" is the real Marketing API
// (no expiry, no refresh token); "expiring" is the ~24 h tokens of commonly copied docs (docs/tiktok-api.md §7) refreshed through
// oauth2/access_token/ with grant_type=refresh_token (§7), kept so the client's refresh path can be tested.
// Does not render the consent page (consent-page.ts) or check advertiser access for resources.

import { ApiError, Code, paramError } from "./envelope.js";
import type { Params } from "./params.js";
import { mix, Rng } from "./prng.js";
import type { IssuedToken, TokenMode } from "./types.js";

const AUTH_CODE_TTL_MS = 60 * 60 * 1000;
const ACCESS_TOKEN_TTL_S = 86_400;
const REFRESH_TOKEN_TTL_S = 31_536_000;
/** Scope ids granted to the app; chosen on the developer app, not per request (§4). */
const SCOPE = [1, 2, 3, 4];

interface AuthCode {
  advertiserIds: string[];
  expiresAt: number;
  used: boolean;
}

/** One authorization by the user; refreshed access tokens share it, so grants and removals follow. */
interface Grant {
  advertiserIds: string[];
  refreshToken?: string;
  refreshExpiresAt?: number;
  dead: boolean;
}

export interface TokenRecord {
  accessToken: string;
  /** Epoch ms; only in expiring mode. */
  expiresAt?: number;
  revoked: boolean;
  grant: Grant;
}

export interface OAuthOptions {
  appId: string;
  appSecret: string;
  tokenMode: TokenMode;
  seed: number;
  now: () => number;
  /** All advertiser ids in the dataset, in order: what a user approves by default. */
  allAdvertiserIds: () => string[];
}

export class OAuth {
  private readonly codes = new Map<string, AuthCode>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly refreshTokens = new Map<string, TokenRecord>();
  private readonly rng: Rng;

  constructor(private readonly opts: OAuthOptions) {
    this.rng = new Rng(mix(opts.seed, 0x0a07));
  }

  get appId(): string {
    return this.opts.appId;
  }

  issueAuthCode(advertiserIds?: string[]): string {
    const code = this.rng.hex(40);
    this.codes.set(code, {
      advertiserIds: [...(advertiserIds ?? this.opts.allAdvertiserIds())],
      expiresAt: this.opts.now() + AUTH_CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  issueToken(advertiserIds?: string[]): IssuedToken {
    const rec = this.createToken({ advertiserIds: [...(advertiserIds ?? this.opts.allAdvertiserIds())], dead: false });
    const out: IssuedToken = { accessToken: rec.accessToken, advertiserIds: [...rec.grant.advertiserIds] };
    if (rec.grant.refreshToken) out.refreshToken = rec.grant.refreshToken;
    if (rec.expiresAt !== undefined) out.expiresIn = ACCESS_TOKEN_TTL_S;
    return out;
  }

  private createToken(grant: Grant): TokenRecord {
    const now = this.opts.now();
    const rec: TokenRecord = { accessToken: this.rng.hex(40), revoked: false, grant };
    if (this.opts.tokenMode === "expiring") {
      rec.expiresAt = now + ACCESS_TOKEN_TTL_S * 1000;
      if (!grant.refreshToken) {
        grant.refreshToken = this.rng.hex(40);
        grant.refreshExpiresAt = now + REFRESH_TOKEN_TTL_S * 1000;
      }
      this.refreshTokens.set(grant.refreshToken, rec);
    }
    this.tokens.set(rec.accessToken, rec);
    return rec;
  }

  /** The Access-Token check (§1, §2): missing 40104, unknown or revoked 40105, expired 40102. */
  authenticate(header: string | undefined): TokenRecord {
    if (!header)
      throw new ApiError(Code.TOKEN_MISSING, "Access token is null or empty. Pass it in the Access-Token header.");
    const rec = this.tokens.get(header);
    if (!rec || rec.revoked) throw new ApiError(Code.TOKEN_INVALID, "Access token is invalid or has been revoked.");
    if (rec.expiresAt !== undefined && this.opts.now() >= rec.expiresAt) {
      throw new ApiError(Code.TOKEN_EXPIRED, "Access token has expired.");
    }
    return rec;
  }

  find(accessToken: string): TokenRecord | undefined {
    return this.tokens.get(accessToken);
  }

  private checkApp(params: Params): void {
    const appId = params.requiredString("app_id");
    const secret = params.requiredString("secret");
    // docs/tiktok-api.md §2: 40000 covers invalid parameters such as an app_id that does not match.
    if (appId !== this.opts.appId) throw new ApiError(Code.INVALID_PARAMS, `app_id ${appId} does not match any app.`);
    if (secret !== this.opts.appSecret) throw new ApiError(Code.INVALID_PARAMS, "secret does not match the app_id.");
  }

  /** POST /oauth2/access_token/ — the code exchange, and (expiring mode only) the refresh form for expiring tokens (docs/tiktok-api.md §7). */
  accessToken(params: Params): unknown {
    this.checkApp(params);
    const grantType = params.string("grant_type");
    if (grantType === "refresh_token") return this.refresh(params);
    if (grantType !== undefined && grantType !== "authorization_code") {
      throw paramError(`grant_type: Must be one of: authorization_code, refresh_token.`);
    }
    const codeText = params.requiredString("auth_code");
    const code = this.codes.get(codeText);
    const now = this.opts.now();
    if (!code || code.used || now >= code.expiresAt) {
      // §4: the auth code is valid for 1 hour and works once.
      throw new ApiError(Code.AUTH_CODE_INVALID, "Auth code is invalid, expired (valid for 1 hour) or already used.");
    }
    code.used = true;
    const rec = this.createToken({ advertiserIds: [...code.advertiserIds], dead: false });
    const returnIds = params.bool("return_advertiser_ids") ?? true;
    return this.tokenAnswer(rec, returnIds);
  }

  private tokenAnswer(rec: TokenRecord, returnIds: boolean): Record<string, unknown> {
    const data: Record<string, unknown> = {
      access_token: rec.accessToken,
      advertiser_ids: returnIds ? [...rec.grant.advertiserIds] : [],
      scope: [...SCOPE],
    };
    if (rec.expiresAt !== undefined) {
      data.expires_in = Math.max(0, Math.round((rec.expiresAt - this.opts.now()) / 1000));
      data.refresh_token = rec.grant.refreshToken;
      data.refresh_token_expires_in = Math.max(
        0,
        Math.round(((rec.grant.refreshExpiresAt ?? 0) - this.opts.now()) / 1000),
      );
    }
    return data;
  }

  private refresh(params: Params): unknown {
    if (this.opts.tokenMode === "long_lived") {
      // §4/§7: Marketing API tokens do not expire and have no refresh flow.
      throw new ApiError(
        Code.INVALID_PARAMS,
        "grant_type refresh_token is not supported: Marketing API access tokens do not expire and have no refresh token.",
      );
    }
    const refreshToken = params.requiredString("auth_code");
    const old = this.refreshTokens.get(refreshToken);
    const now = this.opts.now();
    if (!old || old.grant.dead) throw new ApiError(Code.REFRESH_TOKEN_INVALID, "Refresh token is invalid.");
    // TikTok's return-code table gives an expired refresh token its own code (docs/tiktok-api.md §2).
    if (now >= (old.grant.refreshExpiresAt ?? 0))
      throw new ApiError(Code.REFRESH_TOKEN_EXPIRED, "Refresh token has expired.");
    // The refresh token stays the same (and keeps its own expiry); the previous access token stops working.
    for (const rec of this.tokens.values()) {
      if (rec.grant === old.grant) rec.revoked = true;
    }
    const rec = this.createToken(old.grant);
    return this.tokenAnswer(rec, true);
  }

  /** POST /oauth2/revoke_token/ — §4: answers the advertiser ids that lost access. */
  revokeToken(params: Params): unknown {
    this.checkApp(params);
    const token = params.requiredString("access_token");
    const rec = this.tokens.get(token);
    if (!rec || rec.revoked) throw new ApiError(Code.TOKEN_INVALID, "Access token is invalid or has been revoked.");
    this.revoke(rec);
    return { advertiser_ids: [...rec.grant.advertiserIds] };
  }

  revoke(rec: TokenRecord): void {
    rec.revoked = true;
    rec.grant.dead = true;
  }

  /** GET /oauth2/advertiser/get/ — §4: the advertisers this token reaches. */
  advertiserGet(params: Params, token: TokenRecord, nameOf: (id: string) => string | undefined): unknown {
    this.checkApp(params);
    return {
      list: token.grant.advertiserIds.map((id) => ({ advertiser_id: id, advertiser_name: nameOf(id) ?? "" })),
    };
  }

  grant(rec: TokenRecord, advertiserId: string): void {
    if (!rec.grant.advertiserIds.includes(advertiserId)) rec.grant.advertiserIds.push(advertiserId);
  }

  remove(rec: TokenRecord, advertiserId: string): void {
    const i = rec.grant.advertiserIds.indexOf(advertiserId);
    if (i >= 0) rec.grant.advertiserIds.splice(i, 1);
  }
}
