/**
 * Reports ops can trust (issue 18 items 1 and 5), in a real browser against the real pages, our Convex functions (on
 * the gateway) and the simulator as TikTok: after the first sync (a 90-day backfill), a custom range whose previous
 * period starts before the synced history shows no percentage and names the days missing in that period; a range
 * itself partly before it marks its tiles, chart, campaign table and overview row as the synced days' only; two fully
 * synced periods are compared as before; and searching the campaign table gives the matching rows' total beside the
 * account's, each row saying which it is. Every state: a screenshot and an axe check, at 1280×800 and 390×844.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dateRange } from "../lib/format/dates";
import { FIGURE_NAMES } from "../lib/metrics/catalogue";
import { addDays } from "../lib/tiktok/dates";
import {
  app,
  approveOnTikTok,
  closeBrowser,
  expectConnectOutcome,
  gateway,
  openBrowser,
  seedMember,
  shotLaptopAndPhone,
  sim,
  signUp,
  syncsSettled,
  type User,
  userId,
} from "./support";

const ADMIN: User = { email: "admin@comparisons.test", password: "a long comparisons password" };

interface SyncedAccount {
  advertiserId: string;
  currency: string;
  syncedFrom: string;
  syncedThrough: string;
}

let browser: Browser;
let page: Page;
let account: SyncedAccount;

beforeAll(async () => {
  ({ browser, page } = await openBrowser());
  await sim.freezeClock();
});

afterAll(async () => {
  await closeBrowser(browser);
});

/** The report for the synced account over `from`–`to`, opened from its address (a custom range). */
async function openRange(from: string, to: string): Promise<void> {
  await page.goto(app(`/reports?a=${account.advertiserId}&range=custom&from=${from}&to=${to}`));
  await page.getByTestId("kpis").waitFor({ timeout: 30_000 });
}

describe("comparisons only between fully synced periods, and searched totals said for what they are", () => {
  it("connects, and the first sync backfills each account's history", async () => {
    const workspacesBefore = (await gateway.table("workspaces")).length;
    await signUp(page, ADMIN);
    if (workspacesBefore > 0) {
      const { ids } = (await gateway.post("seed", {
        table: "workspaces",
        document: { name: "Comparisons", createdBy: await userId(ADMIN.email) },
      })) as { ids: string[] };
      await seedMember(ids[0]!, ADMIN.email, "admin");
    }
    await page.goto(app("/connections"));
    await approveOnTikTok(page);
    await expectConnectOutcome(page, "connected");
    // The first sync may not be queued yet when the connect ends: wait for the account's history itself.
    const synced = async () =>
      (await gateway.table<SyncedAccount & { _id: string }>("advertisers")).find(
        (a) => a.syncedFrom && a.syncedThrough,
      );
    await expect.poll(synced, { timeout: 90_000, message: "an account, synced" }).toBeDefined();
    await syncsSettled();
    account = (await synced())!;
    // The backfill is 90 days: enough for the ranges below to sit inside it.
    expect(addDays(account.syncedFrom, 60) < account.syncedThrough).toBe(true);
  }, 180_000);

  it("a range whose previous period starts before the synced history: no percentage, the missing days named", async () => {
    // 21 days from the 11th synced day: the 21 days before them start 11 days before the first synced day.
    const from = addDays(account.syncedFrom, 10);
    const to = addDays(account.syncedFrom, 30);
    const missing = { from: addDays(account.syncedFrom, -11), to: addDays(account.syncedFrom, -1) };
    await openRange(from, to);

    const note = page.getByTestId("comparison-note");
    await expect.poll(() => note.textContent()).toContain(`is not synced for ${dateRange(missing)}`);
    expect(await note.textContent()).toContain(
      `the previous period, ${dateRange({ from: missing.from, to: addDays(from, -1) })},`,
    );
    // No tile shows a change, nor passes the previous period's synced part for its whole.
    for (const name of FIGURE_NAMES) {
      const tile = page.getByTestId(`kpi-${name}`);
      const change = await tile.getByTestId("kpi-change").innerText();
      expect(change).toContain("Not compared");
      expect(change).not.toMatch(/\d%/);
      expect(await tile.getByTestId("kpi-previous").innerText()).toBe("Before: Partly synced");
    }
    // The range itself is fully synced: its figures are whole, and nothing says otherwise.
    await expect.poll(() => page.getByTestId("coverage").count()).toBe(0);
    expect(await page.getByTestId("kpi-partial").count()).toBe(0);
    await shotLaptopAndPhone(page, "hc01-previous-period-partly-unsynced");
  });

  it("a range itself partly before the synced history: tiles, chart, table and overview count synced days only", async () => {
    const from = addDays(account.syncedFrom, -5);
    const to = addDays(account.syncedFrom, 10);
    const missing = dateRange({ from, to: addDays(account.syncedFrom, -1) });
    await openRange(from, to);

    await expect
      .poll(() => page.getByTestId("coverage").textContent())
      .toContain(`Not synced: ${missing} (5 of 16 days)`);
    expect(await page.getByTestId("comparison-note").textContent()).toContain(
      `this range is not synced for ${missing}`,
    );
    expect(await page.getByTestId("kpi-partial").count()).toBe(FIGURE_NAMES.length);
    for (const change of await page.getByTestId("kpi-change").allInnerTexts()) {
      expect(change).toContain("Not compared");
      expect(change).not.toMatch(/\d%/);
    }
    await expect.poll(() => page.getByTestId("chart-coverage").textContent()).toContain(missing);
    await expect.poll(() => page.getByTestId("table-coverage").textContent()).toContain(`Not synced: ${missing}`);
    const row = page.getByTestId("overview-row").filter({ hasText: account.advertiserId });
    await expect.poll(() => row.getByTestId("overview-spend").textContent()).toContain(`not synced: ${missing}`);
    await shotLaptopAndPhone(page, "hc02-range-partly-unsynced");
  });

  it("two fully synced periods are compared as before", async () => {
    await openRange(addDays(account.syncedFrom, 40), addDays(account.syncedFrom, 49));
    await expect.poll(() => page.getByTestId("kpi-spend").getByTestId("kpi-change").innerText()).toMatch(/\d\.\d%/);
    expect(await page.getByTestId("comparison-note").count()).toBe(0);
    expect(await page.getByTestId("kpi-spend").getByTestId("kpi-previous").innerText()).toMatch(
      new RegExp(`^Before: ${account.currency}`),
    );
  });

  it("searching the campaign table: the matching rows' total beside the account's, each said for what it is", async () => {
    const table = page.getByTestId("campaign-table");
    await table.getByTestId("campaign-row").first().waitFor();
    const names = await table.getByTestId("campaign-row").locator(".adv__name").allInnerTexts();
    expect(names.length).toBeGreaterThan(1);
    // A name no other campaign's contains: the search matches its row alone.
    const name = names.find((n) => names.filter((m) => m.toLowerCase().includes(n.toLowerCase())).length === 1)!;
    expect(name).toBeDefined();
    const accountSpend = await page.getByTestId("kpi-spend").getByTestId("kpi-value").innerText();

    await page.getByLabel("Search campaigns").fill(name);
    await expect.poll(() => table.getByTestId("campaign-row").count()).toBe(1);
    const matching = table.getByTestId("campaign-matching-totals");
    await expect.poll(() => matching.locator("th").innerText()).toBe("Matching total");
    expect(await matching.innerText()).toContain(`1 campaign matching “${name}”`);
    const rowSpend = await table
      .getByTestId("campaign-row")
      .locator("td")
      .nth(1 + FIGURE_NAMES.indexOf("spend"))
      .innerText();
    expect(await matching.getByTestId("matching-spend").innerText()).toBe(rowSpend);
    const totals = table.getByTestId("campaign-totals");
    expect(await totals.locator("th").innerText()).toBe("Account total");
    expect(await totals.innerText()).toContain("All campaigns, not only the matches");
    expect(await totals.getByTestId("total-spend").innerText()).toBe(accountSpend);
    await shotLaptopAndPhone(page, "hc03-search-matching-total");

    // Cleared, the table has one total again: the account's.
    await page.getByLabel("Search campaigns").fill("");
    await expect.poll(() => matching.count()).toBe(0);
    expect(await totals.locator("th").innerText()).toBe("Total");
  });
});
