/**
 * `npm run bench:demo`: what a newcomer waits for with `npm run demo`, on the production build it serves by default:
 * seconds from the command to a dashboard full of numbers (target: 15 s once the build exists), then, page by
 * page, the time from navigation to the page's data on screen (target: 500 ms warm) and its JavaScript.
 *
 * Starts `npm run demo` as a newcomer would (its demo workspace: three ad accounts connected through the real connect
 * flow and synced for 90 days by the real sync), on free ports. A missing or stale build is made first and its time
 * reported apart (build.ts; a newcomer pays it once). As soon as the demo prints its sign-in, two things run side by
 * side, each timed from the command:
 *   - Convex: the demo's account (signed in with the printed password) reads `tiktok.sync.queries.status` until every
 *     account's first sync succeeded, and `tiktok.reports.summary` until each account shows spend over the 90 days;
 *   - the browser: Debian's Chromium signs in on /signin with the printed email and password, opens /reports, and
 *     waits for the Spend tile (in the list "Key figures") to show an amount above zero.
 * Then, synced, for each page: its first visit (the JavaScript it loads, compressed as sent and as run), a warm
 * reload (the browser's cache full: navigation to data visible, median of 3) and an in-app move to it from another
 * page by the navigation link (median of 3). Last, Ctrl-C as a terminal sends it (SIGINT to the whole process group):
 * how long the demo takes to stop and whether it printed anything but its own lines (an ECONNRESET trace, an
 * "Uncaught ConvexError").
 * A step that is not reached within --timeout seconds is reported as such.
 * Not a test: its numbers go in notes. Flags: --next start|dev (start), --timeout <s> (180), --no-browser
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { chromium, type Page, type Response } from "playwright-core";
import { cpus, loadavg } from "node:os";
import { PROJECT_ROOT } from "../tools/convex-gateway/modules";
import { runNextBuild, staleBuildReason } from "../tools/demo/build";
import { signIn, waitForSync, type DemoAccount, type SyncedAccount } from "../tools/demo/demo-workspace";
import { api } from "../convex/_generated/api";
import { ConvexHttpClient } from "convex/browser";

const { values: flags } = parseArgs({
  options: {
    next: { type: "string", default: "start" },
    timeout: { type: "string", default: "180" },
    "no-browser": { type: "boolean", default: false },
  },
});
const TIMEOUT_MS = Number(flags.timeout) * 1000;

// The build a newcomer makes once, made (if needed) before the clock starts, and reported apart.
let built = "reused (current)";
const stale = flags.next === "start" ? staleBuildReason(PROJECT_ROOT) : "not used (dev server)";
if (flags.next === "start" && stale) {
  const from = Date.now();
  await runNextBuild(PROJECT_ROOT, false);
  built = `made first (${stale}), ${((Date.now() - from) / 1000).toFixed(0)} s, not counted below`;
} else if (stale) built = stale;
const t0 = Date.now();
const marks: [string, string][] = [];
const mark = (step: string, note = "") => marks.push([step, `${((Date.now() - t0) / 1000).toFixed(1)}${note}`]);
const missed = (step: string, why: string) => void marks.push([step, `not reached: ${why}`]);

interface Ready {
  appUrl: string;
  gatewayUrl: string;
  demo: DemoAccount;
}

// `node --import tsx`, not the tsx command: that one runs the script in a child process, and kills it outright when
// it does not acknowledge a signal within ~60 ms (a busy gateway), leaving its Next.js server behind.
// Its own process group (detached), so Ctrl-C can be sent as a terminal sends it: to the demo and Next.js at once.
const demo = spawn(
  process.execPath,
  ["--import", "tsx", "tools/demo/run.ts", "--next", flags.next, "--json", "--data", "demo", "--any-ports"],
  { stdio: ["ignore", "pipe", "pipe"], detached: true },
);
/** Everything the demo printed that is not its JSON lines: with the default flags, it should print nothing else. */
const stray: string[] = [];
createInterface({ input: demo.stderr }).on("line", (line) => stray.push(line));

/** The demo's account, as the Reports page reads it: every sync succeeded and each account's spend above zero. */
async function convexSide(ready: Ready): Promise<SyncedAccount[]> {
  const session = await signIn(ready.gatewayUrl, ready.demo);
  const client = new ConvexHttpClient(ready.gatewayUrl, { logger: false });
  client.setAuth(session.token);
  const [membership] = await client.query(api.workspaces.members.mine, {});
  const synced = await waitForSync(ready.gatewayUrl, session, membership!.workspaceId, {
    backfillDays: 90,
    timeoutMs: TIMEOUT_MS,
  });
  mark("every account synced (runs succeeded, summary spend > 0)");
  return synced;
}

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A person: sign in with the printed email and password, open /reports, wait for a Spend tile above zero. */
async function browserSide(ready: Ready, page: Page): Promise<void> {
  try {
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.goto(`${ready.appUrl}/signin?returnTo=${encodeURIComponent("/reports")}`);
    await page.getByLabel("Email").fill(ready.demo.email);
    await page.getByLabel("Password").fill(ready.demo.password);
    mark("sign-in page shown");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => url.pathname !== "/signin");
    if (new URL(page.url()).pathname !== "/reports") await page.goto(`${ready.appUrl}/reports`);
    mark("signed in, Reports page loading");
    // The Spend tile reads "Spend", the amount with its currency, then the change: wait for an amount above zero.
    const spend = page
      .getByRole("list", { name: "Key figures" })
      .getByRole("listitem")
      .filter({ hasText: /^\s*Spend/ })
      .first();
    await spend.waitFor();
    mark("Reports page shows the Spend tile");
    await page.waitForFunction(
      (tile) => /^\s*Spend\s*[A-Z]{3}\s*[\d,.]*[1-9]/.test(tile?.textContent ?? ""),
      await spend.elementHandle(),
      { timeout: TIMEOUT_MS },
    );
    mark("Reports page shows spend above zero", ` (${(await spend.textContent())?.match(/[A-Z]{3}\s*[\d,.]+/)?.[0]})`);
    await page.screenshot({ path: join(tmpdir(), "bench-demo-dashboard.png"), fullPage: true });
  } catch (error) {
    // What the page showed when it gave up, for the notes.
    const shot = join(tmpdir(), "bench-demo-failure.png");
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    throw new Error(`${String(error).split("\n")[0]} (the page: ${shot})`, { cause: error });
  }
}

/** Each page, the navigation link that opens it, and what shows that its data is on screen. */
const PAGES = [
  { path: "/reports", link: "Reports", data: '[data-testid="kpi-spend"] [data-testid="kpi-value"]', digits: true },
  { path: "/campaigns", link: "Campaigns", data: '[data-testid="campaign-row"]', digits: false },
  { path: "/connections", link: "Connections", data: '[data-testid="connection"]', digits: false },
  { path: "/activity", link: "Activity", data: '[data-testid="call"]', digits: false },
  { path: "/members", link: "Members", data: '[data-testid="member"]', digits: false },
] as const;
type PageSpec = (typeof PAGES)[number];

interface PageTiming {
  path: string;
  firstMs: number;
  warmMs: number;
  /** Of the warm reload, until the HTML started to arrive. */
  htmlMs: number;
  inAppMs: number;
  jsFiles: number;
  jsSentKb: number;
  jsRunKb: number;
}

async function dataVisible(page: Page, spec: PageSpec): Promise<void> {
  const first = page.locator(spec.data).first();
  await first.waitFor({ state: "visible" });
  if (spec.digits) await page.waitForFunction((el) => /[1-9]/.test(el?.textContent ?? ""), await first.elementHandle());
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One page's numbers: first visit (with its JavaScript), warm reloads, and in-app moves from another page. */
async function timePage(page: Page, appUrl: string, spec: PageSpec): Promise<PageTiming> {
  const scripts: { sent: number; run: number }[] = [];
  const onResponse = (response: Response) => {
    if (response.request().resourceType() !== "script") return;
    void Promise.all([response.request().sizes(), response.body()])
      .then(([sizes, body]) => scripts.push({ sent: sizes.responseBodySize, run: body.length }))
      .catch(() => undefined);
  };
  // First visit, with an empty cache: a fresh context holding the same sign-in.
  const fresh = await page
    .context()
    .browser()!
    .newContext({ storageState: await page.context().storageState() });
  const firstPage = await fresh.newPage();
  firstPage.setDefaultTimeout(TIMEOUT_MS);
  firstPage.on("response", onResponse);
  let t = performance.now();
  await firstPage.goto(`${appUrl}${spec.path}`);
  await dataVisible(firstPage, spec);
  const firstMs = performance.now() - t;
  await firstPage.waitForLoadState("networkidle").catch(() => undefined);
  await fresh.close();

  const warm: number[] = [];
  const html: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    // "commit": the page's HTML has started to arrive (the server's share); then its data (the browser's and Convex's).
    await page.goto(`${appUrl}${spec.path}`, { waitUntil: "commit" });
    html.push(performance.now() - t);
    await dataVisible(page, spec);
    warm.push(performance.now() - t);
  }
  const inApp: number[] = [];
  const from = spec.path === "/reports" ? PAGES[1] : PAGES[0];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${appUrl}${from.path}`);
    await dataVisible(page, from);
    t = performance.now();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: spec.link, exact: true }).click();
    await page.waitForURL((url) => url.pathname === spec.path);
    await dataVisible(page, spec);
    inApp.push(performance.now() - t);
  }
  return {
    path: spec.path,
    firstMs,
    warmMs: median(warm),
    htmlMs: median(html),
    inAppMs: median(inApp),
    jsFiles: scripts.length,
    jsSentKb: scripts.reduce((sum, s) => sum + s.sent, 0) / 1024,
    jsRunKb: scripts.reduce((sum, s) => sum + s.run, 0) / 1024,
  };
}

/** Ctrl-C as a terminal sends it: SIGINT to the demo's whole process group. Seconds until it exited. */
async function pressCtrlC(): Promise<number | null> {
  if (demo.exitCode !== null) return null;
  const t = performance.now();
  const exited = new Promise((resolve) => demo.once("exit", resolve));
  process.kill(-demo.pid!, "SIGINT");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  if (demo.exitCode === null && demo.signalCode === null) {
    process.kill(-demo.pid!, "SIGKILL");
    return null;
  }
  return (performance.now() - t) / 1000;
}

let synced: SyncedAccount[] = [];
const timings: PageTiming[] = [];
let stopSeconds: number | null;
const browser = flags["no-browser"]
  ? undefined
  : await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const ready = await new Promise<Ready>((resolve, reject) => {
    demo.once("exit", (code) => reject(new Error(`npm run demo exited with ${code}`)));
    createInterface({ input: demo.stdout }).on("line", (line) => {
      if (line.startsWith('{"appUrl"')) resolve(JSON.parse(line) as Ready);
      else if (!line.startsWith('{"demoSynced"')) stray.push(line);
    });
  });
  mark("demo ready: servers answering, demo account signed up and TikTok connected");
  const page = browser
    ? await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    : undefined;
  const [convex, dashboard] = await Promise.allSettled([
    convexSide(ready),
    page ? browserSide(ready, page) : Promise.resolve(),
  ]);
  if (convex.status === "fulfilled") synced = convex.value;
  else missed("every account synced", String(convex.reason));
  if (dashboard.status === "rejected")
    missed("Reports page shows spend above zero", String(dashboard.reason).split("\n")[0]!);
  if (page && convex.status === "fulfilled" && dashboard.status === "fulfilled") {
    for (const spec of PAGES) {
      try {
        timings.push(await timePage(page, ready.appUrl, spec));
      } catch (error) {
        missed(`${spec.path} data visible`, String(error).split("\n")[0]!);
      }
    }
  }
} finally {
  await browser?.close();
  stopSeconds = await pressCtrlC();
}

console.log(
  `\nnpm run demo (--next ${flags.next}), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; production build: ${built}\n\nSeconds from the command:\n`,
);
console.log("| step | s |\n|---|---|");
for (const [step, value] of marks) console.log(`| ${step} | ${value} |`);
if (timings.length > 0) {
  console.log(
    "\nEach page, from navigation to its data on screen (ms; warm and in-app: median of 3), and the JavaScript its first visit loads:\n",
  );
  console.log(
    "| page | first visit | warm reload | of it, HTML | in-app move | JS files | JS sent (KB) | JS run (KB) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const p of timings)
    console.log(
      `| ${p.path} | ${p.firstMs.toFixed(0)} | ${p.warmMs.toFixed(0)} | ${p.htmlMs.toFixed(0)} | ${p.inAppMs.toFixed(0)} | ${p.jsFiles} | ${p.jsSentKb.toFixed(0)} | ${p.jsRunKb.toFixed(0)} |`,
    );
}
if (synced.length > 0) {
  console.log("\n| ad account | currency | timezone | spend, 90 days |\n|---|---|---|---|");
  for (const a of synced) console.log(`| ${a.name} | ${a.currency} | ${a.timezone ?? ""} | ${a.spend} |`);
}
console.log(
  `\nCtrl-C: ${stopSeconds === null ? "did not stop within 15 s (killed)" : `stopped in ${stopSeconds.toFixed(1)} s`}; ` +
    `lines printed besides the demo's own: ${stray.length}${stray.length ? `\n  ${stray.slice(0, 20).join("\n  ")}` : ""}`,
);
process.exit(0);
