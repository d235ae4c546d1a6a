// The control surface tests and benchmarks use to drive the simulator from outside the API: inspect the
// dataset, mint auth codes and tokens as if a user had approved, play the advertiser's side (revoke,
// grant, remove access), move the clock, and change faults and rate limits on the fly.
// It bypasses the API's rules on purpose; nothing here is reachable through /open_api/.

import { publicAdvertiser } from "./advertisers.js";
import { listCampaigns } from "./campaigns.js";
import type { SimClock } from "./clock.js";
import type { FaultEngine } from "./faults.js";
import type { OAuth, TokenRecord } from "./oauth.js";
import type { RateLimiter } from "./rate-limits.js";
import type { ReportEngine } from "./reports.js";
import type { SimControl, SimRequest } from "./types.js";
import { campaignDay, metricsNow } from "./metrics.js";
import { currencyPrecision } from "./money.js";
import { formatMetrics } from "./report-format.js";
import { formatDay, localDayNumber, parseDate } from "./time.js";
import type { World } from "./world.js";

export interface ControlDeps {
  world: World;
  oauth: OAuth;
  clock: SimClock;
  faults: FaultEngine;
  limiter: RateLimiter;
  reports: ReportEngine;
  log: SimRequest[];
  /** The server's stalled requests, answered now (server.ts releaseStalls). */
  releaseStalls: () => number;
}

export function createControl(d: ControlDeps): SimControl {
  const token = (accessToken: string): TokenRecord => {
    const rec = d.oauth.find(accessToken);
    if (!rec) throw new Error("Unknown access token");
    return rec;
  };
  const advertiser = (id: string) => {
    const adv = d.world.advertiser(id);
    if (!adv) throw new Error(`Unknown advertiser ${id}`);
    return adv;
  };
  const knownIds = (ids: string[] | undefined): string[] | undefined => {
    for (const id of ids ?? []) advertiser(id);
    return ids;
  };
  return {
    advertisers: () => d.world.advertisers.map(publicAdvertiser),
    campaigns: (advertiserId, opts) =>
      listCampaigns(d.world, advertiser(advertiserId), d.clock.now(), opts?.includeDeleted ?? false),
    issueAuthCode: (opts) => d.oauth.issueAuthCode(knownIds(opts?.advertiserIds)),
    issueToken: (opts) => d.oauth.issueToken(knownIds(opts?.advertiserIds)),
    revokeToken: (accessToken) => d.oauth.revoke(token(accessToken)),
    grantAdvertiser: (accessToken, advertiserId) =>
      d.oauth.grant(token(accessToken), advertiser(advertiserId).advertiser_id),
    removeAdvertiser: (accessToken, advertiserId) => d.oauth.remove(token(accessToken), advertiserId),
    advanceClock: (ms) => d.clock.advance(ms),
    freezeClock: () => d.clock.freeze(),
    now: () => d.clock.now(),
    setFaults: (rules) => d.faults.set(rules),
    clearFaults: () => d.faults.clear(),
    releaseStalls: () => d.releaseStalls(),
    setRateLimits: (limits) => d.limiter.setLimits(limits),
    campaignDays: ({ advertiserId, startDate, endDate, metrics = [] }) => {
      const adv = advertiser(advertiserId);
      const startDay = parseDate(startDate);
      const endDay = parseDate(endDate);
      if (startDay === undefined || endDay === undefined) throw new Error("campaignDays needs YYYY-MM-DD dates");
      const now = metricsNow(d.clock.now());
      const lastDay = Math.min(endDay, localDayNumber(now, adv.display_timezone));
      const scale = 10 ** currencyPrecision(adv.currency);
      const days = [];
      for (const c of d.world.book(adv).list) {
        for (let day = startDay; day <= lastDay; day++) {
          const t = campaignDay(c, adv, day, now);
          if (t)
            days.push({
              campaign_id: c.id,
              date: formatDay(day),
              spend: t.spendMinor / scale,
              impressions: t.impressions,
              clicks: t.clicks,
              conversion: t.conversion,
              metrics: formatMetrics({ totals: t, advertiser: adv, campaign: c }, metrics),
            });
        }
      }
      return days;
    },
    reportRowCount: ({ advertiserId, startDate, endDate, includeDeleted }) =>
      d.reports.campaignDayRowCount(advertiser(advertiserId), startDate, endDate, includeDeleted ?? false),
    reportRowSetsBuilt: () => d.reports.rowSetsBuilt,
    resetLog: () => {
      d.log.length = 0;
    },
  };
}
