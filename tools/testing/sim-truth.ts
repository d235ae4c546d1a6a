// The simulator's own campaign-days (its metrics model, not its report endpoint) as the sync would store them, for
// tests that compare what landed in Convex with TikTok's truth metric by metric: every additive metric of the
// catalogue (lib/metrics/catalogue.ts) is read by its TikTok name, so a metric added there is checked here too.
import { SUM_NAMES, sumDef, TIKTOK_REPORT_METRICS } from "../../lib/metrics/catalogue";
import { toStoredDay, type StoredDay } from "../../lib/metrics/sums";
import { parseReportMetrics } from "../../lib/tiktok/reports";
import type { SimCampaignDay } from "../tiktok-sim/types";

/** What to ask /_sim/campaign-days for: every additive metric by TikTok's name. */
export const TRUTH_METRICS = TIKTOK_REPORT_METRICS;

/** A campaign-day of the simulator's truth as stored (money in thousandths; an untracked metric absent). */
export function storedTruth(day: SimCampaignDay): StoredDay {
  return toStoredDay(parseReportMetrics(day.metrics, `${day.campaign_id} on ${day.date}`));
}

/** Just the catalogue's stored fields of a row or rollup, absent ones as null, for comparing with the truth. */
export function metricFieldsOf(row: object): Record<string, number | null> {
  const fields: Record<string, number | null> = {};
  for (const name of SUM_NAMES) {
    const field = sumDef(name).field;
    fields[field] = ((row as Record<string, unknown>)[field] as number | undefined) ?? null;
  }
  return fields;
}
