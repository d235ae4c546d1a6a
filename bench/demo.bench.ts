/**
 * `npm run bench:demo`: how long a newcomer waits with `npm run demo` from typing the command to a dashboard full of
 * numbers (the target: within about a minute).
 *
 * Starts `npm run demo` as a newcomer would (its demo workspace: three ad accounts connected through the real
 * connect flow and synced for 90 days by the real sync; Next.js dev server, so pages compile on first visit), on
 * free ports. As soon as the demo prints its sign-in, two things run side by side, each timed from the command:
 *   - Convex: the demo's account (signed in with the printed password) reads `tiktok.sync.queries.status` until every
 *     account's first sync succeeded, and `tiktok.reports.summary` until each account shows spend over the 90 days;
 *   - the browser: Debian's Chromium signs in on /signin with the printed email and password, opens /reports, and
 *     waits for the Spend tile (in the list "Key figures") to show an amount above zero.
 * A step that is not reached within --timeout seconds is reported as such (e.g. no /reports page in this build).
 * Not a test: its numbers go in notes. Flags: --next dev|start (dev), --timeout <s> (180), --no-browser
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { signIn, waitForSync, type DemoAccount, type SyncedAccount } from "../tools/demo/demo-workspace";
import { api } from "../convex/_generated/api";
import { ConvexHttpClient } from "convex/browser";

const { values: flags } = parseArgs({
  options: {
    next: { type: "string", default: "dev" },
    timeout: { type: "string", default: "180" },
    "no-browser": { type: "boolean", default: false },
  },
});
const TIMEOUT_MS = Number(flags.timeout) * 1000;
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
const demo = spawn(
  process.execPath,
  ["--import", "tsx", "tools/demo/run.ts", "--next", flags.next, "--json", "--data", "demo", "--any-ports"],
  { stdio: ["ignore", "pipe", "inherit"] },
);

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

/** A person: sign in with the printed email and password, open /reports, wait for a Spend tile above zero. */
async function browserSide(ready: Ready): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.goto(`${ready.appUrl}/signin?returnTo=${encodeURIComponent("/reports")}`);
    await page.getByLabel("Email").fill(ready.demo.email);
    await page.getByLabel("Password").fill(ready.demo.password);
    mark("sign-in page shown");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => url.pathname !== "/signin");
    const landed = new URL(page.url()).pathname;
    if (landed !== "/reports") {
      const res = await page.goto(`${ready.appUrl}/reports`);
      if (res?.status() === 404) return missed("Reports page shows spend above zero", "no /reports page in this build");
    }
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
  } finally {
    await browser.close();
  }
}

let synced: SyncedAccount[] = [];
try {
  const ready = await new Promise<Ready>((resolve, reject) => {
    demo.once("exit", (code) => reject(new Error(`npm run demo exited with ${code}`)));
    createInterface({ input: demo.stdout }).on("line", (line) => {
      if (line.startsWith('{"appUrl"')) resolve(JSON.parse(line) as Ready);
    });
  });
  mark("demo ready: servers answering, demo account signed up and TikTok connected");
  const [convex, browser] = await Promise.allSettled([
    convexSide(ready),
    flags["no-browser"] ? Promise.resolve() : browserSide(ready),
  ]);
  if (convex.status === "fulfilled") synced = convex.value;
  else missed("every account synced", String(convex.reason));
  if (browser.status === "rejected")
    missed("Reports page shows spend above zero", String(browser.reason).split("\n")[0]!);
} finally {
  // The demo stops its servers on SIGTERM; wait for it, or its Next.js dev server outlives the benchmark (and Next
  // refuses a second dev server in the same folder).
  if (demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once("exit", resolve));
    demo.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (demo.exitCode === null) demo.kill("SIGKILL");
  }
}

console.log(
  `\nnpm run demo (--next ${flags.next}), ${new Date().toISOString().slice(0, 10)}, seconds from the command:\n`,
);
console.log("| step | s |\n|---|---|");
for (const [step, value] of marks) console.log(`| ${step} | ${value} |`);
if (synced.length > 0) {
  console.log("\n| ad account | currency | timezone | spend, 90 days |\n|---|---|---|---|");
  for (const a of synced) console.log(`| ${a.name} | ${a.currency} | ${a.timezone ?? ""} | ${a.spend} |`);
}
process.exit(0);
