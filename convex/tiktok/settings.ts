/**
 * The TikTok settings of this deployment, read from Convex environment variables (see .env.example), with an
 * error that names the variable to set when one is missing or wrong. Never returns the secret to a client: only
 * actions call this.
 */
import { ConvexError } from "convex/values";
import { isEnvironment, RATE_TIERS, SANDBOX_LIMITS, type RateLimits, type RateTier, type TikTokEnvironment } from "../../lib/tiktok/config";

export interface TikTokSettings {
  appId: string;
  appSecret: string;
  environment: TikTokEnvironment;
  apiOrigin?: string;
  redirectUri: string;
  /** The app's rate tier; in TikTok's sandbox always its own ~1 request per second, whatever the tier. */
  tier: RateTier | RateLimits;
}

function misconfigured(message: string): ConvexError<{ code: "MISCONFIGURED"; message: string }> {
  return new ConvexError({ code: "MISCONFIGURED", message });
}

export function tiktokSettings(env: Record<string, string | undefined> = process.env): TikTokSettings {
  const required = (name: string, hint: string) => {
    const value = env[name]?.trim();
    if (!value) throw misconfigured(`${name} is not set on the Convex deployment: ${hint} (npx convex env set ${name} …)`);
    return value;
  };
  const appId = required("TIKTOK_APP_ID", "copy it from your app in the TikTok for Business developer portal");
  const appSecret = required("TIKTOK_APP_SECRET", "copy it from your app in the TikTok for Business developer portal");
  const redirectUri = required("TIKTOK_REDIRECT_URI", "the app's https://…/api/auth/tiktok/callback, as registered on the TikTok app");
  if (!/^https?:\/\/[^/]+\/api\/auth\/tiktok\/callback$/.test(redirectUri)) {
    throw misconfigured(`TIKTOK_REDIRECT_URI must be this app's origin followed by /api/auth/tiktok/callback; got ${redirectUri}`);
  }
  const environment = env.TIKTOK_ENVIRONMENT?.trim() || "production";
  if (!isEnvironment(environment)) throw misconfigured(`TIKTOK_ENVIRONMENT must be production, sandbox or local; got ${environment}`);
  const tier = env.TIKTOK_RATE_TIER?.trim() || "basic";
  if (!Object.hasOwn(RATE_TIERS, tier)) throw misconfigured(`TIKTOK_RATE_TIER must be one of ${Object.keys(RATE_TIERS).join(", ")}; got ${tier}`);
  const apiOrigin = env.TIKTOK_API_ORIGIN?.trim() || undefined;
  return { appId, appSecret, environment, apiOrigin, redirectUri, tier: environment === "sandbox" ? SANDBOX_LIMITS : (tier as RateTier) };
}
