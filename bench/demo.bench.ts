/**
 * `npm run bench:demo`: how long a newcomer waits with `npm run demo` (the target: signed up, connected and looking
 * at the demo advertiser within a minute of typing the command).
 *
 * Starts `npm run demo` as a newcomer would (Next.js dev server, so pages compile on first visit), then drives
 * Debian's Chromium through the journey: open the app, create an account (with the emailed code the demo prints),
 * Connect TikTok, Approve on the
 * simulator's consent page, and wait for the advertiser on the Connections page. Prints the time to each step from
 * the command's start. Ports 3000/3210/8787 must be free. Not a test: its numbers go in notes.
 * Flags: --next dev|start (dev)
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: flags } = parseArgs({ options: { next: { type: "string", default: "dev" } } });
const t0 = Date.now();
const marks: [string, number][] = [];
const mark = (step: string) => marks.push([step, Date.now() - t0]);

const demo = spawn(
  process.execPath,
  ["node_modules/tsx/dist/cli.mjs", "tools/demo/run.ts", "--next", flags.next, "--json"],
  { stdio: ["ignore", "pipe", "inherit"] },
);
try {
  const { appUrl, simUrl, gatewayUrl } = await new Promise<{ appUrl: string; simUrl: string; gatewayUrl: string }>(
    (resolve, reject) => {
      demo.once("exit", (code) => reject(new Error(`npm run demo exited with ${code}`)));
      createInterface({ input: demo.stdout }).on(
        "line",
        (line) =>
          line.startsWith("{") && resolve(JSON.parse(line) as { appUrl: string; simUrl: string; gatewayUrl: string }),
      );
    },
  );
  mark("demo ready (servers answering)");
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
  page.setDefaultTimeout(120_000);
  await page.goto(appUrl);
  await page.getByRole("link", { name: "Create an account" }).waitFor();
  mark("landing page shown");
  await page.goto(`${appUrl}/signin?mode=signup`);
  await page.getByLabel("Email").fill("newcomer@example.com");
  await page.getByLabel("Password").fill("a long demo password");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  // The demo verifies addresses with a code it keeps instead of emailing (and prints): read it as a newcomer would.
  await page.getByLabel("Code").waitFor();
  let code: string | undefined;
  while (!code) {
    const outbox = (await (await fetch(`${gatewayUrl}/_gateway/tables/emailOutbox`)).json()) as {
      documents: { to: string; code: string }[];
    };
    code = outbox.documents.find((e) => e.to === "newcomer@example.com")?.code;
    if (!code) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await page.getByRole("button", { name: "Connect TikTok" }).first().waitFor();
  mark("signed up, Connections page shown");
  await page.getByRole("button", { name: "Connect TikTok" }).first().click();
  await page.waitForURL((url) => url.href.startsWith(`${simUrl}/portal/auth`));
  mark("TikTok consent page shown");
  await page.locator("#approve").click();
  await page.getByTestId("advertiser").first().waitFor();
  mark("advertiser listed on Connections");
  await browser.close();
} finally {
  demo.kill("SIGTERM");
}

console.log(`\nnpm run demo (--next ${flags.next}), seconds from the command:\n`);
console.log("| step | s |\n|---|---|");
for (const [step, ms] of marks) console.log(`| ${step} | ${(ms / 1000).toFixed(1)} |`);
process.exit(0);
