/**
 * `npm run bench:client`: how close the client gets to TikTok's rate limit, and what it costs in CPU.
 *
 * The simulator runs in its own process (so its CPU is not ours) with the Basic tier enforced: 10 req/s and
 * 600/min per app. Four workers share one client, hence one rate gate, and fetch daily campaign reports for
 * 20 advertisers × 500 campaigns × 90 days. Then a bare loop (fetch + JSON.parse, nothing else) replays the very
 * same URLs at the same pace, to price the client's own work (pacing, envelope, parsing, retries, ledger events).
 * Both paths are warmed up first on one window, unmeasured, so neither pays the other's JIT or connection set-up.
 *
 * Printed: report calls made vs the lower bound (Σ over advertisers and 30-day windows of ⌈rows/1000⌉),
 * achieved rate ÷ limit, 40100 answers, and client CPU ÷ bare-loop CPU. Not a test: its numbers go in notes.
 * Flags: --advertisers N (20) --campaigns N (500) --days N (90) --workers N (4) --skip-bare --diagnose
 */
import { once } from "node:events";
import { parseArgs } from "node:util";
import { BENCH_APP, simControl, startSimProcess } from "./sim-process.js";
import { addDays, splitRange, type DateRange } from "../lib/tiktok/dates.js";
import { createTikTokClient, type AttemptEvent, type TikTokClient } from "../lib/tiktok/index.js";

const { values: flags } = parseArgs({
  options: {
    advertisers: { type: "string", default: "20" },
    campaigns: { type: "string", default: "500" },
    days: { type: "string", default: "90" },
    workers: { type: "string", default: "4" },
    "skip-bare": { type: "boolean", default: false },
    diagnose: { type: "boolean", default: false },
  },
});
const ADVERTISERS = Number(flags.advertisers);
const CAMPAIGNS = Number(flags.campaigns);
const DAYS = Number(flags.days);
const WORKERS = Number(flags.workers);
const LIMIT_PER_SECOND = 10;
const APP = BENCH_APP;
const REPORT_PATH = "/report/integrated/get/";

function cpuMsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** What the client pass saw; `urls` are the report calls it sent, for the bare loop to replay. */
interface Recorder {
  events: AttemptEvent[];
  urls: string[];
  sentAt: number[];
}

function newRecorder(): Recorder {
  return { events: [], urls: [], sentAt: [] };
}

/** The client pass: `workers` loops pulling advertisers from one queue, all through one client. */
async function runClient(tiktok: TikTokClient, token: string, advertiserIds: string[], range: DateRange) {
  const queue = [...advertiserIds];
  let rows = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let advertiserId = queue.shift(); advertiserId; advertiserId = queue.shift()) {
        for await (const page of tiktok.reports.campaignDailyPages({ accessToken: token, advertiserId, ...range }))
          rows += page.rows.length;
      }
    }),
  );
  return { rows, seconds: (performance.now() - t0) / 1000, cpuMs: cpuMsSince(cpu) };
}

/** The bare pass: the same URLs, `workers` at a time, each sent on a fixed schedule; fetch + JSON.parse only. */
async function runBare(urls: string[], token: string, spacingMs: number) {
  const headers = { "Access-Token": token, "Content-Type": "application/json" };
  let next = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let i = next++; i < urls.length; i = next++) {
        const due = t0 + i * spacingMs - performance.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
        const body = JSON.parse(await (await fetch(urls[i]!, { headers })).text()) as { code: number };
        if (body.code !== 0) failures++;
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, cpuMs: cpuMsSince(cpu), failures };
}

function busiestWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function main() {
  const { child, origin } = await startSimProcess({ advertisers: ADVERTISERS, campaigns: CAMPAIGNS });
  try {
    const state = await simControl<{ clock: { now: number }; advertisers: { advertiser_id: string }[] }>(
      origin,
      "GET",
      "/_sim/state",
    );
    const advertiserIds = state.advertisers.map((a) => a.advertiser_id);
    const token = (await simControl<{ access_token: string }>(origin, "POST", "/_sim/token", {})).access_token;
    const endDate = addDays(new Date(state.clock.now).toISOString().slice(0, 10), -1);
    const range = { startDate: addDays(endDate, -(DAYS - 1)), endDate };

    // The fewest report calls that can return every row: one per 1000 rows of each ≤30-day window (at least one).
    let lowerBound = 0;
    let expectedRows = 0;
    for (const advertiserId of advertiserIds) {
      for (const w of splitRange(range, 30)) {
        const q = new URLSearchParams({ advertiser_id: advertiserId, start_date: w.startDate, end_date: w.endDate });
        const { rows } = await simControl<{ rows: number }>(origin, "GET", `/_sim/report-row-count?${q}`);
        expectedRows += rows;
        lowerBound += Math.max(1, Math.ceil(rows / 1000));
      }
    }

    let recorder = newRecorder();
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes(REPORT_PATH)) {
        recorder.urls.push(url);
        recorder.sentAt.push(Date.now());
      }
      return fetch(input, init);
    };
    const tiktok = createTikTokClient({
      ...APP,
      environment: "local",
      apiOrigin: origin,
      tier: "basic",
      fetch: recordingFetch,
      onAttempt: (e) => recorder.events.push(e),
    });

    // Warm-up, unmeasured: one 30-day window through the client, then the bare loop over the same pages.
    const warmRange = { startDate: addDays(endDate, -29), endDate };
    await runClient(tiktok, token, [advertiserIds[0]!], warmRange);
    if (!flags["skip-bare"]) await runBare(recorder.urls, token, 110);
    await new Promise((r) => setTimeout(r, 1_100)); // let the app's sliding second empty before measuring

    recorder = newRecorder();
    const client = await runClient(tiktok, token, advertiserIds, range);
    const reportCalls = recorder.events.filter((e) => e.path === REPORT_PATH).length;
    const throttled = recorder.events.filter((e) => e.code === 40100).length;
    const bare = flags["skip-bare"]
      ? undefined
      : await runBare(recorder.urls, token, (client.seconds * 1000) / recorder.urls.length);

    if (flags.diagnose) {
      const log = await simControl<{ requests: { at: number; path: string }[] }>(origin, "GET", "/_sim/requests");
      // The simulator's clock runs at real time here (nothing advances it), so its stamps compare with ours.
      const [first, last] = [Math.min(...recorder.sentAt), Math.max(...recorder.sentAt)];
      const arrivals = log.requests
        .filter((r) => r.path.endsWith(REPORT_PATH) && r.at >= first - 5 && r.at <= last + 5)
        .map((r) => r.at);
      console.log(
        `measured client pass, busiest second: ${busiestWindow(recorder.sentAt, 1000)} sent, ${busiestWindow(arrivals, 1000)} arrived`,
      );
    }

    const achieved = reportCalls / client.seconds;
    const rows: string[][] = [
      ["advertisers × campaigns × days", `${ADVERTISERS} × ${CAMPAIGNS} × ${DAYS}`, ""],
      ["rows returned (expected)", `${client.rows} (${expectedRows})`, "equal"],
      ["report calls made", String(reportCalls), "= lower bound"],
      ["lower bound", String(lowerBound), ""],
      ["wall time", `${client.seconds.toFixed(1)} s`, ""],
      [
        "achieved req/s ÷ limit",
        `${achieved.toFixed(2)} / ${LIMIT_PER_SECOND} = ${(achieved / LIMIT_PER_SECOND).toFixed(3)}`,
        "≥ 0.95",
      ],
      ["40100 answers", String(throttled), "0"],
      ["client CPU", `${client.cpuMs.toFixed(0)} ms (${((client.cpuMs / reportCalls) * 1000).toFixed(0)} µs/call)`, ""],
    ];
    if (bare) {
      rows.push(
        [
          "bare fetch + JSON.parse CPU",
          `${bare.cpuMs.toFixed(0)} ms (${((bare.cpuMs / recorder.urls.length) * 1000).toFixed(0)} µs/call, ${bare.failures} non-zero codes)`,
          "",
        ],
        ["client CPU ÷ bare CPU", `${(client.cpuMs / bare.cpuMs).toFixed(2)}×`, "≤ 1.25×"],
      );
    }
    console.log(
      ["| measure | value | target |", "|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n"),
    );
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit").catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
