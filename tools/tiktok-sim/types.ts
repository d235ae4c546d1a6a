// Public types of the TikTok API simulator: options, the handle returned by start(), the control surface,
// the request log and fault rules. Types only: no behaviour lives here.

export const FAULT_KINDS = [
  "http500",
  "http502",
  "http504",
  "code50000",
  "code50002",
  "rate40100",
  "reset",
  "stall",
  "malformed",
  // A successful answer whose `data.list` is empty: TikTok's lists do come back empty now and then.
  "emptyList",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Chance that a matching request is faulted; default 1. Drawn from a PRNG seeded by `seed`, so runs repeat. */
  probability?: number;
  /** API path prefix such as "/report/integrated/get/" (the "/open_api/v1.3" prefix is optional); default all API paths. */
  path?: string;
  /** Apply to at most this many matching requests, then the rule is spent. */
  count?: number;
  /**
   * For `stall`: answer normally after this delay. Default: hold the request until the control's releaseStalls()
   * answers it, the client aborts, or close().
   */
  stallMs?: number;
  /**
   * Process the request first (state changes happen, e.g. the campaign is created), then lose the answer.
   * This is how tests prove that an idempotent create (`request_id`) yields exactly one campaign.
   */
  afterProcessing?: boolean;
}

export interface RateLimits {
  perSecond: number;
  perMinute: number;
  perDay: number;
}

export type DatasetOption =
  "demo" | "showcase" | "small" | "bench" | { advertisers: number; campaignsPerAdvertiser: number };

export type Tier = "basic" | "tier2" | "tier3" | "tier4";
export type TokenMode = "long_lived" | "expiring";
export type Flavor = "production" | "sandbox";

export interface SimOptions {
  port?: number;
  host?: string;
  seed?: number;
  dataset?: DatasetOption;
  appId?: string;
  appSecret?: string;
  redirectUris?: string[];
  tokenMode?: TokenMode;
  tier?: Tier;
  rateLimits?: RateLimits | false;
  advertiserPathQps?: number | false;
  reportMaxRows?: number;
  flavor?: Flavor;
  now?: number;
  faults?: FaultRule[];
  log?: boolean;
}

export interface SimRequest {
  /** Sim clock (epoch ms) at arrival. */
  at: number;
  method: string;
  path: string;
  /** Raw query parameters; `secret` is redacted. */
  query: Record<string, string>;
  /** Parsed JSON body (raw text when it is not JSON); secrets and tokens are redacted. */
  body: unknown;
  advertiserId?: string;
  /** 0 while unanswered, and for a reset connection. */
  httpStatus: number;
  code?: number;
  requestId?: string;
  fault?: FaultKind;
}

export interface SimAdvertiser {
  advertiser_id: string;
  name: string;
  currency: string;
  timezone: string;
  display_timezone: string;
  balance: number;
  status: string;
  create_time: number;
  company: string;
  country: string;
  role: string;
}

export interface SimCampaign {
  campaign_id: string;
  advertiser_id: string;
  campaign_name: string;
  campaign_type: string;
  objective_type: string;
  app_promotion_type?: string;
  budget_mode: string;
  budget: number;
  operation_status: "ENABLE" | "DISABLE";
  secondary_status?: string;
  create_time: string;
  modify_time: string;
  is_new_structure: boolean;
  is_smart_performance_campaign: boolean;
  special_industries: string[];
}

export interface IssuedToken {
  accessToken: string;
  refreshToken?: string;
  advertiserIds: string[];
  expiresIn?: number;
}

export interface SimCampaignDay {
  campaign_id: string;
  date: string;
  spend: number;
  impressions: number;
  clicks: number;
  conversion: number;
  /** The metrics asked for by TikTok name, as the report endpoint writes them (strings, "-" for none). */
  metrics: Record<string, string>;
}

export interface SimControl {
  advertisers(): SimAdvertiser[];
  campaigns(advertiserId: string, opts?: { includeDeleted?: boolean }): SimCampaign[];
  issueAuthCode(opts?: { advertiserIds?: string[] }): string;
  issueToken(opts?: { advertiserIds?: string[] }): IssuedToken;
  revokeToken(accessToken: string): void;
  grantAdvertiser(accessToken: string, advertiserId: string): void;
  removeAdvertiser(accessToken: string, advertiserId: string): void;
  advanceClock(ms: number): void;
  /** Real time stops moving the clock (advanceClock still does); see SimClock.freeze. */
  freezeClock(): void;
  now(): number;
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  /**
   * Answers every request a `stall` fault is holding, now, as its stall's end would have (a test lets TikTok's answer
   * arrive exactly when it has done what must happen meanwhile). Returns how many were released.
   */
  releaseStalls(): number;
  setRateLimits(limits: RateLimits | false): void;
  reportRowCount(args: { advertiserId: string; startDate: string; endDate: string; includeDeleted?: boolean }): number;
  /** Report row sets computed so far: a query's further pages come from its cached row set, computing none. */
  reportRowSetsBuilt(): number;
  /**
   * The ground truth a sync is checked against: what every campaign (deleted ones too) delivered on each local day
   * of the range, read from the metrics model itself, not through the report endpoint. Spend in real units.
   */
  /**
   * The model's own campaign-days, deleted campaigns included (the truth tests compare a sync with), with `metrics`
   * by TikTok name written as the report endpoint writes them.
   */
  campaignDays(args: {
    advertiserId: string;
    startDate: string;
    endDate: string;
    metrics?: readonly string[];
  }): SimCampaignDay[];
  resetLog(): void;
}

export interface Sim {
  url: string;
  apiBase: string;
  control: SimControl;
  requests: SimRequest[];
  close(): Promise<void>;
}
