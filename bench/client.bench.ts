/**
 * `npm run bench:client`: how close the client gets to TikTok's rate limit, and what it costs in CPU.
 *
 * The simulator runs in its own process (so its CPU is not ours) with the Basic tier enforced: 10 req/s and
 * 600/min per app. Four workers share one client, hence one rate gate, and fetch daily campaign reports for
 * 20 advertisers × 500 campaigns × 90 days. Then a bare loop (fetch + JSON.parse, nothing else) replays the very
 * same URLs at the same pace, to price the client's own work (pacing, envelope, zod, metric parsing, retries).
 *
 * Printed: report calls made vs the lower bound (Σ over advertisers and 30-day windows of ⌈rows/1000⌉),
 * achieved rate ÷ limit, 40100 answers, and client CPU ÷ bare-loop CPU. Not a test: numbers go in notes.
 * Flags: --advertisers N (20) --campaigns N (500) --days N (90) --workers N (4) --skip-bare
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createTikTokClient, type AttemptEvent } from "../lib/tiktok/index.js";
import { addDays, splitRange } from "../lib/tiktok/dates.js";

const { values: flags } = parseArgs({
  options: {
    advertisers: { type: "string", default: "20" },
    campaigns: { type: "string", default: "500" },
    days: { type: "string", default: "90" },
    workers: { type: "string", default: "4" },
    "skip-bare": { type: "boolean", default: false },
  },
});
const ADVERTISERS = Number(flags.advertisers);
const CAMPAIGNS = Number(flags.campaigns);
const DAYS = Number(flags.days);
const WORKERS = Number(flags.workers);
const LIMIT_PER_SECOND = 10;
const APP = { appId: "bench-app", appSecret: "bench-secret-000" };
const REPORT_PATH = "/report/integrated/get/";

async function startSimProcess(): Promise<{ child: ChildProcess; origin: string }> {
  const root = join(import.meta.dirname, "..");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "tools/tiktok-sim/cli.ts"), "--port", "0", "--dataset", `${ADVERTISERS}x${CAMPAIGNS}`, "--tier", "basic", "--app-id", APP.appId, "--app-secret", APP.appSecret],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout!.setEncoding("utf8");
  for await (const chunk of child.stdout!) {
    output += chunk;
    const m = /API base:\s+(http:\/\/[^\s]+)\/open_api\/v1\.3/.exec(output);
    if (m) return { child, origin: m[1]! };
  }
  throw new Error(`the simulator exited before listening:\n${output}`);
}

async function control<T>(origin: string, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const res = await fetch(origin + path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function main() {
  const { child, origin } = await startSimProcess();
  try {
    const state = await control<{ clock: { now: number }; advertisers: { advertiser_id: string }[] }>(origin, "GET", "/_sim/state");
    const advertiserIds = state.advertisers.map((a) => a.advertiser_id);
    const token = await control<{ access_token: string }>(origin, "POST", "/_sim/token", {});
    const endDate = addDays(new Date(state.clock.now).toISOString().slice(0, 10), -1);
    const startDate = addDays(endDate, -(DAYS - 1));

    // The fewest report calls that can return every row: one per 1000 rows of each ≤30-day window (at least one).
    let lowerBound = 0;
    let totalRows = 0;
    for (const advertiserId of advertiserIds) {
      for (const w of splitRange({ startDate, endDate }, 30)) {
        const q = new URLSearchParams({ advertiser_id: advertiserId, start_date: w.startDate, end_date: w.endDate });
        const { rows } = await control<{ rows: number }>(origin, "GET", `/_sim/report-row-count?${q}`);
        totalRows += rows;
        lowerBound += Math.max(1, Math.ceil(rows / 1000));
      }
    }

    // Phase A: the client, four workers sharing one client (one rate gate).
    const events: AttemptEvent[] = [];
    const replay: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).includes(REPORT_PATH)) replay.push(String(input));
      return res;
    };
    const tiktok = createTikTokClient({ ...APP, environment: "local", apiOrigin: origin, tier: "basic", fetch: recordingFetch, onAttempt: (e) => events.push(e) });
    const queue = [...advertiserIds];
    let rowsFetched = 0;
    const cpuA = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let advertiserId = queue.shift(); advertiserId; advertiserId = queue.shift()) {
          for await (const page of tiktok.reports.campaignDailyPages({ accessToken: token.access_token, advertiserId, startDate, endDate })) rowsFetched += page.rows.length;
        }
      }),
    );
    const elapsedA = (performance.now() - t0) / 1000;
    const clientCpu = cpuMs(cpuA);
    const reportCalls = events.filter((e) => e.path === REPORT_PATH).length;
    const throttled = events.filter((e) => e.code === 40100).length;

    // Phase B: a bare loop over the same URLs at the same pace: fetch + JSON.parse, nothing else.
    let bareCpu = Number.NaN;
    let elapsedB = Number.NaN;
    if (!flags["skip-bare"]) {
      const headers = { "Access-Token": token.access_token, "Content-Type": "application/json" };
      const spacingMs = (elapsedA * 1000) / replay.length;
      const cpuB = process.cpuUsage();
      const t1 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          for (let i = next++; i < replay.length; i = next++) {
            const due = t1 + i * spacingMs - performance.now();
            if (due > 0) await new Promise((r) => setTimeout(r, due));
            const res = await fetch(replay[i]!, { headers });
            JSON.parse(await res.text());
          }
        }),
      );
      elapsedB = (performance.now() - t1) / 1000;
      bareCpu = cpuMs(cpuB);
    }

    const achieved = reportCalls / elapsedA;
    const table = [
      ["measure", "value", "target"],
      ["advertisers × campaigns × days", `${ADVERTISERS} × ${CAMPAIGNS} × ${DAYS}`, ""],
      ["rows returned (expected)", `${rowsFetched} (${totalRows})`, "equal"],
      ["report calls made", String(reportCalls), `= lower bound`],
      ["lower bound", String(lowerBound), ""],
      ["wall time", `${elapsedA.toFixed(1)} s`, ""],
      ["achieved req/s ÷ limit", `${achieved.toFixed(2)} / ${LIMIT_PER_SECOND} = ${(achieved / LIMIT_PER_SECOND).toFixed(3)}`, "≥ 0.95"],
      ["40100 answers", String(throttled), "0"],
      ["client CPU", `${clientCpu.toFixed(0)} ms (${((clientCpu / reportCalls) * 1000).toFixed(0)} µs/call)`, ""],
      ["bare fetch + JSON.parse CPU", Number.isNaN(bareCpu) ? "skipped" : `${bareCpu.toFixed(0)} ms over ${elapsedB.toFixed(1)} s`, ""],
      ["client CPU ÷ bare CPU", Number.isNaN(bareCpu) ? "skipped" : (clientCpu / bareCpu).toFixed(2) + "×", "≤ 1.25×"],
    ];
    console.log(table.map((r) => `| ${r.join(" | ")} |`).join("\n").replace(/^(\|[^\n]+\|)\n/, "$1\n|---|---|---|\n"));
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit").catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
