/**
 * `npm run bench:sync`: the sync through the real Convex functions and the workpool (the gateway runs them over
 * convex-test), against the simulator in its own process at the Basic tier (10 req/s, 600/min).
 *
 * It connects all advertisers but one through the real connect flow, which starts their backfills; in the middle of
 * the backfill it connects the last one, timing how long that person waits (the interactive call). Then an
 * incremental pass (Sync now for every account) gives the calls one account costs per hourly sync, and from it how
 * many accounts one Basic-tier app keeps fresh.
 *
 * Printed: TikTok calls ÷ the lower bound (per account: advertiser/info, ⌈campaigns/1000⌉ campaign pages and, per
 * ≤30-day window, ⌈rows/1000⌉ report pages, from the simulator's own row counts), achieved rate ÷ the share of the
 * limit sync may book, 40100 answers, wall time ÷ the rate-limit floor, and the interactive connect's time during the
 * backfill against the same connect on an idle app. Report read costs are measured by `reports.limits.test.ts`.
 * convex-test scans a whole table on every index query, so keep campaigns × days modest (default 6 × 40 × 90).
 * Not a test: its numbers go in notes. Flags: --advertisers N (6) --campaigns N (40) --days N (90) --parallelism N (2)
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { BENCH_APP, simControl, startSimProcess } from "./sim-process";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { BACKGROUND_SHARE, governedRate } from "../convex/tiktok/governor";
import { RATE_TIERS } from "../lib/tiktok/config";
import { splitRange } from "../lib/tiktok/dates";
import { seedWorkspace, startTestGateway } from "../tools/convex-gateway/test-support";

const { values: flags } = parseArgs({
  options: {
    advertisers: { type: "string", default: "6" },
    campaigns: { type: "string", default: "40" },
    days: { type: "string", default: "90" },
    parallelism: { type: "string", default: "2" },
  },
});
const ADVERTISERS = Number(flags.advertisers);
const CAMPAIGNS = Number(flags.campaigns);
const DAYS = Number(flags.days);
const APP = BENCH_APP;

function sim<T>(origin: string, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  return simControl<T>(origin, method, `/_sim/${path}`, body);
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
  finishedAt?: number;
}

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
    TIKTOK_SYNC_PARALLELISM: flags.parallelism,
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
    return performance.now() - started;
  };
  const settled = async (count: number) => {
    for (;;) {
      const all = await runs();
      if (all.length >= count && all.every((r) => r.status !== "queued" && r.status !== "running")) return all;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  };

  // An idle connect first (one account, nothing else going on), as the baseline for the interactive call.
  const idleConnectMs = await connect([ids.at(-2)!]);
  await settled(1);
  await sim(origin, "POST", "requests/reset");
  const t0 = performance.now();
  await connect(ids.slice(0, -2));
  // The interactive call: a person connects another account while the backfill is under way.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const busyConnectMs = await connect([ids.at(-1)!]);
  const backfill = (await settled(ids.length)).slice(1);
  const wallMs = performance.now() - t0;
  const requests = await sim<{ requests: SimRequest[] }>(origin, "GET", "requests");
  const log = requests.requests;
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
    const path = r.path.replace("/open_api/v1.3", "");
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
  const firstAt = Math.min(...syncCalls.map((r) => r.at));
  const lastAt = Math.max(...syncCalls.map((r) => r.at));
  const achieved = (syncCalls.length - 1) / ((lastAt - firstAt) / 1000);

  // The incremental pass: every account synced again (the lookback and any gap).
  const before = (await runs()).length;
  await sim(origin, "POST", "requests/reset");
  for (const id of ids) await marketer.mutation(api.tiktok.sync.syncNow, { workspaceId, advertiserId: id });
  const incremental = (await settled(before + ids.length)).slice(before);
  const incrementalCalls = (await sim<{ requests: SimRequest[] }>(origin, "GET", "requests")).requests.length;
  const perAccount = incrementalCalls / incremental.length;
  const hourlyBudget = RATE_TIERS.basic.perMinute * 60 * BACKGROUND_SHARE;

  const rows: [string, string, string][] = [
    ["advertisers × campaigns × days", `${ADVERTISERS} × ${CAMPAIGNS} × ${DAYS}`, ""],
    ["runs succeeded", `${backfill.filter((r) => r.status === "succeeded").length} / ${backfill.length}`, "all"],
    ["sync calls by endpoint", [...byPath].map(([path, n]) => `${path} ${n}`).join(", "), ""],
    [
      "TikTok calls ÷ lower bound",
      `${syncCalls.length} / ${lowerBound} = ${(syncCalls.length / lowerBound).toFixed(2)}`,
      "1.00",
    ],
    [
      "achieved req/s ÷ sync's share",
      `${achieved.toFixed(2)} / ${share.toFixed(2)} = ${(achieved / share).toFixed(2)}`,
      "≥ 0.95",
    ],
    ["40100 answers", String(log.filter((r) => r.code === 40100).length), "0"],
    [
      "wall time ÷ rate-limit floor",
      `${(wallMs / 1000).toFixed(1)} s / ${(lowerBound / share).toFixed(1)} s = ${(wallMs / 1000 / (lowerBound / share)).toFixed(2)}`,
      "",
    ],
    [
      "interactive connect during backfill",
      `${busyConnectMs.toFixed(0)} ms (idle: ${idleConnectMs.toFixed(0)} ms)`,
      "≤ ~1 s more",
    ],
    ["calls per account, incremental", perAccount.toFixed(1), ""],
    ["accounts one Basic app keeps fresh hourly", Math.floor(hourlyBudget / perAccount).toLocaleString("en"), ""],
  ];
  console.log(`\nnpm run bench:sync, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log("| measure | value | target |\n|---|---|---|");
  for (const [measure, value, target] of rows) console.log(`| ${measure} | ${value} | ${target} |`);
} finally {
  await gw.close();
  child.kill("SIGTERM");
}
process.exit(0);
