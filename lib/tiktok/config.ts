/**
 * Where the TikTok API lives and how fast we may call it.
 *
 * Environments: `production` (business-api.tiktok.com), `sandbox` (sandbox-ads.tiktok.com, same paths) and
 * `local` (our simulator, tools/tiktok-sim). Rate tiers are per developer app and shared by every advertiser
 * and user of a deployment (docs/tiktok-api.md §3), so the tier is a setting, not a constant.
 */
import { TikTokInputError } from "./errors";

export type TikTokEnvironment = "production" | "sandbox" | "local";

export const API_VERSION_PATH = "/open_api/v1.3";

/** Origins of the API and the advertiser-facing authorization portal, per environment. */
export const ENVIRONMENT_ORIGINS: Record<Exclude<TikTokEnvironment, "local">, { api: string; portal: string }> = {
  production: { api: "https://business-api.tiktok.com", portal: "https://business-api.tiktok.com" },
  // The sandbox has its own API host; advertisers still authorize on the production portal.
  sandbox: { api: "https://sandbox-ads.tiktok.com", portal: "https://business-api.tiktok.com" },
};

/** Default origin of `npm run sim`. */
export const LOCAL_SIMULATOR_ORIGIN = "http://127.0.0.1:8787";

export type RateTier = "basic" | "tier2" | "tier3" | "tier4";

export interface RateLimits {
  perSecond: number;
  perMinute: number;
  perDay: number;
}

/** TikTok's published app-level tiers (Basic is what a new app gets). */
export const RATE_TIERS: Record<RateTier, RateLimits> = {
  basic: { perSecond: 10, perMinute: 600, perDay: 864_000 },
  tier2: { perSecond: 20, perMinute: 1_200, perDay: 1_728_000 },
  tier3: { perSecond: 30, perMinute: 1_800, perDay: 2_592_000 },
  tier4: { perSecond: 50, perMinute: 3_000, perDay: 4_320_000 },
};

/**
 * TikTok's sandbox allows 1 request a second, 30 a minute and 1,000 a day per endpoint (docs/tiktok-api.md §3), and
 * exceeding it can lock the credentials for hours. We pace the whole app at one endpoint's share: a sync uses few
 * endpoints, and a sandbox is for trying the app, not for volume.
 */
export const SANDBOX_LIMITS: RateLimits = { perSecond: 1, perMinute: 30, perDay: 1_000 };

/**
 * The limits to pace at: an explicit tier (or explicit limits) wins; without one, the sandbox's own limit in the
 * sandbox and Basic elsewhere. The one place a tier name becomes numbers.
 */
export function resolveRateLimits(environment: TikTokEnvironment, tier?: RateTier | RateLimits): RateLimits {
  if (tier === undefined) return environment === "sandbox" ? SANDBOX_LIMITS : RATE_TIERS.basic;
  if (typeof tier !== "string") return tier;
  const limits = RATE_TIERS[tier];
  if (!limits)
    throw new TikTokInputError("tier", `Unknown rate tier "${tier}"; use one of ${Object.keys(RATE_TIERS).join(", ")}`);
  return limits;
}

export function isEnvironment(value: string): value is TikTokEnvironment {
  return value === "production" || value === "sandbox" || value === "local";
}

/**
 * Resolves the API base (origin + `/open_api/v1.3`) and the portal origin. `apiOrigin` overrides the API host
 * for any environment (a proxy, or the simulator on another port); `local` without it means the simulator's
 * default address, and the simulator serves the portal too.
 */
export function resolveEndpoints(
  environment: TikTokEnvironment,
  apiOrigin?: string,
): { apiBase: string; portalOrigin: string } {
  const override = apiOrigin ? apiOrigin.replace(/\/+$/, "").replace(/\/open_api\/v1\.3$/, "") : undefined;
  if (environment === "local") {
    const origin = override ?? LOCAL_SIMULATOR_ORIGIN;
    return { apiBase: origin + API_VERSION_PATH, portalOrigin: origin };
  }
  const origins = ENVIRONMENT_ORIGINS[environment];
  return { apiBase: (override ?? origins.api) + API_VERSION_PATH, portalOrigin: origins.portal };
}
