// Seeds synced report data straight into a convex-test deployment and measures what each public report query of
// convex/tiktok/reports.ts reads, with ctx.meta.getTransactionMetrics() (meaningful under `transactionLimits: true`).
// Shared by the read-cost test (convex/tiktok/reports.limits.test.ts) and `npm run bench:sync`.
//
// One advertiser with `campaigns` campaigns synced over `days` days (the report range), and as many days before it
// (the summary's previous period). Every day has an advertiser-day rollup (what summaries and charts read).
// Campaign-day rows carry running totals, and the campaign table reads at most two of them per campaign whatever the
// range (the last on or before its end, the last before its start), so two rows per campaign, one before the range
// and one on its last day, exercise exactly the reads a fully synced period would; writing 730,000 rows would only
// slow convex-test down (it scans every document on every index query, so each extra document slows all 2,000 of the
// table's index reads). Restatement notes fill the last 30 days (the notes' retention) 34 to a day: more than the
// restatements query's cap of 1,000.
import type { TestConvex } from "convex-test";
import { SUM_NAMES } from "../../lib/metrics/catalogue";
import { plusDay, toStoredDay, ZERO_TOTALS, type MetricValues } from "../../lib/metrics/sums";
import { addDays } from "../../lib/tiktok/dates";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../convex/_generated/server";
import type schema from "../../convex/schema";
import * as reports from "../../convex/tiktok/reports";

export interface ReportSeed {
  workspaceId: Id<"workspaces">;
  userId: Id<"users">;
  advertiserId: string;
  /** The report range: `days` days ending on `lastDate`. */
  firstDate: string;
  lastDate: string;
  campaigns: number;
  days: number;
}

const NOTE_DAYS = 30;
const NOTES_PER_DAY = 34;
/**
 * Every campaign's delivery on a seeded day: every metric of the catalogue present (0 unless named here), so the
 * measured bytes grow with the catalogue as the real rows do.
 */
const DAY = delivery({ spend: 1, impressions: 100, clicks: 1 });
/** Inserts per transaction while seeding: large enough to keep the seeding quick, small enough to stay a transaction. */
const BATCH = 4_000;

type Table = "advertiserDays" | "campaigns" | "campaignDays" | "restatements";

/** A day's delivery with every metric of the catalogue present: 0 unless named. Shared by every report seed. */
export function delivery(named: Partial<MetricValues>): MetricValues {
  return { ...(Object.fromEntries(SUM_NAMES.map((name) => [name, 0])) as MetricValues), ...named };
}

/** What a seeded ad account says of itself: its id, name and currency, and how far it is synced (when it is). */
export type SeededAdvertiser = Omit<
  Doc<"advertisers">,
  "_id" | "_creationTime" | "workspaceId" | "connectionId" | "accessible" | "addedAt" | "updatedAt"
>;

/**
 * An ops member (`email`) in a workspace of their own, with an active connection and one accessible ad account on
 * it: where every seeded report starts. Shared by seedReports and the report query tests (reports, reportExports).
 */
export async function insertOpsAccount(
  ctx: MutationCtx,
  account: { email: string; workspace: string; advertiser: SeededAdvertiser },
): Promise<{ workspaceId: Id<"workspaces">; userId: Id<"users"> }> {
  const userId = await ctx.db.insert("users", { email: account.email });
  const workspaceId = await ctx.db.insert("workspaces", { name: account.workspace, createdBy: userId });
  await ctx.db.insert("members", { workspaceId, userId, role: "ops", email: account.email });
  const connectionId = await ctx.db.insert("connections", {
    workspaceId,
    status: "active",
    tokenMode: "long_lived",
    binding: "b",
    scope: [],
    connectedBy: userId,
    connectedAt: 0,
    nextCheckAt: 0,
    failures: 0,
  });
  await ctx.db.insert("advertisers", {
    workspaceId,
    connectionId,
    ...account.advertiser,
    accessible: true,
    addedAt: 0,
    updatedAt: 0,
  });
  return { workspaceId, userId };
}

/**
 * A synced campaign as the report seeds write it: live, TRAFFIC, a daily budget of 100; `fields` changes what
 * differs (a deleted one, say). Shared by seedReports and the report query tests.
 */
export function campaignDoc(
  campaign: { workspaceId: Id<"workspaces">; advertiserId: string; campaignId: string; name: string },
  fields: Partial<Pick<Doc<"campaigns">, "operationStatus" | "deleted">> = {},
) {
  return {
    ...campaign,
    objectiveType: "TRAFFIC",
    budgetMode: "BUDGET_MODE_DAY",
    budget: 100,
    operationStatus: "ENABLE",
    deleted: false,
    syncedAt: 0,
    ...fields,
  };
}

export async function seedReports(
  t: TestConvex<typeof schema>,
  size: { campaigns: number; days: number },
): Promise<ReportSeed> {
  const { campaigns, days } = size;
  const lastDate = "2026-11-26";
  const firstDate = addDays(lastDate, -(days - 1));
  const seededFrom = addDays(firstDate, -days);
  const advertiserId = "7000000000000000001";
  const { workspaceId, userId } = await t.run((ctx) =>
    insertOpsAccount(ctx, {
      email: "ops@seed.test",
      workspace: "Seed",
      advertiser: {
        advertiserId,
        name: "Seeded",
        currency: "USD",
        lastSyncedAt: 1,
        lastSyncToday: lastDate,
        provisionalFrom: addDays(lastDate, -6),
        syncedFrom: seededFrom,
        syncedThrough: lastDate,
      },
    }),
  );
  const docs: { table: Table; doc: Record<string, unknown> }[] = [];
  for (let d = 0; d < 2 * days; d++) {
    docs.push({
      table: "advertiserDays",
      doc: {
        workspaceId,
        advertiserId,
        date: addDays(seededFrom, d),
        ...toStoredDay(
          Object.fromEntries(SUM_NAMES.map((name) => [name, (DAY[name] ?? 0) * campaigns])) as MetricValues,
        ),
        campaigns,
        syncedAt: 0,
      },
    });
  }
  // Each campaign's rows: one in the previous period (what "the last row before the range" finds) and one on the
  // range's last day (what "the last row on or before its end" finds), its running totals counting both.
  const rowDays = [Math.floor(days / 2), 2 * days - 1];
  const day = toStoredDay(DAY);
  for (let c = 0; c < campaigns; c++) {
    const campaignId = String(1800000000000000000n + BigInt(c));
    docs.push({
      table: "campaigns",
      doc: campaignDoc({ workspaceId, advertiserId, campaignId, name: `Campaign ${c}` }),
    });
    let totals = ZERO_TOTALS;
    for (const rowDay of rowDays) {
      totals = plusDay(totals, day);
      docs.push({
        table: "campaignDays",
        doc: {
          workspaceId,
          advertiserId,
          campaignId,
          date: addDays(seededFrom, rowDay),
          ...day,
          ...totals,
        },
      });
    }
  }
  for (let d = 0; d < Math.min(days, NOTE_DAYS); d++) {
    for (let n = 0; n < NOTES_PER_DAY; n++) {
      docs.push({
        table: "restatements",
        doc: {
          workspaceId,
          advertiserId,
          date: addDays(lastDate, -d),
          metric: SUM_NAMES[n % SUM_NAMES.length],
          before: n,
          after: n + 1,
          at: n,
        },
      });
    }
  }
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = docs.slice(i, i + BATCH);
    await t.run(async (ctx) => {
      for (const { table, doc } of batch) await ctx.db.insert(table, doc as never);
    });
  }
  return { workspaceId, userId, advertiserId, firstDate, lastDate, campaigns, days };
}

export interface ReadCost {
  documents: number;
  ranges: number;
  bytes: number;
}

export const REPORT_QUERIES = [
  "summary",
  "series",
  "campaignTable",
  "campaignCsv",
  "overview",
  "restatements",
] as const;
export type ReportQuery = (typeof REPORT_QUERIES)[number];

type Metrics = { documentsRead: { used: number }; databaseQueries: { used: number }; bytesRead: { used: number } };
/** A registered Convex function's own handler (what the deployment runs after validating the arguments). */
type Handler = (ctx: QueryCtx, args: Record<string, unknown>) => Promise<unknown>;
const handlerOf = (fn: unknown) => (fn as { _handler: Handler })._handler;

/** The overview reads every account's rollups over its range, which it caps at this many days (reports.ts). */
export const OVERVIEW_DAYS = 93;

/**
 * What each public report query reads over the seed's whole range, run as the seeded member would call it (the
 * membership check included) in one transaction each. The overview's range is its longest (93 days) or the seed's.
 */
export async function measureReportReads(
  t: TestConvex<typeof schema>,
  seed: ReportSeed,
): Promise<Record<ReportQuery, ReadCost>> {
  const range = {
    workspaceId: seed.workspaceId,
    advertiserId: seed.advertiserId,
    from: seed.firstDate,
    to: seed.lastDate,
  };
  const argsOf: Record<ReportQuery, Record<string, unknown>> = {
    summary: range,
    series: range,
    campaignTable: { ...range, sort: "spend", order: "desc", page: 0, pageSize: 50 },
    campaignCsv: { ...range, sort: "spend", order: "desc" },
    overview: {
      workspaceId: seed.workspaceId,
      from: addDays(seed.lastDate, -(Math.min(seed.days, OVERVIEW_DAYS) - 1)),
      to: seed.lastDate,
    },
    restatements: range,
  };
  const costs = {} as Record<ReportQuery, ReadCost>;
  for (const query of REPORT_QUERIES) costs[query] = await measureReads(t, seed, reports[query], argsOf[query]);
  return costs;
}

/** What one public query reads, run as the seeded member would call it (membership check included), in one transaction. */
export async function measureReads(
  t: TestConvex<typeof schema>,
  seed: ReportSeed,
  query: unknown,
  args: Record<string, unknown>,
): Promise<ReadCost> {
  return t.withIdentity({ subject: `${seed.userId}|bench-session` }).run(async (ctx) => {
    await handlerOf(query)(ctx, args);
    const m = await (
      ctx as unknown as { meta: { getTransactionMetrics(): Promise<Metrics> } }
    ).meta.getTransactionMetrics();
    return { documents: m.documentsRead.used, ranges: m.databaseQueries.used, bytes: m.bytesRead.used };
  });
}
