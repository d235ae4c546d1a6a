/**
 * `npm run bench:sync`: the sync through the real Convex functions and the workpool (the gateway runs them over
 * convex-test), against the simulator in its own process at the Basic tier (10 req/s, 600/min); then what each report
 * query reads at three sizes.
 *
 * The sync: it connects all advertisers but one through the real connect flow, which starts their backfills; a third
 * of the way into the backfill it connects the last one, timing how long that person waits (the interactive call).
 * Then an incremental pass (Sync now for every account) gives the calls one account costs per hourly sync, and from it
 * how many accounts one Basic-tier app keeps fresh.
 *
 * Printed: TikTok calls ÷ the lower bound (per account: advertiser/info, ⌈campaigns/1000⌉ campaign pages and, per
 * ≤30-day window, ⌈rows/1000⌉ report pages, from the simulator's own row counts), achieved rate ÷ the share of the
 * limit sync may book, 40100 answers, wall time ÷ the rate-limit floor, the interactive connect's time during the
 * backfill against the same connect on an idle app; and where the sync's time went: each step logs its time in
 * TikTok (answers and the wait for the app's budget) and in its own write mutations (convex/tiktok/sync/step.ts).
 *
 * The reads: summary, series, campaign table, CSV, overview and restatements over data seeded straight into
 * convex-test (tools/testing/report-seed.ts, shared with reports.limits.test.ts), measured with
 * ctx.meta.getTransactionMetrics() under transactionLimits, at 100 × 30, 1,000 × 90 and 1,000 × 365.
 *
 * convex-test scans every document on every index query, so keep campaigns × days modest (default 6 × 40 × 90).
 * Not a test: its numbers go in notes. Flags: --advertisers N (6) --campaigns N (40) --days N (90) --parallelism N (4, the deployment default)
 * --no-reads (skip the read costs) --no-sync (only the read costs)
 */
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { convexTest } from "convex-test";
import { BENCH_APP, simControl, startSimProcess } from "./sim-process";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import schema from "../convex/schema";
import { BACKGROUND_SHARE, governedRate } from "../convex/tiktok/governor";
import { RATE_TIERS } from "../lib/tiktok/config";
import { splitRange } from "../lib/tiktok/dates";
import { moduleMap, PROJECT_ROOT } from "../tools/convex-gateway/modules";
import { seedWorkspace, startTestGateway } from "../tools/convex-gateway/test-support";
import {
  measureReportReads,
  OVERVIEW_DAYS,
  REPORT_QUERIES,
  seedReports,
  type ReadCost,
  type ReportQuery,
} from "../tools/testing/report-seed";

const { values: flags } = parseArgs({
  options: {
    advertisers: { type: "string", default: "6" },
    campaigns: { type: "string", default: "40" },
    days: { type: "string", default: "90" },
    parallelism: { type: "string", default: "4" },
    "no-reads": { type: "boolean", default: false },
    "no-sync": { type: "boolean", default: false },
  },
});
const ADVERTISERS = Number(flags.advertisers);
const CAMPAIGNS = Number(flags.campaigns);
const DAYS = Number(flags.days);
const PARALLELISM = Number(flags.parallelism);
const APP = BENCH_APP;

/** What one step of a run logged ("sync step", convex/tiktok/sync/step.ts), and when the bench heard it (its end). */
interface StepTiming {
  advertiserId: string;
  phase: "details" | "reports";
  calls: number;
  pages: number;
  writes: number;
  tiktokMs: number;
  writeMs: number;
  at: number;
}

// The gateway runs our functions in this process, and a scheduled function's console output is printed as usual:
// each step's timing line is collected here instead.
const steps: StepTiming[] = [];
const print = console.log.bind(console);
console.log = (...args: unknown[]) => {
  if (args[0] === "sync step") steps.push({ ...(args[1] as Omit<StepTiming, "at">), at: Date.now() });
  else print(...args);
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

function printTable(title: string, header: string[], rows: string[][]) {
  print(`\n${title}\n`);
  print(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const row of rows) print(`| ${row.join(" | ")} |`);
}

interface SimRequest {
  path: string;
  at: number;
  code?: number;
}
interface Run {
  advertiserId: string;
  status: string;
  trigger: string;
  startDate?: string;
  endDate?: string;
  callsMade: number;
  queuedAt: number;
  startedAt?: number;
  finishedAt?: number;
}

async function benchSync() {
  const sim = <T>(origin: string, method: "GET" | "POST", path: string, body?: unknown): Promise<T> =>
    simControl<T>(origin, method, `/_sim/${path}`, body);
  const { child, origin } = await startSimProcess({ advertisers: ADVERTISERS, campaigns: CAMPAIGNS }, [
    "--redirect-uri",
    "http://localhost:3000/api/auth/tiktok/callback",
  ]);
  const gw = await startTestGateway({
    env: {
      TIKTOK_APP_ID: APP.appId,
      TIKTOK_APP_SECRET: APP.appSecret,
      TIKTOK_ENVIRONMENT: "local",
      TIKTOK_API_ORIGIN: origin,
      TIKTOK_REDIRECT_URI: "http://localhost:3000/api/auth/tiktok/callback",
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      TIKTOK_SYNC_BACKFILL_DAYS: String(DAYS),
      TIKTOK_SYNC_PARALLELISM: String(PARALLELISM),
    },
  });
  try {
    const world = await seedWorkspace(gw);
    const workspaceId = world.workspace as Id<"workspaces">;
    const marketer = gw.http(gw.tokenFor(world.users.marketer));
    const ids = (await sim<{ advertisers: { advertiser_id: string }[] }>(origin, "GET", "state")).advertisers.map(
      (a) => a.advertiser_id,
    );
    // The gateway is busy running the sync in this same process: a poll that fails is simply tried again.
    const runs = async (): Promise<Run[]> => {
      for (;;) {
        try {
          return (await gw.control<{ documents: Run[] }>("/_gateway/tables/syncRuns")).body.documents;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    };
    const connect = async (advertiserIds: string[]) => {
      const { url } = await marketer.action(api.tiktok.connections.start, { workspaceId });
      const state = new URL(url).searchParams.get("state")!;
      const { auth_code: authCode } = await sim<{ auth_code: string }>(origin, "POST", "auth-code", {
        advertiser_ids: advertiserIds,
      });
      const started = performance.now();
      const { outcome } = await marketer.action(api.tiktok.connections.complete, { state, authCode });
      if (outcome !== "connected") throw new Error(`connect ended as ${outcome}`);
      return { ms: performance.now() - started, endedAt: Date.now() };
    };
    const settled = async (count: number) => {
      for (;;) {
        const all = await runs();
        if (all.length >= count && all.every((r) => r.status !== "queued" && r.status !== "running")) return all;
        // Each poll reads the whole table (convex-test scans every document), in this process: not too often.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    };
    const simLog = async () => (await sim<{ requests: SimRequest[] }>(origin, "GET", "requests")).requests;

    // An idle connect first (one account, nothing else going on), as the baseline for the interactive call.
    const idle = await connect([ids.at(-2)!]);
    await settled(1);
    await sim(origin, "POST", "requests/reset");
    steps.length = 0;
    const startedAt = Date.now();
    await connect(ids.slice(0, -2));
    // The interactive call: a person connects another account while the backfill is under way, a third of the way in
    // (by calls made: each account needs at least its details, campaigns and one report call per window).
    const expectedCalls = (ids.length - 2) * (2 + Math.ceil(DAYS / 30));
    while ((await simLog()).length < expectedCalls / 3) await new Promise((resolve) => setTimeout(resolve, 100));
    const busy = await connect([ids.at(-1)!]);
    const backfill = (await settled(ids.length)).slice(1);
    // From the runs' own clock (this process's), so the polling's pace does not count.
    const wallMs = Math.max(...backfill.map((r) => r.finishedAt!)) - startedAt;
    const backfillSteps = [...steps];
    const log = await simLog();
    // The sync's calls: everything but the interactive connect's own (its code exchange and its advertiser/info).
    const isSyncPath = (r: SimRequest) =>
      r.path.includes("/report/") || r.path.includes("/campaign/get/") || r.path.includes("/advertiser/info/");
    // Each connect (the backfill's and the interactive one) exchanges a code, then reads its accounts once.
    const connectInfo = new Set<SimRequest>();
    for (const exchange of log.filter((r) => r.path.includes("/oauth2/access_token/"))) {
      const info = log.find((r) => r.path.includes("/advertiser/info/") && r.at >= exchange.at && !connectInfo.has(r));
      if (info) connectInfo.add(info);
    }
    const syncCalls = log.filter((r) => isSyncPath(r) && !connectInfo.has(r));
    const byPath = new Map<string, number>();
    for (const r of syncCalls) {
      const path = r.path.includes("/report/") ? "report" : r.path.includes("/campaign/") ? "campaign" : "info";
      byPath.set(path, (byPath.get(path) ?? 0) + 1);
    }

    // The lower bound, from the simulator's own counts.
    let lowerBound = 0;
    for (const run of backfill) {
      lowerBound += 1 + Math.max(1, Math.ceil(CAMPAIGNS / 1000));
      for (const window of splitRange({ startDate: run.startDate!, endDate: run.endDate! }, 30)) {
        const { rows } = await sim<{ rows: number }>(
          origin,
          "GET",
          `report-row-count?advertiser_id=${run.advertiserId}&start_date=${window.startDate}&end_date=${window.endDate}&include_deleted=true`,
        );
        lowerBound += Math.max(1, Math.ceil(rows / 1000));
      }
    }
    const share = governedRate(RATE_TIERS.basic) * BACKGROUND_SHARE;
    const spacingMs = 1000 / share;
    const at = syncCalls.map((r) => r.at).sort((a, b) => a - b);
    const achieved = (at.length - 1) / ((at.at(-1)! - at[0]!) / 1000);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    const quantile = (q: number) => [...gaps].sort((a, b) => a - b)[Math.floor(q * (gaps.length - 1))]!;

    // Where the time went. Each worker of the pool (PARALLELISM of them) spends the backfill in a step, waiting on
    // TikTok or its budget or writing, or between steps (the pool's hand-off) or idle (fewer accounts left than workers).
    const windows = backfillSteps.filter((s) => s.phase === "reports");
    const sum = (list: StepTiming[], pick: (s: StepTiming) => number) => list.reduce((n, s) => n + pick(s), 0);
    const tiktokMs = sum(backfillSteps, (s) => s.tiktokMs);
    const writeMs = sum(backfillSteps, (s) => s.writeMs);
    const workerMs = PARALLELISM * (Math.max(...backfillSteps.map((s) => s.at)) - startedAt);
    const perWindow = (pick: (s: StepTiming) => number) => `${(sum(windows, pick) / windows.length).toFixed(0)} ms`;

    // The incremental pass: every account synced again (the lookback and any gap).
    const before = (await runs()).length;
    await sim(origin, "POST", "requests/reset");
    const incrementalFrom = Date.now();
    for (const id of ids) await marketer.mutation(api.tiktok.sync.queue.syncNow, { workspaceId, advertiserId: id });
    const incremental = (await settled(before + ids.length)).slice(before);
    const incrementalMs = Math.max(...incremental.map((r) => r.finishedAt!)) - incrementalFrom;
    const incrementalCalls = (await simLog()).length;
    const perAccount = incrementalCalls / incremental.length;
    const hourlyBudget = RATE_TIERS.basic.perMinute * 60 * BACKGROUND_SHARE;
    const floorS = lowerBound / share;

    printTable(
      `npm run bench:sync, ${new Date().toISOString().slice(0, 10)}: the sync (--parallelism ${PARALLELISM})`,
      ["measure", "value", "target"],
      [
        ["advertisers × campaigns × days", `${ADVERTISERS} × ${CAMPAIGNS} × ${DAYS}`, ""],
        ["runs succeeded", `${backfill.filter((r) => r.status === "succeeded").length} / ${backfill.length}`, "all"],
        ["sync calls by endpoint", [...byPath].map(([path, n]) => `${path} ${n}`).join(", "), ""],
        [
          "TikTok calls ÷ lower bound",
          `${syncCalls.length} / ${lowerBound} = ${(syncCalls.length / lowerBound).toFixed(2)}`,
          "1.00",
        ],
        ["40100 answers", String(log.filter((r) => r.code === 40100).length), "0"],
        [
          "interactive connect during the backfill",
          `${busy.ms.toFixed(0)} ms (idle: ${idle.ms.toFixed(0)} ms)${busy.endedAt < at.at(-1)! ? "" : " (after the backfill!)"}`,
          "≤ ~1 s more",
        ],
        [
          "calls per account, incremental",
          `${perAccount.toFixed(1)} (all ${ids.length} accounts in ${seconds(incrementalMs)})`,
          "",
        ],
        ["accounts one Basic app keeps fresh hourly", Math.floor(hourlyBudget / perAccount).toLocaleString("en"), ""],
        [
          `achieved req/s ÷ sync's share (${share.toFixed(2)}/s)`,
          `${achieved.toFixed(2)} / ${share.toFixed(2)} = ${(achieved / share).toFixed(2)}`,
          "≥ 0.95",
        ],
        [
          "wall time ÷ rate-limit floor",
          `${seconds(wallMs)} / ${seconds(floorS * 1000)} = ${(wallMs / 1000 / floorS).toFixed(2)}`,
          "",
        ],
        [
          "per report window (mean): TikTok + budget │ writing",
          `${perWindow((s) => s.tiktokMs)} │ ${perWindow((s) => s.writeMs)} (${windows.length} windows, ${(sum(windows, (s) => s.writes) / windows.length).toFixed(1)} mutations each, beginStep included)`,
          "",
        ],
        [
          `worker time (${PARALLELISM} × backfill): TikTok + budget │ writing │ between steps or idle`,
          `${seconds(tiktokMs)} (${percent(tiktokMs, workerMs)}) │ ${seconds(writeMs)} (${percent(writeMs, workerMs)}) │ ${seconds(workerMs - tiktokMs - writeMs)} (${percent(workerMs - tiktokMs - writeMs, workerMs)})`,
          "",
        ],
        [
          "gap between consecutive sync calls: 10th pct │ median │ mean",
          `${quantile(0.1).toFixed(0)} │ ${quantile(0.5).toFixed(0)} │ ${(gaps.reduce((n, g) => n + g, 0) / gaps.length).toFixed(0)} ms`,
          `share's spacing ${spacingMs.toFixed(0)} ms`,
        ],
      ],
    );
  } finally {
    await gw.close();
    child.kill("SIGTERM");
  }
}

const SIZES = [
  { campaigns: 100, days: 30 },
  { campaigns: 1_000, days: 90 },
  { campaigns: 1_000, days: 365 },
];
/** Convex's per-transaction limits (documents read, index ranges, bytes read). */
const LIMITS: ReadCost = { documents: 32_000, ranges: 4_096, bytes: 16 * 1024 * 1024 };

async function benchReads() {
  const modules = moduleMap(join(PROJECT_ROOT, "convex"));
  const measured: Record<ReportQuery, ReadCost>[] = [];
  for (const size of SIZES) {
    const t = convexTest({ schema, modules, transactionLimits: true });
    measured.push(await measureReportReads(t, await seedReports(t, size)));
  }
  const label = (s: (typeof SIZES)[number]) => `${s.campaigns.toLocaleString("en")} × ${s.days}`;
  const cell = (c: ReadCost) =>
    `${c.documents.toLocaleString("en")} / ${c.ranges.toLocaleString("en")} / ${(c.bytes / 1024).toFixed(0)} KB`;
  const largest = measured.at(-1)!;
  printTable(
    "Report queries: documents read / index ranges / bytes read, one advertiser, over the whole range (campaigns × days)",
    ["query", ...SIZES.map(label), `largest ÷ Convex's limit (32,000 / 4,096 / 16 MiB)`],
    REPORT_QUERIES.map((q) => [
      q === "overview" ? `overview (≤ ${OVERVIEW_DAYS} days)` : q,
      ...measured.map((m) => cell(m[q])),
      (["documents", "ranges", "bytes"] as const).map((k) => percent(largest[q][k], LIMITS[k])).join(" / "),
    ]),
  );
  // Growth from the smallest size to the largest, against the two ways it could grow. A query "grows with
  // campaigns + days" when its growth is nearer (on a log scale) that sum's growth than the product's.
  const [small, , big] = SIZES;
  const sumGrowth = (big!.campaigns + big!.days) / (small!.campaigns + small!.days);
  const productGrowth = (big!.campaigns * big!.days) / (small!.campaigns * small!.days);
  const middle = Math.sqrt(sumGrowth * productGrowth);
  const growth = REPORT_QUERIES.map((q) => ({ q, g: largest[q].documents / measured[0]![q].documents }));
  const worst = growth.reduce((a, b) => (b.g > a.g ? b : a));
  const ok = growth.every(({ g }) => g < middle);
  print(
    `\nVerdict: ${ok ? "reads grow with campaigns + days, not campaigns × days" : "SOME READS GROW WITH campaigns × days"}. ` +
      `From ${label(small!)} to ${label(big!)}, campaigns + days grow ${sumGrowth.toFixed(1)}× and campaigns × days ` +
      `${productGrowth.toFixed(0)}×; documents read grow at most ${worst.g.toFixed(1)}× (${worst.q}): ` +
      growth.map(({ q, g }) => `${q} ${g.toFixed(1)}×`).join(", ") +
      ".",
  );
}

if (!flags["no-sync"]) await benchSync();
if (!flags["no-reads"]) await benchReads();
process.exit(0);
