/**
 * Report queries over the synced tables, for ops (`read` role). They stay inside Convex's limits at 1,000
 * campaigns × 365 days with room to spare, whatever the range:
 * - summary and series read the advertiser-day rollup: one document per day of the range (and of the period before);
 * - the campaign table reads each campaign's running totals at the range's end and just before its start: two
 *   documents per campaign, however long the range (a range's total is the difference of the two).
 * Every figure comes from the metric catalogue (lib/metrics/catalogue.ts); ratios are recomputed from sums
 * (lib/metrics/sums.ts); amounts never mix currencies (the overview groups them).
 * No clock is read here: "provisional" comes from the last sync's own record.
 * Which days are synced comes from the rollup rows read anyway (lib/reports/coverage.ts): a change is given only
 * between two fully synced periods, and every figure over unsynced days comes with the days it is missing.
 */
import { v, type Infer } from "convex/values";
import { FIGURE_NAMES, fromStored, type SumName } from "../../lib/metrics/catalogue";
import {
  addSums,
  changes,
  figures,
  sumsOfStored,
  totalsDifference,
  ZERO_SUMS,
  type Sums,
} from "../../lib/metrics/sums";
import { addDays, daysInRange, isIsoDate } from "../../lib/tiktok/dates";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { memberQuery } from "../lib/access";
import { boundArray, boundString, invalidArgument } from "../lib/bounds";
import { listArgs, readListArgs } from "../lib/lists";
import { compareBy, pageWindow, type SortKey, type SortOrder } from "../../lib/lists/contract";
import { REPORT_TABLE, type ReportTableSort } from "../../lib/reports/table";
import { MAX_ID_LENGTH } from "../../lib/tiktok/ids";
import { campaignCsv as buildCampaignCsv } from "../../lib/reports/csv";
import { campaignStatusLabel, objectiveLabel } from "../../lib/campaigns/labels";
import { MAX_OVERVIEW_DAYS, MAX_RANGE_DAYS } from "../../lib/reports/limits";
import { comparable, coverageOf } from "../../lib/reports/coverage";
import { lastCampaignDay } from "./campaignDayReads";
import { advertiserRow } from "./connectionRecords";
import { figuresValidator, restatedMetricValidator } from "./validators";
import { matchesCampaignSearch } from "../../lib/reports/search";

/** The overview's bounds: 200 accounts × 93 days (MAX_OVERVIEW_DAYS) is 18,600 rollup rows, well inside a transaction. */
const MAX_OVERVIEW_ACCOUNTS = 200;

const nullableNumber = v.union(v.number(), v.null());

const rangeArgs = { advertiserId: v.string(), from: v.string(), to: v.string() };

/** lib/reports/coverage.ts's Coverage: how much of a period is synced, and the stretches that are not. */
const periodValidator = v.object({ from: v.string(), to: v.string() });
const coverageValidator = v.object({
  days: v.number(),
  syncedDays: v.number(),
  missing: v.array(periodValidator),
  moreMissing: v.number(),
});

/** Checks the arguments every report takes, before any read, and says what to change. */
function checkRange(args: { advertiserId?: string; from: string; to: string }): void {
  // advertiserId is optional here only for the workspace-wide overview.
  boundString("advertiserId", args.advertiserId, MAX_ID_LENGTH);
  boundString("from", args.from, 10);
  boundString("to", args.to, 10);
  if (!isIsoDate(args.from) || !isIsoDate(args.to))
    throw invalidArgument("from and to must be dates written YYYY-MM-DD");
  if (args.from > args.to) throw invalidArgument("from must be on or before to");
  if (daysInRange({ startDate: args.from, endDate: args.to }) > MAX_RANGE_DAYS)
    throw invalidArgument(`A report covers at most ${MAX_RANGE_DAYS} days; choose a shorter range`);
}

async function advertiserOf(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  advertiserId: string,
): Promise<Doc<"advertisers">> {
  const advertiser = await advertiserRow(ctx, workspaceId, advertiserId);
  if (!advertiser) throw invalidArgument("This ad account is not connected to your workspace");
  return advertiser;
}

async function advertiserDays(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  advertiserId: string,
  from: string,
  to: string,
) {
  return ctx.db
    .query("advertiserDays")
    .withIndex("by_advertiser_date", (q) =>
      q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId).gte("date", from).lte("date", to),
    )
    .collect();
}

const accountFields = {
  currency: v.string(),
  timezone: v.optional(v.string()),
  /** When the last sync finished ("data as of"); absent before the first. */
  dataAsOf: v.optional(v.number()),
  /** Days from this date on may still be restated by TikTok. */
  provisionalFrom: v.optional(v.string()),
};

function account(advertiser: Doc<"advertisers">) {
  return {
    currency: advertiser.currency,
    timezone: advertiser.displayTimezone ?? advertiser.timezone,
    dataAsOf: advertiser.lastSyncedAt,
    provisionalFrom: advertiser.provisionalFrom,
  };
}

/** Totals and ratios over the range, the previous period of equal length, and the change between them. */
export const summary = memberQuery("read")({
  args: rangeArgs,
  returns: v.object({
    ...accountFields,
    current: figuresValidator,
    previous: figuresValidator,
    /**
     * Relative change against the previous period (0.2 = +20%); null where there is nothing to compare, and for
     * every figure unless both periods are fully synced (coverage says which days are missing in which).
     */
    change: v.object(
      Object.fromEntries(FIGURE_NAMES.map((name) => [name, nullableNumber])) as Record<
        (typeof FIGURE_NAMES)[number],
        typeof nullableNumber
      >,
    ),
    previousFrom: v.string(),
    previousTo: v.string(),
    /** Days of the range (and of the previous period) the sync has covered: fewer than the range means not yet synced. */
    daysSynced: v.number(),
    previousDaysSynced: v.number(),
    days: v.number(),
    /** Which days of each period are synced, and which stretches are not. */
    coverage: v.object({ current: coverageValidator, previous: coverageValidator }),
  }),
  handler: async (ctx, { workspaceId, ...args }) => {
    checkRange(args);
    return readSummary(ctx, workspaceId, args);
  },
});

/** Every figure's change when the periods may not be compared: none. */
const NOT_COMPARED = Object.fromEntries(FIGURE_NAMES.map((name) => [name, null])) as ReturnType<typeof changes>;

/** The summary's reads and arithmetic, for the query and for the read-cost tests. */
export async function readSummary(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  args: { advertiserId: string; from: string; to: string },
) {
  const advertiser = await advertiserOf(ctx, workspaceId, args.advertiserId);
  const days = daysInRange({ startDate: args.from, endDate: args.to });
  const previousTo = addDays(args.from, -1);
  const previousFrom = addDays(args.from, -days);
  let current = ZERO_SUMS;
  let previous = ZERO_SUMS;
  const synced: string[] = [];
  for (const day of await advertiserDays(ctx, workspaceId, args.advertiserId, previousFrom, args.to)) {
    synced.push(day.date);
    if (day.date >= args.from) current = addSums(current, sumsOfStored(day));
    else previous = addSums(previous, sumsOfStored(day));
  }
  const coverage = {
    current: coverageOf(args, synced),
    previous: coverageOf({ from: previousFrom, to: previousTo }, synced),
  };
  const now = figures(current);
  const before = figures(previous);
  return {
    ...account(advertiser),
    current: now,
    previous: before,
    // A change against a period missing days (or from one) would measure the sync's reach, not the account.
    change: comparable(coverage.current, coverage.previous) ? changes(now, before) : NOT_COMPARED,
    previousFrom,
    previousTo,
    daysSynced: coverage.current.syncedDays,
    previousDaysSynced: coverage.previous.syncedDays,
    days,
    coverage,
  };
}

const pointValidator = v.object({
  date: v.string(),
  /** False: the sync has not covered this day (yet); true with zeros: a day without delivery. */
  synced: v.boolean(),
  provisional: v.boolean(),
  figures: figuresValidator,
});

/** One point per local date of the range. */
export const series = memberQuery("read")({
  args: rangeArgs,
  returns: v.object({ ...accountFields, points: v.array(pointValidator) }),
  handler: async (ctx, { workspaceId, ...args }) => {
    checkRange(args);
    return readSeries(ctx, workspaceId, args);
  },
});

/** The series' reads, for the query and for the read-cost tests. */
export async function readSeries(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  args: { advertiserId: string; from: string; to: string },
) {
  const advertiser = await advertiserOf(ctx, workspaceId, args.advertiserId);
  const byDate = new Map(
    (await advertiserDays(ctx, workspaceId, args.advertiserId, args.from, args.to)).map((d) => [d.date, d]),
  );
  const points = [];
  for (let date = args.from; date <= args.to; date = addDays(date, 1)) {
    const day = byDate.get(date);
    points.push({
      date,
      synced: day !== undefined,
      provisional: advertiser.provisionalFrom !== undefined && date >= advertiser.provisionalFrom,
      figures: figures(day ? sumsOfStored(day) : ZERO_SUMS),
    });
  }
  return { ...account(advertiser), points };
}

const campaignRowValidator = v.object({
  campaignId: v.string(),
  name: v.string(),
  objectiveType: v.string(),
  operationStatus: v.optional(v.string()),
  secondaryStatus: v.optional(v.string()),
  deleted: v.boolean(),
  /** The status in words (lib/ui/campaigns.ts), the same in the table and its CSV; the browser need not load the rules. */
  status: v.string(),
  figures: figuresValidator,
});
type CampaignRow = Infer<typeof campaignRowValidator>;
/** A row with its sums (stored units), for adding up the rows a search matches. */
type SummedRow = CampaignRow & { sums: Sums };

/**
 * Every campaign's totals over the range, from two reads of its running totals: the last row on or before `to`, and
 * the last row before `from`. Campaigns with no delivery in the range are listed unless deleted.
 */
export async function campaignRows(
  ctx: QueryCtx,
  workspaceId: Id<"workspaces">,
  advertiserId: string,
  from: string,
  to: string,
): Promise<{ rows: SummedRow[]; totals: Sums }> {
  const campaigns = await ctx.db
    .query("campaigns")
    .withIndex("by_advertiser_campaign", (q) => q.eq("workspaceId", workspaceId).eq("advertiserId", advertiserId))
    .collect();
  const rows: SummedRow[] = [];
  let totals = ZERO_SUMS;
  for (const c of campaigns) {
    const key = { workspaceId, advertiserId, campaignId: c.campaignId };
    const end = await lastCampaignDay(ctx, key, { through: to });
    // A campaign with no row in the range has the same totals at both ends: one read, not two.
    const before = end && end.date >= from ? await lastCampaignDay(ctx, key, { before: from }) : end;
    const sums = totalsDifference(end, before);
    totals = addSums(totals, sums);
    const delivered = sums.impressions > 0 || sums.spend > 0 || sums.clicks > 0;
    if (!delivered && c.deleted) continue;
    rows.push({
      campaignId: c.campaignId,
      name: c.name,
      objectiveType: c.objectiveType,
      operationStatus: c.operationStatus,
      secondaryStatus: c.secondaryStatus,
      deleted: c.deleted,
      status: campaignStatusLabel(c),
      figures: figures(sums),
      sums,
    });
  }
  return { rows, totals };
}

/** A row's sort key: its name, its status in the words on screen (deleted last), or a figure. */
function sortKey(sort: ReportTableSort) {
  return (r: CampaignRow): SortKey =>
    sort === "name"
      ? r.name.toLowerCase()
      : sort === "status"
        ? r.deleted
          ? "~deleted"
          : r.status.toLowerCase()
        : r.figures[sort];
}

/** Ties by name, then id: the same rows always make the same pages. */
function byNameThenId(a: CampaignRow, b: CampaignRow): number {
  return a.name.localeCompare(b.name) || a.campaignId.localeCompare(b.campaignId);
}

const { page: _page, pageSize: _pageSize, ...viewArgs } = listArgs(REPORT_TABLE);
/** The CSV's arguments: the table's, without the page (it has every row). */
const csvArgs = { ...rangeArgs, ...viewArgs };

/** The rows matching the search, in the view's order. */
function tableRows(rows: SummedRow[], view: { sort: ReportTableSort; order: SortOrder; needle?: string }) {
  const { needle } = view;
  const matching = needle ? rows.filter((r) => matchesCampaignSearch(needle, r)) : rows;
  return [...matching].sort(compareBy(sortKey(view.sort), view.order, byNameThenId));
}

/** A row as the table and the CSV show it (its sums stay inside the query). */
function shownRow({ sums: _sums, ...row }: SummedRow): CampaignRow {
  return row;
}

/**
 * The campaign table: a page of rows, how many there are, a totals row equal to the summary's totals and, while a
 * search is on, the total of every row it matches (all pages): a search never passes the account's total for its own.
 */
export const campaignTable = memberQuery("read")({
  args: { ...rangeArgs, ...listArgs(REPORT_TABLE) },
  returns: v.object({
    ...accountFields,
    rows: v.array(campaignRowValidator),
    total: v.number(),
    /** The page shown (0-based; a page past the end shows the last) and how many there are. */
    page: v.number(),
    pageCount: v.number(),
    /** Every campaign of the account over the range, whatever the search: the summary's totals. */
    totals: figuresValidator,
    /** With a search: the total of the campaigns it matches, on every page; absent without one. */
    matchingTotals: v.optional(figuresValidator),
  }),
  handler: async (ctx, { workspaceId, ...args }) => {
    checkRange(args);
    const view = readListArgs(REPORT_TABLE, args);
    const advertiser = await advertiserOf(ctx, workspaceId, args.advertiserId);
    const { rows: all, totals } = await campaignRows(ctx, workspaceId, args.advertiserId, args.from, args.to);
    const rows = tableRows(all, view);
    const { page, pageCount, start, end } = pageWindow(rows.length, view.page, view.pageSize);
    // The totals row is the whole range's, whatever the search or page: it equals the summary's totals.
    return {
      ...account(advertiser),
      rows: rows.slice(start, end).map(shownRow),
      total: rows.length,
      page,
      pageCount,
      totals: figures(totals),
      ...(view.needle ? { matchingTotals: figures(rows.map((r) => r.sums).reduce(addSums, ZERO_SUMS)) } : {}),
    };
  },
});

/** The campaign table as CSV: every row of the table (same search and order, all pages) and its totals row. */
export const campaignCsv = memberQuery("read")({
  args: csvArgs,
  // The file's name is the page's to choose (lib/reports/csv.ts csvFileName names it by account, currency and dates).
  returns: v.object({ csv: v.string() }),
  handler: async (ctx, { workspaceId, ...args }) => {
    checkRange(args);
    const view = readListArgs(REPORT_TABLE, args);
    const advertiser = await advertiserOf(ctx, workspaceId, args.advertiserId);
    const { rows, totals } = await campaignRows(ctx, workspaceId, args.advertiserId, args.from, args.to);
    const csv = buildCampaignCsv({
      from: args.from,
      to: args.to,
      currency: advertiser.currency,
      rows: tableRows(rows, view).map((r) => ({
        campaignId: r.campaignId,
        name: r.name,
        status: r.status,
        objective: objectiveLabel(r.objectiveType),
        figures: r.figures,
      })),
      totals: figures(totals),
    });
    return { csv };
  },
});

/**
 * Every ad account of the workspace with its spend over the range, in its own currency, and the spend grouped by
 * currency: amounts in different currencies are never added together. `ranges` gives an account dates of its own:
 * a preset such as "last 7 days" is other days in each account's timezone (lib/reports/presets.ts). Each account
 * says which days of its range it has not synced (the page says so of the currency totals that count it): a partial
 * sum is never passed for a whole.
 */
export const overview = memberQuery("read")({
  args: {
    from: v.string(),
    to: v.string(),
    /** Per advertiser id, its own dates (keyed, so an account cannot be given two). */
    ranges: v.optional(v.record(v.string(), v.object({ from: v.string(), to: v.string() }))),
  },
  returns: v.object({
    advertisers: v.array(
      v.object({
        advertiserId: v.string(),
        name: v.string(),
        currency: v.string(),
        accessible: v.boolean(),
        spend: v.number(),
        daysSynced: v.number(),
        coverage: coverageValidator,
        dataAsOf: v.optional(v.number()),
        /** The dates this account's figures cover. */
        from: v.string(),
        to: v.string(),
      }),
    ),
    byCurrency: v.array(v.object({ currency: v.string(), spend: v.number(), advertisers: v.number() })),
  }),
  handler: async (ctx, { workspaceId, from, to, ranges = {} }) => {
    boundArray("ranges", Object.keys(ranges), MAX_OVERVIEW_ACCOUNTS);
    const own = new Map(Object.entries(ranges));
    for (const range of [{ from, to }, ...[...own].map(([advertiserId, dates]) => ({ advertiserId, ...dates }))]) {
      checkRange(range);
      // It reads each account's rollup day by day: accounts × days stays under Convex's 32,000 documents.
      if (daysInRange({ startDate: range.from, endDate: range.to }) > MAX_OVERVIEW_DAYS) {
        throw invalidArgument(`The overview covers at most ${MAX_OVERVIEW_DAYS} days; choose a shorter range`);
      }
    }
    const rows = await ctx.db
      .query("advertisers")
      .withIndex("by_workspace_advertiser", (q) => q.eq("workspaceId", workspaceId))
      .take(MAX_OVERVIEW_ACCOUNTS);
    const advertisers = [];
    const byCurrency = new Map<string, { spendMilli: number; advertisers: number }>();
    for (const a of rows) {
      let spendMilli = 0;
      const dates = own.get(a.advertiserId) ?? { from, to };
      const days = await advertiserDays(ctx, workspaceId, a.advertiserId, dates.from, dates.to);
      for (const d of days) spendMilli += sumsOfStored(d).spend;
      const coverage = coverageOf(
        dates,
        days.map((d) => d.date),
      );
      advertisers.push({
        advertiserId: a.advertiserId,
        name: a.name,
        currency: a.currency,
        accessible: a.accessible,
        spend: fromStored("spend", spendMilli),
        daysSynced: coverage.syncedDays,
        coverage,
        dataAsOf: a.lastSyncedAt,
        ...dates,
      });
      const group = byCurrency.get(a.currency) ?? { spendMilli: 0, advertisers: 0 };
      byCurrency.set(a.currency, { spendMilli: group.spendMilli + spendMilli, advertisers: group.advertisers + 1 });
    }
    return {
      advertisers: advertisers.sort((x, y) => x.name.localeCompare(y.name)),
      byCurrency: [...byCurrency.entries()]
        .map(([currency, g]) => ({ currency, spend: fromStored("spend", g.spendMilli), advertisers: g.advertisers }))
        .sort((x, y) => x.currency.localeCompare(y.currency)),
    };
  },
});

/**
 * Days of the range whose totals moved at a later sync, per metric, newest change first: "Nov 20: conversions +12
 * since the last sync". Spend in real units.
 */
export const restatements = memberQuery("read")({
  args: rangeArgs,
  returns: v.array(
    v.object({
      date: v.string(),
      metric: restatedMetricValidator,
      before: nullableNumber,
      after: nullableNumber,
      at: v.number(),
    }),
  ),
  handler: async (ctx, { workspaceId, ...args }) => {
    checkRange(args);
    await advertiserOf(ctx, workspaceId, args.advertiserId);
    const rows = await ctx.db
      .query("restatements")
      .withIndex("by_advertiser_date", (q) =>
        q
          .eq("workspaceId", workspaceId)
          .eq("advertiserId", args.advertiserId)
          .gte("date", args.from)
          .lte("date", args.to),
      )
      .take(1_000);
    const units = (metric: SumName, n: number | null) => (n === null ? n : fromStored(metric, n));
    return rows
      .map((r) => ({
        date: r.date,
        metric: r.metric,
        before: units(r.metric, r.before),
        after: units(r.metric, r.after),
        at: r.at,
      }))
      .sort((a, b) => b.at - a.at || b.date.localeCompare(a.date));
  },
});
