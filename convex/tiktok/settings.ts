/**
 * The TikTok settings of this deployment, read from Convex environment variables (see .env.convex.example) and
 * resolved once: callers get the rate limits to pace at and the refresh window in milliseconds, never raw strings,
 * and nothing else reads `process.env` for TikTok settings. A missing or wrong value is a `MisconfiguredError`
 * that names the variable to set. Never returns the secret to a client: only actions call this.
 */
import { ConvexError } from "convex/values";
import { isEnvironment, RATE_TIERS, resolveRateLimits, type RateLimits, type RateTier, type TikTokEnvironment } from "../../lib/tiktok/config";

export interface TikTokSettings {
  appId: string;
  appSecret: string;
  environment: TikTokEnvironment;
  apiOrigin?: string;
  redirectUri: string;
  /** What the app paces at: the rate tier's limits, or in TikTok's sandbox its own ~1 request/s whatever the tier. */
  limits: RateLimits;
  /** How long before an expiring token's expiry the token sweep refreshes it. */
  refreshWindowMs: number;
}

/** This deployment's configuration needs fixing; the message names the variable and what to set. */
export class MisconfiguredError extends ConvexError<{ code: "MISCONFIGURED"; message: string }> {
  /** How lib/connect/failures.ts recognises a configuration problem, whatever class raised it. */
  readonly kind = "config";
  constructor(message: string) {
    super({ code: "MISCONFIGURED", message });
    this.message = message;
  }
}

export const DEFAULT_REFRESH_WINDOW_MS = 2 * 60 * 60_000;
/** At least two token sweeps (15 minutes apart) must fit in the window, or one missed sweep lets a token lapse. */
const MIN_REFRESH_WINDOW_MINUTES = 30;

type Env = Record<string, string | undefined>;

function refreshWindowMs(env: Env): number {
  const raw = env.TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES?.trim();
  if (!raw) return DEFAULT_REFRESH_WINDOW_MS;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < MIN_REFRESH_WINDOW_MINUTES) {
    throw new MisconfiguredError(`TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES must be a number of minutes, at least ${MIN_REFRESH_WINDOW_MINUTES}; got ${raw}`);
  }
  return minutes * 60_000;
}

export function tiktokSettings(env: Env = process.env): TikTokSettings {
  const required = (name: string, hint: string) => {
    const value = env[name]?.trim();
    if (!value) throw new MisconfiguredError(`${name} is not set on the Convex deployment: ${hint} (npm run setup, or npx convex env set ${name} …)`);
    return value;
  };
  const appId = required("TIKTOK_APP_ID", "copy it from your app in the TikTok for Business developer portal");
  const appSecret = required("TIKTOK_APP_SECRET", "copy it from your app in the TikTok for Business developer portal");
  const redirectUri = required("TIKTOK_REDIRECT_URI", "the app's https://…/api/auth/tiktok/callback, as registered on the TikTok app");
  if (!/^https?:\/\/[^/]+\/api\/auth\/tiktok\/callback$/.test(redirectUri)) {
    throw new MisconfiguredError(`TIKTOK_REDIRECT_URI must be this app's origin followed by /api/auth/tiktok/callback; got ${redirectUri}`);
  }
  const environment = env.TIKTOK_ENVIRONMENT?.trim() || "production";
  if (!isEnvironment(environment)) throw new MisconfiguredError(`TIKTOK_ENVIRONMENT must be production, sandbox or local; got ${environment}`);
  const tier = env.TIKTOK_RATE_TIER?.trim() || "basic";
  if (!Object.hasOwn(RATE_TIERS, tier)) {
    throw new MisconfiguredError(`TIKTOK_RATE_TIER must be one of ${Object.keys(RATE_TIERS).join(", ")}; got ${tier}`);
  }
  const apiOrigin = env.TIKTOK_API_ORIGIN?.trim() || undefined;
  return {
    appId,
    appSecret,
    environment,
    apiOrigin,
    redirectUri,
    // The sandbox's own limit applies whatever tier the production app has (tiktok-api.md §3).
    limits: resolveRateLimits(environment, environment === "sandbox" ? undefined : (tier as RateTier)),
    refreshWindowMs: refreshWindowMs(env),
  };
}
