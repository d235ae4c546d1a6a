/**
 * History on demand, in a real browser against the real pages, our Convex functions (on the gateway) and the
 * simulator as TikTok: a newcomer connects, sees that a Reports range before the 90-day backfill is "not counted
 * yet", asks on Connections for history back to an earlier month, watches its progress live, and then reads that
 * range on Reports with figures equal to the simulator's own. Every state: a screenshot and an axe check, at
 * 1280×800 and 390×844.
 *
 * The simulator's clock is frozen first, so the days compared are the ones the sync read.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currencyDecimals } from "../lib/format/numbers";
import { monthOf } from "../lib/sync/history";
import { addDays } from "../lib/tiktok/dates";
import { formatFigure } from "../lib/ui/reports";
import {
  app,
  approveOnTikTok,
  closeBrowser,
  expectConnectOutcome,
  gateway,
  openBrowser,
  shotLaptopAndPhone,
  sim,
  signUp,
  syncsSettled,
  type User,
} from "./support";

const MARKETER: User = { email: "history@reports.test", password: "a long history password" };

interface StoredAdvertiser {
  advertiserId: string;
  currency: string;
  syncedFrom?: string;
  syncedThrough?: string;
}

let browser: Browser;
let page: Page;
let advertiser: StoredAdvertiser;
/** The first day of the month asked for, and a week from it: before the backfill's first day. */
let from: string;
let range: { from: string; to: string };

beforeAll(async () => {
  ({ browser, page } = await openBrowser());
  await sim.freezeClock();
});

afterAll(async () => {
  await closeBrowser(browser);
});

const reportsUrl = () => app(`/reports?a=${advertiser.advertiserId}&range=custom&from=${range.from}&to=${range.to}`);

async function simSpend(): Promise<number> {
  const q = new URLSearchParams({ advertiser_id: advertiser.advertiserId, start_date: range.from, end_date: range.to });
  const { days } = await sim.get<{ days: { spend: number }[] }>(`campaign-days?${q}`);
  const scale = 10 ** currencyDecimals(advertiser.currency);
  return days.reduce((s, d) => s + Math.round(d.spend * scale), 0) / scale;
}

function historyOf(on: Page) {
  return on.locator(`[data-testid="history"][data-advertiser="${advertiser.advertiserId}"]`);
}

describe("more history, asked for on Connections", () => {
  it("after the backfill, a range before it is not counted yet on Reports", async () => {
    await signUp(page, MARKETER);
    await page.goto(app("/connections"));
    await approveOnTikTok(page);
    await expectConnectOutcome(page, "connected");
    await syncsSettled();
    const stored = await gateway.table<StoredAdvertiser>("advertisers");
    advertiser = stored.find((a) => a.syncedFrom !== undefined)!;
    expect(advertiser, "a synced ad account").toBeDefined();
    from = `${monthOf(addDays(advertiser.syncedFrom!, -20))}-01`;
    range = { from, to: addDays(from, 6) };
    expect(range.to < advertiser.syncedFrom!).toBe(true);

    await page.goto(reportsUrl());
    await expect
      .poll(() => page.getByTestId("coverage").textContent(), { timeout: 15_000 })
      .toContain("No day of this range is synced");
    await shotLaptopAndPhone(page, "h01-reports-before-the-backfill-not-synced");
  });

  it("Connections says how far back the account is synced, and TikTok's bound", async () => {
    await page.goto(app("/connections"));
    const history = historyOf(page);
    await expect
      .poll(() => history.getByTestId("history-coverage").textContent(), { timeout: 15_000 })
      .toMatch(/^Synced from /);
    await expect.poll(() => history.textContent()).toContain("TikTok's reports can be fetched back to");
    await shotLaptopAndPhone(page, "h02-connections-more-history");
  });

  it("a month already synced is refused with what to change, and nothing starts", async () => {
    const history = historyOf(page);
    const runsBefore = (await gateway.table("syncRuns")).length;
    // Typed past the field's own bounds (the backend checks too): the month the backfill reaches.
    await history.getByTestId("history-month").evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await history.getByTestId("history-month").fill(monthOf(addDays(advertiser.syncedThrough!, 0)));
    await history.getByTestId("history-fetch").click();
    await expect
      .poll(() => history.getByTestId("history-error").textContent(), { timeout: 15_000 })
      .toMatch(/synced already; choose .* or an earlier month/);
    expect((await gateway.table("syncRuns")).length).toBe(runsBefore);
    await shotLaptopAndPhone(page, "h03-connections-history-month-refused");
  });

  it("asking for an earlier month shows the fetch's progress live, then the new coverage", async () => {
    // TikTok holds the report calls until the progress has been seen.
    await sim.post("faults", { rules: [{ kind: "stall", path: "/report/integrated/get/" }] });
    const history = historyOf(page);
    await history.getByTestId("history-month").fill(monthOf(from));
    await history.getByTestId("history-fetch").click();
    await expect
      .poll(() => history.getByTestId("history-coverage").textContent(), { timeout: 15_000 })
      .toContain("is on its way");
    const row = page.locator(`[data-testid="advertiser-sync"][data-advertiser="${advertiser.advertiserId}"]`);
    await row.getByTestId("sync-progress").waitFor({ timeout: 15_000 });
    await expect.poll(() => row.textContent()).toContain("Fetching history");
    await expect.poll(() => row.getByTestId("sync-progress").textContent()).toMatch(/of \d+ report windows/);
    await shotLaptopAndPhone(page, "h04-connections-history-progress");

    await sim.clearFaults();
    await syncsSettled();
    await expect
      .poll(() => history.getByTestId("history-coverage").textContent(), { timeout: 15_000 })
      .toMatch(/^Synced from [A-Z][a-z]{2} 1, \d{4}\.$/);
    const runs = await gateway.table<{ trigger: string; status: string; advertiserId: string }>("syncRuns");
    expect(runs.filter((r) => r.trigger === "history")).toEqual([
      expect.objectContaining({ advertiserId: advertiser.advertiserId, status: "succeeded" }),
    ]);
    await shotLaptopAndPhone(page, "h05-connections-history-done");
  });

  it("Reports then shows that range's figures, equal to the simulator's, with no gap", async () => {
    await page.goto(reportsUrl());
    const spend = await simSpend();
    expect(spend).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId("kpi-spend").getByTestId("kpi-value").innerText(), { timeout: 15_000 })
      .toBe(formatFigure("spend", spend, advertiser.currency));
    expect(await page.getByTestId("coverage").count()).toBe(0);
    await shotLaptopAndPhone(page, "h06-reports-history-range-synced");
  });
});
