// Turns a report row's integer totals into TikTok's metric strings (docs/tiktok-api.md §5): every value is a
// string, "-" when there is no value (a ratio over zero), ratios recomputed from the row's own totals
// (ctr in percent, cpm per mille), spend with the currency's precision, ratios with 2 decimals.
// Also the list of metric names the simulator knows: an unknown name is the caller's 40002.

import type { AdvertiserRecord, CampaignRecord } from "./dataset.js";
import type { Totals } from "./metrics.js";
import { formatMinor, minorToUnits } from "./money.js";
import { unit } from "./prng.js";

export interface MetricRow {
  totals: Totals;
  advertiser: AdvertiserRecord;
  /** Present on rows of a single campaign. */
  campaign?: CampaignRecord;
}

const NONE = "-";

/** x rounded to 2 decimals, as text ("14.68"). Integer arithmetic: reports format thousands of these per page. */
function r2(x: number): string {
  const cents = Math.round(x * 100 + 1e-7);
  const whole = Math.floor(cents / 100);
  const rest = cents - whole * 100;
  return `${whole}${rest < 10 ? ".0" : "."}${rest}`;
}

function ratio(numerator: number, denominator: number, scale = 1): string {
  return denominator > 0 ? r2((numerator / denominator) * scale) : NONE;
}

function spendUnits(r: MetricRow): number {
  return minorToUnits(r.totals.spendMinor, r.advertiser.currency);
}

/** A stable per-row factor in [min, max) for metrics the model derives from impressions or plays. */
function factor(r: MetricRow, slot: number, min: number, max: number): number {
  return min + (max - min) * unit(r.campaign?.key ?? r.advertiser.key, slot);
}

function count(n: number): string {
  return String(Math.max(0, Math.floor(n)));
}

type Formatter = (r: MetricRow) => string;

const conversionMetrics: Record<string, Formatter> = {
  conversion: (r) => String(r.totals.conversion),
  cost_per_conversion: (r) => ratio(spendUnits(r), r.totals.conversion),
  conversion_rate: (r) => ratio(r.totals.conversion, r.totals.clicks, 100),
};

function sameAsConversion(countName: string, costName: string, rateName: string): Record<string, Formatter> {
  return {
    [countName]: conversionMetrics.conversion!,
    [costName]: conversionMetrics.cost_per_conversion!,
    [rateName]: conversionMetrics.conversion_rate!,
  };
}

const videoP25 = (r: MetricRow) => r.totals.videoPlays * factor(r, 203, 0.35, 0.45);

export const METRICS: Record<string, Formatter> = {
  spend: (r) => formatMinor(r.totals.spendMinor, r.advertiser.currency),
  cash_spend: (r) => formatMinor(r.totals.spendMinor, r.advertiser.currency),
  voucher_spend: (r) => formatMinor(0, r.advertiser.currency),
  impressions: (r) => String(r.totals.impressions),
  clicks: (r) => String(r.totals.clicks),
  reach: (r) => String(r.totals.reach),
  ctr: (r) => ratio(r.totals.clicks, r.totals.impressions, 100),
  cpc: (r) => ratio(spendUnits(r), r.totals.clicks),
  cpm: (r) => ratio(spendUnits(r), r.totals.impressions, 1000),
  frequency: (r) => ratio(r.totals.impressions, r.totals.reach),
  cost_per_1000_reached: (r) => ratio(spendUnits(r), r.totals.reach, 1000),
  ...conversionMetrics,
  // The simulated objectives optimise for conversions, so "result" is the conversion count.
  ...sameAsConversion("real_time_conversion", "real_time_cost_per_conversion", "real_time_conversion_rate"),
  ...sameAsConversion("result", "cost_per_result", "result_rate"),
  ...sameAsConversion("real_time_result", "real_time_cost_per_result", "real_time_result_rate"),
  app_install: (r) => String(r.totals.appInstalls),
  real_time_app_install: (r) => String(r.totals.appInstalls),
  real_time_app_install_cost: (r) => ratio(spendUnits(r), r.totals.appInstalls),
  secondary_goal_result: () => NONE,
  cost_per_secondary_goal_result: () => NONE,
  secondary_goal_result_rate: () => NONE,
  video_play_actions: (r) => String(r.totals.videoPlays),
  video_watched_2s: (r) => count(r.totals.videoPlays * factor(r, 201, 0.5, 0.7)),
  video_watched_6s: (r) => count(r.totals.videoPlays * factor(r, 202, 0.22, 0.34)),
  video_views_p25: (r) => count(videoP25(r)),
  video_views_p50: (r) => count(videoP25(r) * 0.6),
  video_views_p75: (r) => count(videoP25(r) * 0.36),
  video_views_p100: (r) => count(videoP25(r) * 0.22),
  average_video_play: (r) => (r.totals.videoPlays > 0 ? r2(factor(r, 204, 3, 8)) : NONE),
  average_video_play_per_user: (r) =>
    r.totals.videoPlays > 0 && r.totals.reach > 0
      ? r2(factor(r, 204, 3, 8) * Math.min(3, r.totals.impressions / r.totals.reach))
      : NONE,
  profile_visits: (r) => count(r.totals.clicks * factor(r, 205, 0.05, 0.15)),
  likes: (r) => count(r.totals.impressions * factor(r, 206, 0.002, 0.006)),
  comments: (r) => count(r.totals.impressions * factor(r, 207, 0.0002, 0.0004)),
  shares: (r) => count(r.totals.impressions * factor(r, 208, 0.0003, 0.0006)),
  follows: (r) => count(r.totals.impressions * factor(r, 209, 0.0001, 0.0002)),
  clicks_on_music_disc: (r) => count(r.totals.impressions * factor(r, 210, 0.00005, 0.0001)),
  currency: (r) => r.advertiser.currency,
  advertiser_name: (r) => r.advertiser.name,
  campaign_name: (r) => r.campaign?.name ?? NONE,
  objective_type: (r) => r.campaign?.objective ?? NONE,
};

/** Attribute "metrics" that describe a campaign, so they need campaign_id among the dimensions. */
export const CAMPAIGN_ATTRIBUTES = new Set(["campaign_name", "objective_type"]);

export function formatMetrics(row: MetricRow, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = METRICS[name]!(row);
  return out;
}
