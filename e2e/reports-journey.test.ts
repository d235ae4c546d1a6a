/**
 * A newcomer's morning with the Reports page, in a real browser against the real pages, our Convex functions (on
 * the gateway) and the simulator as TikTok: sign up and land on Reports (nothing connected yet), connect, watch the
 * first sync's live progress, read KPIs that equal the simulator's own numbers for the range (taken from its
 * /_sim/campaign-days door, independently of our sync), switch presets, check that the campaign table's totals equal
 * the tiles and that the CSV equals the table, then lose the token at TikTok (Connections says re-auth is needed,
 * the next sync is skipped, Reports says the numbers are as of the last sync), reconnect, and see the sync resume.
 * An ops member reads the same report with no control that writes. Every state: a screenshot and an axe check, at
 * 1280×800 and 390×844.
 *
 * The simulator's clock is frozen first: its recent days move as "attribution settles" with time, and the numbers
 * compared here must be the ones the sync read.
 */
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currencyDecimals } from "../lib/format/numbers";
import { formatFigure, type DateRange } from "../lib/ui/reports";
import {
  app,
  approveOnTikTok,
  closeBrowser,
  expectConnectOutcome,
  gateway,
  newVisitor,
  openBrowser,
  parseCsvLine,
  revokeAtTikTokAndSweep,
  seedMember,
  shotLaptopAndPhone,
  sim,
  signUp,
  type SimAdvertiser,
  syncsSettled,
  type User,
  userId,
} from "./support";

const NEWCOMER: User = { email: "newcomer@reports.test", password: "a long newcomer password" };
const OPS: User = { email: "ops@reports.test", password: "a long ops password" };

interface SimCampaignDay {
  campaign_id: string;
  date: string;
  spend: number;
  impressions: number;
  clicks: number;
  conversion: number | null;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let advertisers: SimAdvertiser[] = [];

beforeAll(async () => {
  ({ browser, context, page } = await openBrowser({ acceptDownloads: true }));
  await sim.freezeClock();
  const state = await sim.get<{ advertisers: SimAdvertiser[] }>("state");
  advertisers = state.advertisers;
  expect(advertisers.length).toBeGreaterThan(0);
});

afterAll(async () => {
  // The simulator's clock stays frozen (it has no thaw), so its rate limits stay off for whatever runs next on this
  // stack: with every request at one instant, any limit would answer 40100 forever.
  await closeBrowser(browser);
});

/** The newcomer's workspace (the stack may hold others' too). */
async function myWorkspaceId(): Promise<string> {
  const members = await gateway.table<{ workspaceId: string; email?: string; role: string }>("members");
  const mine = members.find((m) => m.email === NEWCOMER.email && m.role === "admin");
  expect(mine, "the newcomer's membership").toBeDefined();
  return mine!.workspaceId;
}

async function myRuns(): Promise<{ _id: string; status: string; skipReason?: string }[]> {
  const workspaceId = await myWorkspaceId();
  return (
    await gateway.table<{ _id: string; workspaceId: string; status: string; skipReason?: string }>("syncRuns")
  ).filter((r) => r.workspaceId === workspaceId);
}

/** The advertiser's daily numbers as the simulator itself computes them (not through its report endpoint). */
async function simDays(advertiserId: string, range: DateRange): Promise<SimCampaignDay[]> {
  const q = new URLSearchParams({ advertiser_id: advertiserId, start_date: range.from, end_date: range.to });
  return (await sim.get<{ days: SimCampaignDay[] }>(`campaign-days?${q}`)).days;
}

/** Sums and ratios computed here from the simulator's rows: the numbers the tiles must show. */
function expectedFigures(days: SimCampaignDay[], currency: string): Record<(typeof TILES)[number], number | null> {
  const scale = 10 ** currencyDecimals(currency);
  // Sum in the currency's minor units: what TikTok's amounts are, without binary-fraction drift.
  const spend = days.reduce((s, d) => s + Math.round(d.spend * scale), 0) / scale;
  const impressions = days.reduce((s, d) => s + d.impressions, 0);
  const clicks = days.reduce((s, d) => s + d.clicks, 0);
  const tracked = days.filter((d) => d.conversion !== null);
  const conversions = tracked.length === 0 ? null : tracked.reduce((s, d) => s + d.conversion!, 0);
  return {
    spend,
    impressions,
    clicks,
    conversions,
    ctr: impressions > 0 ? (clicks / impressions) * 100 : null,
    cpc: clicks > 0 ? spend / clicks : null,
    cpm: impressions > 0 ? (spend / impressions) * 1000 : null,
    costPerConversion: conversions ? spend / conversions : null,
  };
}

/**
 * After the simulator's clock moves on, the range whose every day a later sync re-reads. A later sync re-reads the
 * trailing 7 days counting today (TIKTOK_SYNC_LOOKBACK_DAYS), while TikTok (and the simulator) keep moving a day
 * for 7 days after it ends: the day 7 days back still moves and is not re-read, so longer ranges may differ.
 */
const LOOKBACK_RANGE = "Yesterday";

/** The tiles this journey checks against the simulator, computed here independently of the app's own arithmetic. */
const TILES = ["spend", "impressions", "clicks", "ctr", "cpc", "cpm", "conversions", "costPerConversion"] as const;

async function tileTexts(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of TILES) {
    out[name] = (await page.getByTestId(`kpi-${name}`).getByTestId("kpi-value").innerText()).trim();
  }
  return out;
}

/** The range the page shows, from its address (the page writes every choice there). */
function rangeInUrl(): DateRange {
  const url = new URL(page.url());
  return { from: url.searchParams.get("from")!, to: url.searchParams.get("to")! };
}

async function choosePreset(label: string) {
  await page.getByRole("radio", { name: label, exact: true }).check();
  await expect.poll(() => new URL(page.url()).searchParams.get("from")).toBeTruthy();
}

async function chooseAccount(advertiser: SimAdvertiser) {
  await page.getByLabel("Ad account", { exact: true }).selectOption(advertiser.advertiser_id);
  await expect.poll(() => new URL(page.url()).searchParams.get("a")).toBe(advertiser.advertiser_id);
}

/** Every tile equals the simulator's numbers for the range in the address. */
async function expectTilesEqualSimulator(advertiser: SimAdvertiser) {
  const expected = expectedFigures(await simDays(advertiser.advertiser_id, rangeInUrl()), advertiser.currency);
  const want = Object.fromEntries(TILES.map((n) => [n, formatFigure(n, expected[n], advertiser.currency)]));
  await expect.poll(tileTexts, { timeout: 15_000 }).toEqual(want);
  expect(expected.spend).toBeGreaterThan(0); // a range with delivery: the comparison means something
}

describe("a newcomer's journey through Reports", () => {
  it("signing up lands on Reports, which says nothing is connected yet and links to Connections", async () => {
    const workspacesBefore = (await gateway.table("workspaces")).length;
    await signUp(page, NEWCOMER);
    await page.waitForURL(/\/reports/);
    if (workspacesBefore > 0) {
      // This stack already had a first admin (another browser test signed up first): give the newcomer the
      // workspace a fresh deployment would have given them, as its admin.
      const { ids } = (await gateway.post("seed", {
        table: "workspaces",
        document: { name: "Newcomer's workspace", createdBy: await userId(NEWCOMER.email) },
      })) as { ids: string[] };
      await seedMember(ids[0]!, NEWCOMER.email, "admin");
    }
    await expect
      .poll(() => page.getByTestId("empty-state").textContent())
      .toContain("No TikTok ad account connected yet");
    await shotLaptopAndPhone(page, "r01-reports-nothing-connected");
    await page.getByRole("link", { name: "Go to Connections" }).click();
    await page.waitForURL(/\/connections/);
  });

  it("connect → the first sync's progress is live on Reports → the numbers arrive without a reload", async () => {
    // TikTok holds the report calls until the first sync has been seen running.
    await sim.post("faults", { rules: [{ kind: "stall", path: "/report/integrated/get/" }] });
    await approveOnTikTok(page);
    await expectConnectOutcome(page, "connected");

    await page.goto(app("/reports"));
    const progress = page.getByTestId("sync-progress").first();
    await progress.waitFor({ timeout: 15_000 });
    await shotLaptopAndPhone(page, "r02-reports-first-sync-running");

    await sim.clearFaults();
    await syncsSettled();
    await page.getByTestId("kpis").waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId("fact-data-as-of").textContent()).not.toContain("Not synced");
  });

  it("the KPI tiles equal the simulator's own numbers for the range, for every ad account", async () => {
    for (const advertiser of advertisers) {
      await chooseAccount(advertiser);
      await choosePreset("Last 7 days");
      await expect.poll(() => page.getByTestId("fact-currency").textContent()).toBe(advertiser.currency);
      await expectTilesEqualSimulator(advertiser);
    }
    await chooseAccount(advertisers[0]!);
    await page.getByTestId("kpis").waitFor();
    await page.getByTestId("daily-chart").getByTestId("chart-canvas").locator("canvas").first().waitFor();
    await page.getByTestId("campaign-totals").waitFor();
    await shotLaptopAndPhone(page, "r03-reports-last-7-days");
  });

  it("another preset changes the range (and the address), and the tiles still equal the simulator", async () => {
    const advertiser = advertisers[0]!;
    const before = rangeInUrl();
    await choosePreset("Last 30 days");
    await expect.poll(() => rangeInUrl().from).not.toBe(before.from);
    await expectTilesEqualSimulator(advertiser);
    // A link shows the same report: a fresh tab at the same address shows the same tiles.
    const tiles = await tileTexts();
    const other = await context.newPage();
    await other.goto(page.url());
    await expect
      .poll(() => other.getByTestId("kpi-spend").getByTestId("kpi-value").innerText(), { timeout: 15_000 })
      .toBe(tiles.spend);
    await other.close();
    await page.getByText("Show the daily numbers as a table").click();
    await expect.poll(() => page.getByTestId("daily-table").locator("tbody tr").count()).toBe(30);
    await shotLaptopAndPhone(page, "r04-reports-last-30-days-with-table");
  });

  it("the campaign table's totals row equals the tiles", async () => {
    const tiles = await tileTexts();
    const table = page.getByTestId("campaign-table");
    for (const name of TILES) {
      await expect.poll(() => table.getByTestId(`total-${name}`).innerText()).toBe(tiles[name]);
    }
    // Sorting by name reorders the rows; the totals stay the range's.
    await table.getByRole("button", { name: /^Campaign/ }).click();
    await expect.poll(() => table.locator("th[aria-sort]").first().textContent()).toContain("Campaign");
    const names = await table.getByTestId("campaign-row").locator(".adv__name").allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await table.getByTestId("total-spend").innerText()).toBe(tiles.spend);
    await shotLaptopAndPhone(page, "r05-reports-campaigns-by-name");
  });

  it("the CSV export is exactly the table's rows, in the table's order", async () => {
    const advertiser = advertisers[0]!;
    const table = page.getByTestId("campaign-table");
    const rows = await table.getByTestId("campaign-row").evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll("th, td")].map((c) => (c as HTMLElement).innerText.trim());
        return {
          name: tr.querySelector(".adv__name")!.textContent.trim(),
          id: tr.querySelector(".adv__sub")!.textContent.trim(),
          cells,
        };
      }),
    );
    const download = page.waitForEvent("download");
    await table.getByTestId("export-csv").click();
    const file = await (await download).path();
    const lines = readFileSync(file, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const header = lines[0]!.split(",");
    expect(header.slice(0, 8)).toEqual([
      "From",
      "To",
      "Campaign ID",
      "Campaign",
      "Status",
      "Objective",
      "Currency",
      "Spend",
    ]);
    const body = lines.slice(1, -1).map(parseCsvLine);
    expect(body.map((r) => r[2])).toEqual(rows.map((r) => r.id));
    expect(body.map((r) => r[3])).toEqual(rows.map((r) => r.name));
    const range = rangeInUrl();
    for (const [i, r] of body.entries()) {
      const cells = rows[i]!.cells;
      expect([r[0], r[1], r[6]]).toEqual([range.from, range.to, advertiser.currency]);
      expect(r[4]).toBe(cells[1]); // status in the same words
      expect(formatFigure("spend", Number(r[7]), advertiser.currency)).toBe(cells[2]);
      expect(formatFigure("impressions", Number(r[8]), advertiser.currency)).toBe(cells[3]);
      expect(formatFigure("clicks", Number(r[9]), advertiser.currency)).toBe(cells[4]);
      expect(r[13] === "" ? "—" : formatFigure("conversions", Number(r[13]), advertiser.currency)).toBe(cells[8]);
    }
    const total = parseCsvLine(lines.at(-1)!);
    expect(total[3]).toBe("Total");
    expect(formatFigure("spend", Number(total[7]), advertiser.currency)).toBe(
      await table.getByTestId("total-spend").innerText(),
    );
  });

  it("the workspace overview lists every account with spend per currency, never added across currencies", async () => {
    const overview = page.getByTestId("overview");
    await expect.poll(() => overview.getByTestId("overview-row").count()).toBe(advertisers.length);
    const currencies = [...new Set(advertisers.map((a) => a.currency))].sort();
    const groups = await overview
      .locator(".currency-total")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-currency")));
    expect(groups).toEqual(currencies);
    await overview.scrollIntoViewIfNeeded();
    await shotLaptopAndPhone(page, "r06-reports-overview");
  });

  it("a later sync that finds recent days restated says so, day by day, and the tiles follow", async () => {
    const advertiser = advertisers[0]!;
    // Six hours on at TikTok: conversions (and a little spend and clicks) of the recent days settle upwards.
    await sim.post("clock", { advance_ms: 6 * 60 * 60_000 });
    const workspaceId = await myWorkspaceId();
    for (const a of await gateway.table<{ _id: string; workspaceId: string }>("advertisers")) {
      if (a.workspaceId === workspaceId) await gateway.post("patch", { id: a._id, fields: { nextSyncAt: 0 } });
    }
    await gateway.cron("tiktok sync sweep");
    await syncsSettled();
    await chooseAccount(advertiser);
    await choosePreset("Last 14 days");
    const notes = page.getByTestId("restatements");
    await expect
      .poll(() => notes.textContent(), { timeout: 15_000 })
      .toMatch(/TikTok restated \d+ days? of this range/);
    expect(await notes.locator("li").first().textContent()).toMatch(
      /^[A-Z][a-z]{2} \d{1,2}: [a-z]+ .+ since the last sync$/,
    );
    // Compared inside the sync's lookback: a later sync re-reads only the trailing days (see LOOKBACK_RANGE).
    await choosePreset(LOOKBACK_RANGE);
    await expectTilesEqualSimulator(advertiser);
    await page.getByTestId("campaign-totals").waitFor();
    await shotLaptopAndPhone(page, "r06b-reports-restated-days");
  });

  it("the Activity page lists the calls with their request_ids", async () => {
    await page.goto(app("/activity"));
    const workspaceId = await myWorkspaceId();
    const calls = (await gateway.table<{ workspaceId?: string; requestId?: string; at: number }>("tiktokCalls"))
      .filter((c) => c.workspaceId === workspaceId && c.requestId !== undefined)
      .sort((a, b) => b.at - a.at);
    expect(calls.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("body").innerText(), { timeout: 15_000 }).toContain(calls[0]!.requestId!);
    await page.goto(app("/reports"));
  });

  it("a token revoked at TikTok: Connections asks to re-authorize, the sync is skipped, Reports says so", async () => {
    const workspaceId = await myWorkspaceId();
    const connection = (await gateway.table<{ _id: string; workspaceId: string }>("connections")).find(
      (c) => c.workspaceId === workspaceId,
    );
    await revokeAtTikTokAndSweep(connection!._id);
    await page.goto(app("/connections"));
    const card = page.getByTestId("connection").first();
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("needs_reauth");
    await shotLaptopAndPhone(page, "r07-connections-needs-reauth");

    // The next sync of its accounts is skipped with that reason, not failed.
    const skippedBefore = new Set((await myRuns()).map((r) => r._id));
    for (const a of await gateway.table<{ _id: string; connectionId: string }>("advertisers")) {
      if (a.connectionId === connection!._id) await gateway.post("patch", { id: a._id, fields: { nextSyncAt: 0 } });
    }
    await gateway.cron("tiktok sync sweep");
    await syncsSettled();
    const skipped = (await myRuns()).filter((r) => !skippedBefore.has(r._id));
    expect(skipped.length).toBe(advertisers.length);
    expect(skipped.map((r) => r.status)).toEqual(skipped.map(() => "skipped"));

    await page.goto(app("/reports"));
    await expect
      .poll(() => page.getByTestId("stale-connection").textContent(), { timeout: 15_000 })
      .toContain("re-authorization");
    await page.getByTestId("kpis").waitFor();
    await page.getByTestId("campaign-totals").waitFor();
    await shotLaptopAndPhone(page, "r08-reports-needs-reauth");
  });

  it("reconnecting resumes the sync, and Reports is current again", async () => {
    const before = new Set((await myRuns()).map((r) => r._id));
    await page.goto(app("/connections"));
    await approveOnTikTok(page, "Reconnect");
    await expectConnectOutcome(page, "reconnected");
    await syncsSettled();
    const resumed = (await myRuns()).filter((r) => !before.has(r._id));
    expect(resumed.map((r) => r.status)).toEqual(resumed.map(() => "succeeded"));
    expect(resumed.length).toBe(advertisers.length);
    await page.goto(app("/reports"));
    await page.getByTestId("kpis").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("stale-connection").count()).toBe(0);
    await choosePreset(LOOKBACK_RANGE);
    await expectTilesEqualSimulator(advertisers[0]!);
  });

  it("an ops member reads the same report, with no control that changes anything", async () => {
    const workspaceId = await myWorkspaceId();
    const ops = await newVisitor(browser);
    await signUp(ops, OPS);
    await ops.waitForURL(/\/reports/);
    // Membership as an admin's invitation would give it (the invitation journey is connect-journey's).
    await seedMember(workspaceId, OPS.email, "ops");
    await ops.getByTestId("kpis").waitFor({ timeout: 20_000 });
    for (const name of ["Connect TikTok", "Reconnect", "Disconnect", "Sync now", "Pause", "Create campaign"]) {
      expect(await ops.getByRole("button", { name }).count(), name).toBe(0);
    }
    // Export is reading, not writing: it is there for ops too.
    expect(await ops.getByTestId("export-csv").count()).toBe(1);
    await shotLaptopAndPhone(ops, "r09-reports-ops");
    await ops.context().close();
  });
});
