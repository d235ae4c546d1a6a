/**
 * `createTikTokClient`: one object per app configuration, with a resource per part of the API.
 * Tokens are per call (many connections share one app, one rate limit and one client).
 */
import {
  isEnvironment,
  resolveEndpoints,
  resolveRateLimits,
  type RateLimits,
  type RateTier,
  type TikTokEnvironment,
} from "./config";
import type { ClientContext } from "./context";
import { advertisersResource } from "./advertisers";
import { campaignsResource } from "./campaigns";
import { TikTokInputError } from "./errors";
import { oauthResource } from "./oauth";
import { createRateGate, type RateGate } from "./rate-gate";
import { reportsResource } from "./reports";
import { createTransport, type AttemptEvent, type Governor } from "./request";
import type { RetryPolicy } from "./retry";

export interface TikTokClientOptions {
  appId?: string;
  appSecret?: string;
  /** Default `production`. */
  environment?: TikTokEnvironment;
  /** Overrides the API origin (e.g. the simulator on another port). */
  apiOrigin?: string;
  /** The app's rate tier (default Basic: 10/s, 600/min; in the sandbox 1/s), or explicit limits. */
  tier?: RateTier | RateLimits;
  /** Replace the in-process pacing (tests, or a caller that paces elsewhere); `false` turns it off. */
  rateGate?: RateGate | false;
  /** App-wide limiter shared across processes (the Convex side). */
  governor?: Governor;
  onAttempt?: (event: AttemptEvent) => void;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export function createTikTokClient(options: TikTokClientOptions = {}) {
  const environment = options.environment ?? "production";
  if (!isEnvironment(environment)) {
    throw new TikTokInputError(
      "environment",
      `Unknown TikTok environment "${String(environment)}"; use production, sandbox or local`,
    );
  }
  const { apiBase, portalOrigin } = resolveEndpoints(environment, options.apiOrigin);
  const limits = resolveRateLimits(environment, options.tier);
  const rateGate = options.rateGate === false ? undefined : (options.rateGate ?? createRateGate(limits));
  const request = createTransport({
    apiBase,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    rateGate,
    governor: options.governor,
    retry: options.retry,
    onAttempt: options.onAttempt,
    sleep: options.sleep,
    secrets: options.appSecret ? [options.appSecret] : [],
  });
  const ctx: ClientContext = {
    request,
    appId: options.appId,
    appSecret: options.appSecret,
    portalOrigin,
    now: options.now ?? Date.now,
  };
  return {
    environment,
    apiBase,
    limits,
    /** The raw choke point, for endpoints without a resource yet. */
    request,
    oauth: oauthResource(ctx),
    advertisers: advertisersResource(ctx),
    campaigns: campaignsResource(ctx),
    reports: reportsResource(ctx),
  };
}

export type TikTokClient = ReturnType<typeof createTikTokClient>;
