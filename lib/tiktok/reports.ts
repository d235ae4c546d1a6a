/**
 * Campaign × day reports from the synchronous report endpoint (`GET /report/integrated/get/`, docs/tiktok-api.md §5).
 *
 * - GET with JSON-encoded query params (not a POST with a JSON body, as commonly copied docs say: docs/tiktok-api.md §7).
 * - A `stat_time_day` query may span at most 30 days: longer ranges are split into 30-day windows.
 * - Every page is fetched with `page_size` 1000.
 * - "Query too large" (40067) narrows the window by halves. So does a timeout on a window's first page: TikTok
 *   penalises apps that retry report timeouts blindly, so we ask for less instead of asking again.
 * - Metric strings (and `"-"`) become numbers (or null) here; dates stay the account's local `YYYY-MM-DD`.
 *
 * It does not aggregate: ratios must be recomputed from summed parts by whoever sums (never averaged), and
 * `reach`/`frequency` do not add across days, which is why they are not fetched per day here.
 */
import { z } from "zod";
import { assertIds, chunk, type ClientContext } from "./context";
import { assertValidRange, daysInRange, halveRange, MAX_DAILY_REPORT_DAYS, splitRange, type DateRange } from "./dates";
import { TikTokNetworkError, TikTokReportTooLargeError, TikTokServerError } from "./errors";
import { SUM_NAMES, sumDef, TIKTOK_REPORT_METRICS } from "../metrics/catalogue";
import type { MetricValues } from "../metrics/sums";
import { parseMetricValue } from "./metrics";
import { MAX_PAGE_SIZE, pageInfoSchema, walkPages, type PageInfo } from "./paging";

const FILTER_IDS_BATCH = 100;

/**
 * TikTok's metric names asked for: the catalogue's additive metrics (note `conversion`, singular). Ratios (CTR, CPC,
 * CPM) are not asked for: whoever sums recomputes them from the sums.
 */
export const CAMPAIGN_DAY_METRICS = TIKTOK_REPORT_METRICS;

export interface CampaignDayRow {
  campaignId: string;
  /** The ad account's local date, `YYYY-MM-DD`. */
  date: string;
  /**
   * Each additive metric of the catalogue in real units of the advertiser's currency. An untracked metric is null
   * when TikTok says "-" (no pixel or event set up for conversions): not the same as 0, never shown as 0.
   */
  metrics: MetricValues;
}

/**
 * Report rows are validated and mapped in one pass rather than by a zod schema: pages hold 1000 rows, and zod's
 * copy of every nested object followed by our own mapping cost more than everything else the client does per call
 * (bench/client.bench.ts). The checks are the same a schema would make, and a mismatch still fails loudly.
 */
function parseRow(raw: unknown, index: number): CampaignDayRow {
  const row = raw as { dimensions?: Record<string, unknown>; metrics?: Record<string, unknown> } | null;
  const dimensions = row?.dimensions;
  const metrics = row?.metrics;
  const campaignId = dimensions?.campaign_id;
  const day = dimensions?.stat_time_day;
  if (typeof campaignId !== "string") throw new Error(`list.${index}.dimensions.campaign_id: expected a string id`);
  if (typeof day !== "string" || !DAY_PREFIX.test(day))
    throw new Error(`list.${index}.dimensions.stat_time_day: expected "YYYY-MM-DD HH:MM:SS"`);
  if (typeof metrics !== "object" || metrics === null) throw new Error(`list.${index}.metrics: expected an object`);
  // TikTok writes the day as "2026-02-01 00:00:00".
  return {
    campaignId,
    date: day.slice(0, 10),
    metrics: parseReportMetrics(metrics, `list.${index}.metrics`),
  };
}

/**
 * A report row's `metrics` object as the catalogue's additive metrics, each read by its TikTok name: "-" is 0 where
 * it means nothing happened, and null where it means not tracked. `where` names the object in errors.
 */
export function parseReportMetrics(metrics: Record<string, unknown>, where = "metrics"): MetricValues {
  const values: Record<string, number | null> = {};
  for (const name of SUM_NAMES) {
    const def = sumDef(name);
    const value = parseMetricValue(metrics[def.tiktok], `${where}.${def.tiktok}`);
    values[name] = value === null && def.dash === "zero" ? 0 : value;
  }
  return values as MetricValues;
}

const DAY_PREFIX = /^\d{4}-\d{2}-\d{2}/;

const reportPageSchema = z.object({ list: z.array(z.unknown()), page_info: pageInfoSchema });

function parseReportPage(data: unknown): { rows: CampaignDayRow[]; pageInfo: PageInfo } {
  const page = reportPageSchema.parse(data);
  return { rows: page.list.map(parseRow), pageInfo: page.page_info };
}

export interface CampaignDailyArgs extends DateRange {
  accessToken: string;
  advertiserId: string;
  /** Only these campaigns (default: all the advertiser's campaigns with delivery). */
  campaignIds?: readonly string[];
  /**
   * Include deleted campaigns, which TikTok leaves out by default. Their past spend is still the account's spend,
   * so syncs that total an account want them (the `campaign_status: STATUS_ALL` filter, as Airbyte sends it).
   */
  includeDeleted?: boolean;
  signal?: AbortSignal;
}

export interface ReportPage {
  /** The window this page belongs to (after any narrowing). */
  window: DateRange;
  page: number;
  totalPages: number;
  rows: CampaignDayRow[];
}

/** Whether a failure on a window's first page is better answered by asking for half the days. */
function narrowable(error: unknown): boolean {
  return (
    error instanceof TikTokReportTooLargeError ||
    (error instanceof TikTokNetworkError && error.timedOut) ||
    (error instanceof TikTokServerError && error.isTimeout)
  );
}

export function reportsResource(ctx: ClientContext) {
  function fetchPage(args: CampaignDailyArgs, window: DateRange, page: number, retryTimeouts: boolean) {
    // `filter_value` is itself JSON text inside the JSON-encoded `filtering` array.
    const filtering: { field_name: string; filter_type: string; filter_value: string }[] = [];
    if (args.campaignIds?.length)
      filtering.push({ field_name: "campaign_ids", filter_type: "IN", filter_value: JSON.stringify(args.campaignIds) });
    if (args.includeDeleted)
      filtering.push({
        field_name: "campaign_status",
        filter_type: "IN",
        filter_value: JSON.stringify(["STATUS_ALL"]),
      });
    return ctx.request({
      method: "GET",
      path: "/report/integrated/get/",
      accessToken: args.accessToken,
      advertiserId: args.advertiserId,
      query: {
        advertiser_id: args.advertiserId,
        report_type: "BASIC",
        data_level: "AUCTION_CAMPAIGN",
        dimensions: ["campaign_id", "stat_time_day"],
        metrics: CAMPAIGN_DAY_METRICS,
        start_date: window.startDate,
        end_date: window.endDate,
        filtering: filtering.length ? filtering : undefined,
        page,
        page_size: MAX_PAGE_SIZE,
      },
      data: parseReportPage,
      retry: { retryTimeouts },
      signal: args.signal,
    });
  }

  async function* windowPages(args: CampaignDailyArgs, window: DateRange): AsyncGenerator<ReportPage> {
    const singleDay = daysInRange(window) === 1;
    let started = false;
    try {
      const pages = walkPages(async (page) => {
        // Only the first page of a multi-day window may be narrowed; later pages retry as usual.
        const res = await fetchPage(args, window, page, singleDay || started);
        return { items: res.data.rows, pageInfo: res.data.pageInfo };
      });
      for await (const p of pages) {
        started = true;
        yield { window, page: p.page, totalPages: p.totalPages, rows: p.items };
      }
    } catch (error) {
      if (started || singleDay || !narrowable(error)) throw error;
      const [first, second] = halveRange(window);
      yield* windowPages(args, first);
      yield* windowPages(args, second);
    }
  }

  async function* campaignDailyPages(args: CampaignDailyArgs): AsyncGenerator<ReportPage> {
    assertIds("advertiserId", [args.advertiserId]);
    assertValidRange(args);
    // At most 100 ids in one filter, as everywhere in TikTok's API; each batch is its own set of queries.
    const idBatches = args.campaignIds
      ? chunk(assertIds("campaignIds", args.campaignIds), FILTER_IDS_BATCH)
      : [undefined];
    for (const campaignIds of idBatches) {
      for (const window of splitRange(args, MAX_DAILY_REPORT_DAYS))
        yield* windowPages({ ...args, campaignIds }, window);
    }
  }

  return {
    /** Campaign × day rows, one page at a time (write each page as it arrives). */
    campaignDailyPages,
    async campaignDaily(args: CampaignDailyArgs): Promise<CampaignDayRow[]> {
      const rows: CampaignDayRow[] = [];
      for await (const page of campaignDailyPages(args)) rows.push(...page.rows);
      return rows;
    },
  };
}
