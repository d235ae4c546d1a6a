// The metrics model: what one campaign delivered on one local day (or hour), computed on demand from
// (seed, campaign, day) so nothing is stored. It also models the two ways real report data moves
// (docs/tiktok-api.md §5): today's numbers are partial by hour of day, and the last 7 days are provisional:
// conversions (and slightly clicks and spend) keep growing with the sim clock until they settle.
// Values are integers (spend in minor units) so sums are exact; ratios and string formatting live in
// report-format.ts. Does not know about report dimensions, paging or filters.

import type { AdvertiserRecord, CampaignRecord } from "./dataset.js";
import { currencyPrecision, perUsd } from "./money.js";
import { mix, unit } from "./prng.js";
import { DAY_MS, HOUR_MS, zonedDayStart } from "./time.js";

export interface Totals {
  spendMinor: number;
  impressions: number;
  clicks: number;
  conversion: number;
  reach: number;
  videoPlays: number;
  appInstalls: number;
}

/** Days after a day ends during which its numbers still change (attribution window). */
export const ATTRIBUTION_WINDOW_MS = 7 * DAY_MS;

// Relative delivery by local hour of day, and by weekday (Sunday first).
const DIURNAL = [
  0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.75, 0.9, 1.0, 1.05, 1.1, 1.15, 1.1, 1.05, 1.05, 1.1, 1.2, 1.35, 1.5, 1.6,
  1.55, 1.2, 0.7,
];
const WEEKDAY = [1.08, 0.93, 0.95, 0.98, 1.0, 1.05, 1.12];
const DARK_DAY_CHANCE = 0.03;

/**
 * The clock the metrics read, rounded down to the minute: report pages fetched within the same minute
 * see the same numbers, and cached row sets stay valid for that minute.
 */
export function metricsNow(now: number): number {
  return Math.floor(now / 60_000) * 60_000;
}

interface FullDay {
  spendMinor: number;
  impressions: number;
  clicks: number;
  conversion: number;
  videoPlays: number;
  frequency: number;
}

/** What a campaign delivers over a whole day of uninterrupted delivery, fully attributed. */
function fullDay(c: CampaignRecord, adv: AdvertiserRecord, day: number): FullDay | undefined {
  const k = mix(c.key, day);
  if (unit(k, 0) < DARK_DAY_CHANCE) return undefined;
  const weekday = (((day + 4) % 7) + 7) % 7;
  const spend = c.dailySpend * (WEEKDAY[weekday] ?? 1) * (0.75 + 0.45 * unit(k, 1));
  const cpm = c.profile.cpmUsd * perUsd(adv.currency) * (0.85 + 0.3 * unit(k, 2));
  const impressions = Math.round((spend / cpm) * 1000);
  const clicks = Math.round(impressions * c.profile.ctr * (0.8 + 0.4 * unit(k, 3)));
  return {
    spendMinor: Math.round(spend * 10 ** currencyPrecision(adv.currency)),
    impressions,
    clicks,
    conversion: Math.round(clicks * c.profile.cvr * (0.7 + 0.6 * unit(k, 4))),
    videoPlays: Math.min(impressions, Math.round(impressions * c.profile.playRate * (0.9 + 0.2 * unit(k, 5)))),
    frequency: 1.05 + 0.5 * unit(k, 6),
  };
}

const diurnalByLength = new Map<number, { weights: number[]; total: number }>();

/** Hour weights for a local day of `hours` hours (23 or 25 on daylight-saving changes). */
function diurnal(hours: number): { weights: number[]; total: number } {
  let d = diurnalByLength.get(hours);
  if (!d) {
    const weights: number[] = [];
    for (let h = 0; h < hours; h++) weights.push(DIURNAL[Math.min(h, 23)] ?? 1);
    d = { weights, total: sum(weights) };
    diurnalByLength.set(hours, d);
  }
  return d;
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Milliseconds of [from, to) during which the campaign was delivering (its budget not yet spent). */
function activeOverlap(c: CampaignRecord, from: number, to: number): number {
  const cap = Math.min(to, c.budgetEnd ?? Infinity);
  let total = 0;
  for (let i = 0; i + 1 < c.active.length; i += 2) {
    const a = Math.max(c.active[i]!, from);
    const b = Math.min(c.active[i + 1]!, cap);
    if (b > a) total += b - a;
  }
  return total;
}

/**
 * Hour weights for the part of the day the campaign delivered before `now`: "full" when it delivered
 * all day, undefined when not at all.
 */
function coverage(c: CampaignRecord, start: number, end: number, now: number): number[] | "full" | undefined {
  const limit = Math.min(end, now);
  const overlap = activeOverlap(c, start, limit);
  if (overlap <= 0) return undefined;
  const hours = Math.max(1, Math.round((end - start) / HOUR_MS));
  if (limit === end && overlap >= end - start) return "full";
  const weights: number[] = [];
  for (let h = 0; h < hours; h++) {
    const hs = start + h * HOUR_MS;
    const he = h === hours - 1 ? end : hs + HOUR_MS;
    const active = activeOverlap(c, hs, Math.min(he, limit));
    weights.push((DIURNAL[Math.min(h, 23)] ?? 1) * (active / (he - hs)));
  }
  return weights;
}

function settleFactors(now: number, dayEnd: number): { conversion: number; clicksSpend: number } {
  const t = Math.min(1, Math.max(0, (now - dayEnd) / ATTRIBUTION_WINDOW_MS));
  return { conversion: 0.55 + 0.45 * t, clicksSpend: 0.98 + 0.02 * t };
}

function isAppObjective(objective: string): boolean {
  return objective === "APP_PROMOTION" || objective === "APP_INSTALL";
}

interface DayComputation {
  totals: Totals;
  weights: number[];
  frequency: number;
}

function computeDay(c: CampaignRecord, adv: AdvertiserRecord, day: number, now: number): DayComputation | undefined {
  const tz = adv.display_timezone;
  const start = zonedDayStart(day, tz);
  if (start >= now || c.createTime >= now) return undefined;
  const end = zonedDayStart(day + 1, tz);
  const cov = coverage(c, start, end, now);
  if (cov === undefined) return undefined;
  const base = fullDay(c, adv, day);
  if (!base) return undefined;
  const hours = Math.max(1, Math.round((end - start) / HOUR_MS));
  const all = diurnal(hours);
  const weights = cov === "full" ? all.weights : cov;
  const share = cov === "full" ? 1 : sum(cov) / all.total;
  const impressions = Math.floor(base.impressions * share);
  if (impressions <= 0) return undefined;
  const f = settleFactors(now, end);
  const conversion = Math.floor(base.conversion * share * f.conversion);
  return {
    totals: {
      spendMinor: Math.floor(base.spendMinor * share * f.clicksSpend),
      impressions,
      clicks: Math.floor(base.clicks * share * f.clicksSpend),
      conversion,
      reach: Math.max(1, Math.min(impressions, Math.round(impressions / base.frequency))),
      videoPlays: Math.floor(base.videoPlays * share),
      appInstalls: isAppObjective(c.objective) ? conversion : 0,
    },
    weights,
    frequency: base.frequency,
  };
}

/** A campaign's totals for one local day as of `now`, or undefined when it had no impressions. */
export function campaignDay(c: CampaignRecord, adv: AdvertiserRecord, day: number, now: number): Totals | undefined {
  return computeDay(c, adv, day, now)?.totals;
}

/** Splits an integer total over weights so the parts are integers that add up exactly (largest remainder). */
function apportion(total: number, weights: readonly number[], weightSum: number): number[] {
  const raw = weights.map((w) => (weightSum > 0 ? (total * w) / weightSum : 0));
  const parts = raw.map(Math.floor);
  let left = total - sum(parts);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

export interface HourTotals {
  /** Epoch ms at which the local hour starts. */
  start: number;
  totals: Totals;
}

/** The day's totals split by local hour; the hours add up exactly to campaignDay(). Hours without impressions are left out. */
export function campaignHours(c: CampaignRecord, adv: AdvertiserRecord, day: number, now: number): HourTotals[] {
  const d = computeDay(c, adv, day, now);
  if (!d) return [];
  const start = zonedDayStart(day, adv.display_timezone);
  const ws = sum(d.weights);
  const split = (n: number) => apportion(n, d.weights, ws);
  const spend = split(d.totals.spendMinor);
  const impressions = split(d.totals.impressions);
  const clicks = split(d.totals.clicks);
  const conversion = split(d.totals.conversion);
  const plays = split(d.totals.videoPlays);
  const out: HourTotals[] = [];
  for (let h = 0; h < d.weights.length; h++) {
    const impr = impressions[h] ?? 0;
    if (impr <= 0) continue;
    const conv = conversion[h] ?? 0;
    out.push({
      start: start + h * HOUR_MS,
      totals: {
        spendMinor: spend[h] ?? 0,
        impressions: impr,
        clicks: clicks[h] ?? 0,
        conversion: conv,
        reach: Math.max(1, Math.min(impr, Math.round(impr / d.frequency))),
        videoPlays: plays[h] ?? 0,
        appInstalls: isAppObjective(c.objective) ? conv : 0,
      },
    });
  }
  return out;
}

export function emptyTotals(): Totals {
  return { spendMinor: 0, impressions: 0, clicks: 0, conversion: 0, reach: 0, videoPlays: 0, appInstalls: 0 };
}

/**
 * Sums totals. Reach is not additive (docs/tiktok-api.md §5: the same people are reached on several days or by
 * several campaigns), so the combined reach is the largest part plus a share of the rest.
 */
export class TotalsAccumulator {
  readonly totals = emptyTotals();
  private maxReach = 0;
  private reachSum = 0;

  add(t: Totals): void {
    this.totals.spendMinor += t.spendMinor;
    this.totals.impressions += t.impressions;
    this.totals.clicks += t.clicks;
    this.totals.conversion += t.conversion;
    this.totals.videoPlays += t.videoPlays;
    this.totals.appInstalls += t.appInstalls;
    this.reachSum += t.reach;
    if (t.reach > this.maxReach) this.maxReach = t.reach;
    this.totals.reach = Math.min(
      this.totals.impressions,
      Math.round(this.maxReach + 0.35 * (this.reachSum - this.maxReach)),
    );
  }
}

/** Spend in minor units over local days [fromDay, toDay], as reports would show it now. */
export function spendBetween(
  c: CampaignRecord,
  adv: AdvertiserRecord,
  fromDay: number,
  toDay: number,
  now: number,
): number {
  let total = 0;
  for (let d = fromDay; d <= toDay; d++) total += campaignDay(c, adv, d, now)?.spendMinor ?? 0;
  return total;
}
