/**
 * The TikTok settings of this deployment, read from Convex environment variables (see .env.convex.example) and
 * resolved once: callers get the rate limits to pace at and the refresh window in milliseconds, never raw strings,
 * and nothing else reads `process.env` for TikTok settings. A missing or wrong value is a `MisconfiguredError`
 * that names the variable to set. Never returns the secret to a client: only actions call this.
 */
import { ConvexError } from "convex/values";
import { env as deploymentEnv } from "../_generated/server";
import {
  isEnvironment,
  RATE_TIERS,
  resolveRateLimits,
  type RateLimits,
  type RateTier,
  type TikTokEnvironment,
} from "../../lib/tiktok/config";

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
  sync: SyncSettings;
}

export interface SyncSettings {
  /** Days the first sync of an account fetches, ending today (TIKTOK_SYNC_BACKFILL_DAYS, default 90). */
  backfillDays: number;
  /** Days before today every later sync fetches again, with today: TikTok restates them (TIKTOK_SYNC_LOOKBACK_DAYS, 7). */
  lookbackDays: number;
  /** How often each account is synced (TIKTOK_SYNC_INTERVAL_MINUTES, default 60). */
  intervalMs: number;
  /**
   * Accounts synced at once across the deployment (TIKTOK_SYNC_PARALLELISM, default 4). A step hands off through the
   * pool in a few hundred ms, so two workers left the sync's share of the rate budget unused (bench:sync); the
   * governor caps the rate whatever the number.
   */
  parallelism: number;
  /**
   * TIKTOK_SYNC_ENABLED=false pauses the automatic syncs (after connecting, and the cron); Sync now still works. For
   * an operator who must stop background TikTok traffic for a while, and for tests about something else.
   */
  enabled: boolean;
}

/** Each sync setting: its variable, default and bounds. One table, read by the resolver and by npm run setup alike. */
export const SYNC_SETTINGS = {
  backfillDays: { variable: "TIKTOK_SYNC_BACKFILL_DAYS", fallback: 90, min: 1, max: 365, unit: "days" },
  lookbackDays: { variable: "TIKTOK_SYNC_LOOKBACK_DAYS", fallback: 7, min: 1, max: 28, unit: "days" },
  intervalMinutes: { variable: "TIKTOK_SYNC_INTERVAL_MINUTES", fallback: 60, min: 15, max: 24 * 60, unit: "minutes" },
  parallelism: { variable: "TIKTOK_SYNC_PARALLELISM", fallback: 4, min: 1, max: 20, unit: "accounts" },
} as const;

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

/**
 * "; got …" for a short, plain value, so the operator sees what is wrong; nothing for anything else. These messages
 * reach members (a connection's or a sync's last error) and logs, and a secret pasted into the wrong variable must
 * not travel with them.
 */
function got(value: string): string {
  return value.length <= 100 && /^[\w.:/@+-]+$/.test(value) && !/^[A-Za-z0-9+/=_-]{32,}$/.test(value)
    ? `; got ${value}`
    : "";
}

/** One problem with one variable, in words that say what to set. */
export interface SettingProblem {
  variable: string;
  message: string;
}

/**
 * Every problem with the TikTok settings in `env`, each naming its variable (none: the settings resolve).
 * `npm run setup` asks this too, so a file is judged by the same rules the deployment applies.
 */
export function settingsProblems(env: Env): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const say = (variable: string, message: string) => problems.push({ variable, message: `${variable} ${message}` });
  const value = (name: string) => env[name]?.trim() || undefined;
  const missing = (name: string, hint: string) => {
    if (!value(name))
      say(name, `is not set on the Convex deployment: ${hint} (npm run setup, or npx convex env set ${name} …)`);
  };
  missing("TIKTOK_APP_ID", "copy it from your app in the TikTok for Business developer portal");
  missing("TIKTOK_APP_SECRET", "copy it from your app in the TikTok for Business developer portal");
  missing("TIKTOK_REDIRECT_URI", "the app's https://…/api/auth/tiktok/callback, as registered on the TikTok app");
  const redirectUri = value("TIKTOK_REDIRECT_URI");
  if (redirectUri && !REDIRECT_URI.test(redirectUri)) {
    say("TIKTOK_REDIRECT_URI", `must be this app's origin followed by /api/auth/tiktok/callback${got(redirectUri)}`);
  }
  const environment = value("TIKTOK_ENVIRONMENT") ?? "production";
  if (!isEnvironment(environment)) say("TIKTOK_ENVIRONMENT", `must be production, sandbox or local${got(environment)}`);
  const tier = value("TIKTOK_RATE_TIER") ?? "basic";
  if (!Object.hasOwn(RATE_TIERS, tier))
    say("TIKTOK_RATE_TIER", `must be one of ${Object.keys(RATE_TIERS).join(", ")}${got(tier)}`);
  const window = value("TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES");
  if (window !== undefined && !(Number(window) >= MIN_REFRESH_WINDOW_MINUTES)) {
    say(
      "TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES",
      `must be a number of minutes, at least ${MIN_REFRESH_WINDOW_MINUTES}${got(window)}`,
    );
  }
  const enabled = value("TIKTOK_SYNC_ENABLED");
  if (enabled !== undefined && enabled !== "true" && enabled !== "false")
    say("TIKTOK_SYNC_ENABLED", `must be true or false${got(enabled)}`);
  for (const { variable, min, max, unit } of Object.values(SYNC_SETTINGS)) {
    const raw = value(variable);
    const n = Number(raw);
    if (raw !== undefined && !(Number.isInteger(n) && n >= min && n <= max))
      say(variable, `must be a whole number of ${unit} from ${min} to ${max}${got(raw)}`);
  }
  return problems;
}

function syncSetting(env: Env, key: keyof typeof SYNC_SETTINGS): number {
  const { variable, fallback } = SYNC_SETTINGS[key];
  const raw = env[variable]?.trim();
  return raw ? Number(raw) : fallback;
}

const REDIRECT_URI = /^https?:\/\/[^/]+\/api\/auth\/tiktok\/callback$/;

export function tiktokSettings(env: Env = deploymentEnv): TikTokSettings {
  const problems = settingsProblems(env);
  if (problems.length > 0) throw new MisconfiguredError(problems.map((p) => p.message).join("; "));
  const value = (name: string) => env[name]?.trim() || undefined;
  const environment = (value("TIKTOK_ENVIRONMENT") ?? "production") as TikTokEnvironment;
  const tier = (value("TIKTOK_RATE_TIER") ?? "basic") as RateTier;
  const window = value("TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES");
  return {
    appId: value("TIKTOK_APP_ID")!,
    appSecret: value("TIKTOK_APP_SECRET")!,
    environment,
    apiOrigin: value("TIKTOK_API_ORIGIN"),
    redirectUri: value("TIKTOK_REDIRECT_URI")!,
    // The sandbox's own limit applies whatever tier the production app has (docs/tiktok-api.md §3).
    limits: resolveRateLimits(environment, environment === "sandbox" ? undefined : tier),
    refreshWindowMs: window === undefined ? DEFAULT_REFRESH_WINDOW_MS : Number(window) * 60_000,
    sync: {
      backfillDays: syncSetting(env, "backfillDays"),
      lookbackDays: syncSetting(env, "lookbackDays"),
      intervalMs: syncSetting(env, "intervalMinutes") * 60_000,
      parallelism: syncSetting(env, "parallelism"),
      enabled: value("TIKTOK_SYNC_ENABLED") !== "false",
    },
  };
}
