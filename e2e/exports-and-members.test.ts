/**
 * The Reports page's CSV downloads and the Members page for members who are not admins, in a real browser against
 * the real pages, our Convex functions on the gateway and the simulator as TikTok (issue 18, items 9, 11, 12):
 * - the totals CSV and the campaign × day CSV both start with a UTF-8 byte-order mark (so Excel keeps names such as
 *   "Café" or "東京"), are named by the account, the currency and the dates, and agree: each campaign's days add up
 *   to its line in the totals file;
 * - an ops member finds Members in the navigation and reads who is in the workspace with their roles, with no
 *   control that changes anyone;
 * - `npm run demo` (items 12, 13) serves the production build by default, prints nothing but its own lines when a
 *   page handles a refusal (a wrong password), and stops quietly on Ctrl-C (SIGINT to its process group, as a
 *   terminal sends it).
 * Every state: a screenshot and an axe check, at 1280×800 and 390×844.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currencyDecimals } from "../lib/format/numbers";
import { PROJECT_ROOT } from "../tools/convex-gateway/modules";
import {
  app,
  closeBrowser,
  gateway,
  newVisitor,
  openBrowser,
  parseCsvLine,
  seedMember,
  shotLaptopAndPhone,
  signUpConnectAndSync,
  sim,
  signUp,
  type SimAdvertiser,
  type User,
} from "./support";

const ADMIN: User = { email: "lead@exports.test", password: "a long exports password" };
const OPS: User = { email: "ops@exports.test", password: "another exports password" };

let browser: Browser;
let page: Page;
let advertiser: SimAdvertiser;

beforeAll(async () => {
  ({ browser, page } = await openBrowser({ acceptDownloads: true }));
  // The numbers compared here must be the ones the sync read: the simulator's recent days move with its clock.
  await sim.freezeClock();
  [advertiser] = (await sim.get<{ advertisers: SimAdvertiser[] }>("state")).advertisers as [SimAdvertiser];
});

afterAll(() => closeBrowser(browser));

/** Clicks a download button; answers the file's name, its raw bytes and its rows by column name. */
async function download(testId: string) {
  const waiting = page.waitForEvent("download");
  await page.getByTestId(testId).click();
  const file = await waiting;
  const bytes = readFileSync(await file.path());
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const [header, ...lines] = text.trim().split("\r\n").map(parseCsvLine);
  const rows = lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ""])));
  return { name: file.suggestedFilename(), bytes, header: header!, rows };
}

function rangeInUrl(): { from: string; to: string } {
  const url = new URL(page.url());
  return { from: url.searchParams.get("from")!, to: url.searchParams.get("to")! };
}

describe("CSV downloads and the Members page for every member", () => {
  it("an admin connects TikTok and the first sync fills Reports", async () => {
    await signUpConnectAndSync(page, ADMIN);
    await page.goto(app("/reports"));
    await page.getByRole("radio", { name: "Last 30 days", exact: true }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get("from")).toBeTruthy();
    await page.getByTestId("campaign-row").first().waitFor({ timeout: 20_000 });
    await shotLaptopAndPhone(page, "x01-reports-exports");
  });

  it("both CSVs start with a UTF-8 byte-order mark and are named by the account, currency and dates", async () => {
    const { from, to } = rangeInUrl();
    const slug = advertiser.name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "");
    const totals = await download("export-csv");
    const byDay = await download("export-csv-by-day");
    for (const file of [totals, byDay]) expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(totals.name).toBe(`tiktok-campaigns_${slug}_${advertiser.currency}_${from}_to_${to}.csv`);
    expect(byDay.name).toBe(`tiktok-campaigns-by-day_${slug}_${advertiser.currency}_${from}_to_${to}.csv`);
  });

  it("the campaign × day CSV has one line per campaign and day in the range, adding up to the totals CSV", async () => {
    const { from, to } = rangeInUrl();
    const totals = await download("export-csv");
    const byDay = await download("export-csv-by-day");
    expect(byDay.header.slice(0, 7)).toEqual([
      "Date",
      "Campaign ID",
      "Campaign",
      "Status",
      "Objective",
      "Currency",
      "Spend",
    ]);
    expect(byDay.rows.length).toBeGreaterThan(totals.rows.length - 1);
    const seen = new Set<string>();
    for (const row of byDay.rows) {
      expect(row.Date! >= from && row.Date! <= to, row.Date).toBe(true);
      expect(row.Currency).toBe(advertiser.currency);
      const key = `${row["Campaign ID"]} ${row.Date}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    // Each campaign's days add up to its line in the totals file, to the minor unit; names read back as written.
    const scale = 10 ** currencyDecimals(advertiser.currency);
    const minor = (amount: string) => Math.round(Number(amount) * scale);
    const campaignLines = totals.rows.filter((r) => r["Campaign ID"]);
    for (const line of campaignLines) {
      const days = byDay.rows.filter((r) => r["Campaign ID"] === line["Campaign ID"]);
      expect(
        days.reduce((sum, d) => sum + minor(d.Spend!), 0),
        line.Campaign,
      ).toBe(minor(line.Spend!));
      expect(
        days.reduce((sum, d) => sum + Number(d.Impressions), 0),
        line.Campaign,
      ).toBe(Number(line.Impressions));
      for (const d of days) expect(d.Campaign).toBe(line.Campaign);
    }
    const total = totals.rows.find((r) => r.Campaign === "Total")!;
    expect(byDay.rows.reduce((sum, d) => sum + minor(d.Spend!), 0)).toBe(minor(total.Spend!));
    expect(minor(total.Spend!)).toBeGreaterThan(0);
  });

  it("an ops member finds Members in the navigation and reads who is in the workspace, changing nothing", async () => {
    const members = await gateway.table<{ workspaceId: string; email?: string; role: string }>("members");
    const workspaceId = members.find((m) => m.email === ADMIN.email)!.workspaceId;
    const ops = await newVisitor(browser);
    await signUp(ops, OPS);
    await seedMember(workspaceId, OPS.email, "ops");
    const nav = ops.getByRole("navigation", { name: "Main" });
    // The link appears once the new membership reaches the open page (the role is known); it leads to /members.
    const link = nav.getByRole("link", { name: "Members" });
    await link.waitFor({ timeout: 20_000 });
    expect(await link.getAttribute("href")).toBe("/members");
    await ops.goto(app("/members"));
    const people = ops.getByRole("list", { name: "Members" });
    await expect
      .poll(() => people.getByTestId("member").allInnerTexts())
      .toEqual([
        expect.stringMatching(/lead@exports\.test[\s\S]*Admin/),
        expect.stringMatching(/ops@exports\.test[\s\S]*You[\s\S]*Ops/),
      ]);
    await expect.poll(() => ops.getByTestId("members-read-only").innerText()).toContain(ADMIN.email);
    for (const name of [/Remove/, /Save role/, /Create invite link/, /Revoke/]) {
      expect(await ops.getByRole("button", { name }).count(), String(name)).toBe(0);
    }
    expect(await ops.getByRole("combobox").count()).toBe(0);
    await shotLaptopAndPhone(ops, "x02-members-ops");
    await ops.context().close();
  });
});

describe("npm run demo", () => {
  it("serves the production build, prints no refusal a page handles, and stops quietly on Ctrl-C", async () => {
    // Its own process group, so SIGINT reaches the demo and Next.js together, as Ctrl-C in a terminal does.
    const demo = spawn(process.execPath, ["--import", "tsx", "tools/demo/run.ts", "--any-ports", "--json"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const printed: string[] = [];
    const exited = new Promise<number | null>((resolve) => demo.once("exit", (code) => resolve(code)));
    try {
      createInterface({ input: demo.stderr }).on("line", (line) => printed.push(line));
      const ready = await new Promise<{ appUrl: string }>((resolve, reject) => {
        void exited.then((code) => reject(new Error(`the demo exited with ${code}: ${printed.join("\n")}`)));
        createInterface({ input: demo.stdout }).on("line", (line) => {
          if (line.startsWith("{")) resolve(JSON.parse(line) as { appUrl: string });
          else printed.push(line);
        });
      });
      // The page comes from this build (next dev would serve "development" as its build id).
      const buildId = readFileSync(join(PROJECT_ROOT, ".next", "BUILD_ID"), "utf8").trim();
      const html = await (await fetch(`${ready.appUrl}/signin`)).text();
      expect(html).toContain(buildId);

      // A refusal the page handles (a wrong password) is the page's to say, not the terminal's.
      const visitor = await newVisitor(browser);
      await visitor.goto(`${ready.appUrl}/signin`);
      await visitor.getByLabel("Email").fill("nobody@demo.test");
      await visitor.getByLabel("Password").fill("not the right password");
      await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
      await visitor.getByTestId("signin-error").waitFor();
      await visitor.context().close();

      process.kill(-demo.pid!, "SIGINT");
      expect(await exited).toBe(0);
      expect(printed).toEqual([]);
    } finally {
      if (demo.exitCode === null && demo.signalCode === null) process.kill(-demo.pid!, "SIGKILL");
    }
  }, 120_000);
});
