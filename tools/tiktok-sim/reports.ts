// GET /report/integrated/get/ (docs/tiktok-api.md §5): validates a BASIC report query the way TikTok does
// (dimension combinations per data level, metric names, date format and span limits, lifetime queries,
// filtering as a list of {field_name, filter_type, filter_value}), builds the full row set from the metrics
// model, answers one page, and refuses oversized queries with 40067. Row sets are cached per query for the
// current minute, so paging through a large report is cheap. Rows exist only where impressions > 0.
// Ad group and ad levels are accepted but have no data (the simulator has no ad groups or ads).

import { type ApiContext, requireAdvertiser } from "./api-context.js";
import type { AdvertiserRecord, CampaignRecord } from "./dataset.js";
import { ApiError, Code, paramError } from "./envelope.js";
import { campaignDay, campaignHours, metricsNow, type Totals, TotalsAccumulator } from "./metrics.js";
import { paging, pageInfo, type Params } from "./params.js";
import { CAMPAIGN_ATTRIBUTES, formatMetrics, METRICS } from "./report-format.js";
import { formatDay, formatLocalHour, localDayNumber, parseDate } from "./time.js";
import type { World } from "./world.js";

const DATA_LEVELS = ["AUCTION_ADVERTISER", "AUCTION_CAMPAIGN", "AUCTION_ADGROUP", "AUCTION_AD"] as const;
type DataLevel = (typeof DATA_LEVELS)[number];

const ID_DIMENSION: Record<DataLevel, string> = {
  AUCTION_ADVERTISER: "advertiser_id",
  AUCTION_CAMPAIGN: "campaign_id",
  AUCTION_ADGROUP: "adgroup_id",
  AUCTION_AD: "ad_id",
};
const TIME_DIMENSIONS = ["stat_time_day", "stat_time_hour"];
const ALL_ID_DIMENSIONS = Object.values(ID_DIMENSION);

/** §5: ≤30 days with stat_time_day, ≤1 day with stat_time_hour, ≤365 days without a time dimension. */
const MAX_SPAN_DAYS: Record<string, number> = { stat_time_day: 30, stat_time_hour: 1, none: 365 };

const STATUS_VALUES = [
  "STATUS_ALL",
  "STATUS_NOT_DELETE",
  "STATUS_DELETE",
  "STATUS_DELIVERY_OK",
  "STATUS_DISABLE",
  "STATUS_NOT_DELIVERY",
];
const STATUS_FIELDS = ["campaign_status", "adgroup_status", "ad_status"];
const DEFAULT_METRICS = ["spend", "impressions"];

export interface ReportQuery {
  advertiser: AdvertiserRecord;
  level: DataLevel;
  idDimension?: string;
  timeDimension?: string;
  startDay: number;
  endDay: number;
  lifetime: boolean;
  campaignIds?: Set<string>;
  objectives?: Set<string>;
  /** Each entry is one status filter's accepted values; all must match. Undefined: the default. */
  statusFilters?: string[][];
}

interface Row {
  dimensions: Record<string, string>;
  totals: Totals;
  campaign?: CampaignRecord;
}

const CACHE_ENTRIES = 12;

export class ReportEngine {
  private readonly cache = new Map<string, Row[]>();
  /** Row sets computed so far (a cached one answers further pages without being computed again). */
  private built = 0;

  constructor(
    private readonly world: World,
    private readonly now: () => number,
    private readonly maxRows: () => number,
  ) {}

  async handle(ctx: ApiContext): Promise<unknown> {
    const p = ctx.params;
    const advertiser = requireAdvertiser(ctx, p.requiredString("advertiser_id"));
    const reportType = p.requiredString("report_type");
    if (reportType !== "BASIC") throw paramError("report_type: The simulator supports BASIC reports only.");
    const level = p.string("data_level") ?? "";
    if (!(DATA_LEVELS as readonly string[]).includes(level))
      throw paramError(`data_level: Must be one of: ${DATA_LEVELS.join(", ")}.`);
    const dims = checkDimensions(p, level as DataLevel);
    const metrics = checkMetrics(p, dims);
    const lifetime = p.bool("query_lifetime") ?? false;
    const query: ReportQuery = {
      advertiser,
      level: level as DataLevel,
      ...dims,
      ...checkDates(p, lifetime, dims.timeDimension, advertiser, this.now()),
      lifetime,
      ...checkFiltering(p),
    };
    const { page, pageSize } = paging(p);
    const rows = await this.rowsAsync(query);
    if (rows.length > this.maxRows()) {
      throw new ApiError(
        Code.REPORT_TOO_LARGE,
        `The report is too large (${rows.length} rows; the limit is ${this.maxRows()}). Narrow the date range or filter the query.`,
      );
    }
    const list = rows.slice((page - 1) * pageSize, page * pageSize).map((r) => ({
      dimensions: { ...r.dimensions },
      metrics: formatMetrics(
        { totals: r.totals, advertiser, ...(r.campaign ? { campaign: r.campaign } : {}) },
        metrics,
      ),
    }));
    return { list, page_info: pageInfo(page, pageSize, rows.length) };
  }

  /** For control.reportRowSetsBuilt. */
  get rowSetsBuilt(): number {
    return this.built;
  }

  /** Rows of a campaign x stat_time_day report over [startDate, endDate], for control.reportRowCount. */
  campaignDayRowCount(
    advertiser: AdvertiserRecord,
    startDate: string,
    endDate: string,
    includeDeleted: boolean,
  ): number {
    const startDay = parseDate(startDate);
    const endDay = parseDate(endDate);
    if (startDay === undefined || endDay === undefined) throw new Error("reportRowCount needs YYYY-MM-DD dates");
    const query: ReportQuery = {
      advertiser,
      level: "AUCTION_CAMPAIGN",
      idDimension: "campaign_id",
      timeDimension: "stat_time_day",
      startDay,
      endDay,
      lifetime: false,
      ...(includeDeleted ? { statusFilters: [["STATUS_ALL"]] } : {}),
    };
    return runToEnd(this.rowSteps(query)).length;
  }

  /**
   * Rows for a query, computed without holding the event loop: a cold 30-day × 500-campaign query takes ~100 ms
   * of work, and requests arriving meanwhile must be stamped (and rate-limited) at their true arrival time, or
   * the simulator would see bursts that the client never sent.
   */
  private rowsAsync(q: ReportQuery): Promise<Row[]> {
    return runInSlices(this.rowSteps(q));
  }

  /** The cached rows, or the steps that compute (and then cache) them. */
  private *rowSteps(q: ReportQuery): Generator<void, Row[]> {
    const nowQ = metricsNow(this.now());
    const version = this.world.book(q.advertiser).version;
    const key = JSON.stringify([
      q.advertiser.advertiser_id,
      version,
      nowQ,
      q.level,
      q.idDimension,
      q.timeDimension,
      q.startDay,
      q.endDay,
      q.lifetime,
      q.campaignIds ? [...q.campaignIds].sort() : null,
      q.objectives ? [...q.objectives].sort() : null,
      q.statusFilters ?? null,
    ]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const rows = yield* buildRows(q, this.world, nowQ);
    this.built += 1;
    this.cache.set(key, rows);
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return rows;
  }
}

function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, giving the event loop a turn whenever a slice of work exceeds `sliceMs`. */
async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 3): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

function checkDimensions(p: Params, level: DataLevel): { idDimension?: string; timeDimension?: string } {
  const dims = p.stringArray("dimensions", { required: true, min: 1, max: 2 })!;
  if (new Set(dims).size !== dims.length) throw paramError("dimensions: Duplicate dimensions.");
  const out: { idDimension?: string; timeDimension?: string } = {};
  for (const d of dims) {
    if (TIME_DIMENSIONS.includes(d)) {
      if (out.timeDimension) throw paramError("dimensions: stat_time_day and stat_time_hour can't be combined.");
      out.timeDimension = d;
    } else if (ALL_ID_DIMENSIONS.includes(d)) {
      if (d !== ID_DIMENSION[level])
        throw paramError(`dimensions: ${d} is not a valid dimension for data_level ${level}.`);
      out.idDimension = d;
    } else {
      throw paramError(`dimensions: Invalid dimension "${d}" for report_type BASIC.`);
    }
  }
  return out;
}

function checkMetrics(p: Params, dims: { idDimension?: string }): string[] {
  const metrics = p.stringArray("metrics", { min: 1 }) ?? DEFAULT_METRICS;
  for (const m of metrics) {
    if (!(m in METRICS)) throw paramError(`metrics: Invalid metric "${m}".`);
    if (CAMPAIGN_ATTRIBUTES.has(m) && dims.idDimension !== "campaign_id") {
      throw paramError(`metrics: ${m} needs campaign_id among the dimensions.`);
    }
  }
  return [...new Set(metrics)];
}

function checkDates(
  p: Params,
  lifetime: boolean,
  timeDimension: string | undefined,
  adv: AdvertiserRecord,
  now: number,
): { startDay: number; endDay: number } {
  if (lifetime) {
    if (timeDimension) throw paramError(`dimensions: ${timeDimension} can't be used with query_lifetime.`);
    // Lifetime spans from the first day anything could have delivered up to today (local).
    return { startDay: Number.NEGATIVE_INFINITY, endDay: localDayNumber(now, adv.display_timezone) };
  }
  const start = p.requiredString("start_date");
  const end = p.requiredString("end_date");
  const startDay = parseDate(start);
  if (startDay === undefined) throw paramError("start_date: Must be a date in the format YYYY-MM-DD.");
  const endDay = parseDate(end);
  if (endDay === undefined) throw paramError("end_date: Must be a date in the format YYYY-MM-DD.");
  if (endDay < startDay) throw paramError("end_date: Must not be earlier than start_date.");
  const max = MAX_SPAN_DAYS[timeDimension ?? "none"]!;
  if (endDay - startDay + 1 > max) {
    throw paramError(
      `The time span between start_date and end_date must be at most ${max} day${max === 1 ? "" : "s"} ${
        timeDimension ? `when ${timeDimension} is a dimension` : "without a time dimension"
      }.`,
    );
  }
  return { startDay, endDay };
}

function filterValues(item: Record<string, unknown>, field: string): string[] {
  let v = item.filter_value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw paramError(`filtering: filter_value of ${field} must be JSON text, e.g. "[\\"1\\"]".`);
    }
  }
  if (typeof v === "string") v = [v];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw paramError(`filtering: filter_value of ${field} must be a list of strings.`);
  return v as string[];
}

function checkFiltering(p: Params): Pick<ReportQuery, "campaignIds" | "objectives" | "statusFilters"> {
  const raw = p.json("filtering");
  if (raw === undefined) return {};
  if (!Array.isArray(raw)) throw paramError("filtering: Must be a list of {field_name, filter_type, filter_value}.");
  const out: Pick<ReportQuery, "campaignIds" | "objectives" | "statusFilters"> = {};
  for (const item of raw) {
    if (typeof item !== "object" || item === null) throw paramError("filtering: Each filter must be an object.");
    const f = item as Record<string, unknown>;
    const field = f.field_name;
    const type = f.filter_type;
    if (typeof field !== "string") throw paramError("filtering: field_name: Missing data for required field.");
    if (typeof type !== "string") throw paramError("filtering: filter_type: Missing data for required field.");
    if (type !== "IN" && !(type === "EQUAL" && field === "objective_type")) {
      throw paramError(`filtering: filter_type ${type} is not supported for ${field}.`);
    }
    const values = filterValues(f, field);
    if (field === "campaign_ids") {
      if (values.length < 1 || values.length > 100) throw paramError("filtering: campaign_ids accepts 1 to 100 ids.");
      out.campaignIds = new Set(values);
    } else if (field === "objective_type") {
      out.objectives = new Set(values);
    } else if (STATUS_FIELDS.includes(field)) {
      for (const s of values) {
        if (!STATUS_VALUES.includes(s))
          throw paramError(`filtering: ${field} values must be among ${STATUS_VALUES.join(", ")}.`);
      }
      (out.statusFilters ??= []).push(values);
    } else {
      throw paramError(`filtering: Unsupported field_name "${field}".`);
    }
  }
  return out;
}

function statusMatches(c: CampaignRecord, value: string): boolean {
  switch (value) {
    case "STATUS_ALL":
      return true;
    case "STATUS_NOT_DELETE":
      return !c.deleted;
    case "STATUS_DELETE":
      return c.deleted;
    case "STATUS_DELIVERY_OK":
      return !c.deleted && c.operationStatus === "ENABLE";
    case "STATUS_DISABLE":
      return !c.deleted && c.operationStatus === "DISABLE";
    default:
      return !c.deleted && c.operationStatus !== "ENABLE";
  }
}

function selectCampaigns(q: ReportQuery, world: World): CampaignRecord[] {
  return world
    .book(q.advertiser)
    .list.filter((c) => {
      if (q.campaignIds && !q.campaignIds.has(c.id)) return false;
      if (q.objectives && !q.objectives.has(c.objective)) return false;
      if (q.statusFilters) return q.statusFilters.every((values) => values.some((v) => statusMatches(c, v)));
      // §5: deleted campaigns are left out unless a status filter asks for them. The advertiser's own
      // totals keep everything it spent, deleted campaigns included.
      return q.level === "AUCTION_ADVERTISER" || !c.deleted;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function* buildRows(q: ReportQuery, world: World, now: number): Generator<void, Row[]> {
  if (q.level === "AUCTION_ADGROUP" || q.level === "AUCTION_AD") return [];
  const adv = q.advertiser;
  const tz = adv.display_timezone;
  const campaigns = selectCampaigns(q, world);
  const today = localDayNumber(now, tz);
  const endDay = Math.min(q.endDay, today);
  const startDay = Number.isFinite(q.startDay)
    ? q.startDay
    : Math.min(...campaigns.map((c) => localDayNumber(c.createTime, tz)), endDay + 1);
  const perCampaign = q.idDimension === "campaign_id";
  const idDims = (c?: CampaignRecord): Record<string, string> =>
    perCampaign && c
      ? { campaign_id: c.id }
      : q.idDimension === "advertiser_id"
        ? { advertiser_id: adv.advertiser_id }
        : {};
  const rows: Row[] = [];

  if (q.timeDimension === "stat_time_hour") {
    const byHour = new Map<number, { label: string; acc: TotalsAccumulator }>();
    for (let day = startDay; day <= endDay; day++) {
      yield;
      for (const c of campaigns) {
        for (const h of campaignHours(c, adv, day, now)) {
          if (perCampaign) {
            rows.push({
              dimensions: { ...idDims(c), stat_time_hour: formatLocalHour(h.start, tz) },
              totals: h.totals,
              campaign: c,
            });
          } else {
            let slot = byHour.get(h.start);
            if (!slot)
              byHour.set(h.start, (slot = { label: formatLocalHour(h.start, tz), acc: new TotalsAccumulator() }));
            slot.acc.add(h.totals);
          }
        }
      }
    }
    if (perCampaign)
      return rows.sort(
        (a, b) =>
          compare(a.dimensions.stat_time_hour, b.dimensions.stat_time_hour) ||
          compare(a.dimensions.campaign_id, b.dimensions.campaign_id),
      );
    return [...byHour.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, s]) => ({ dimensions: { ...idDims(), stat_time_hour: s.label }, totals: s.acc.totals }));
  }

  if (q.timeDimension === "stat_time_day") {
    for (let day = startDay; day <= endDay; day++) {
      yield;
      const label = `${formatDay(day)} 00:00:00`;
      const acc = perCampaign ? undefined : new TotalsAccumulator();
      for (const c of campaigns) {
        const t = campaignDay(c, adv, day, now);
        if (!t) continue;
        if (acc) acc.add(t);
        else rows.push({ dimensions: { ...idDims(c), stat_time_day: label }, totals: t, campaign: c });
      }
      if (acc && acc.totals.impressions > 0)
        rows.push({ dimensions: { ...idDims(), stat_time_day: label }, totals: acc.totals });
    }
    return rows;
  }

  const overall = perCampaign ? undefined : new TotalsAccumulator();
  for (const c of campaigns) {
    yield;
    const acc = overall ?? new TotalsAccumulator();
    const from = Math.max(startDay, localDayNumber(c.createTime, tz));
    for (let day = from; day <= endDay; day++) {
      const t = campaignDay(c, adv, day, now);
      if (t) acc.add(t);
    }
    if (!overall && acc.totals.impressions > 0) rows.push({ dimensions: idDims(c), totals: acc.totals, campaign: c });
  }
  if (overall && overall.totals.impressions > 0) rows.push({ dimensions: idDims(), totals: overall.totals });
  return rows;
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0;
}
