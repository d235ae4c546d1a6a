// e2e-dataset: showcase
/**
 * Date presets mean the same days wherever they appear (issue 18, items 3 and 4), in a real browser against the
 * simulator's three demo ad accounts (Los Angeles, Berlin, Tokyo): "Last 7 days" on Kite & Kettle JP, then the US
 * account, stays "Last 7 days", recomputed in Los Angeles time, and the address says the same; the overview applies
 * the preset in each account's own timezone; a link whose preset no longer gives its dates reads "Custom" on the page
 * and in the address; and the Campaigns page's spend column covers the Reports page's "Last 7 days", named with the
 * account's timezone, to the yen.
 *
 * Time is fixed on both sides, so the test does not depend on when it runs: the simulator's clock is frozen (its
 * recent days would otherwise settle while we compare), and the browser's clock is set to 03:00 UTC of today, when
 * Tokyo's date is always one day ahead of Los Angeles'.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currencyDecimals, formatMoney } from "../lib/format/numbers";
import { compactRange, lastWholeDays, rangeInZone, type DayRange } from "../lib/reports/presets";
import { localToday } from "../lib/tiktok/dates";
import {
  app,
  approveOnTikTok,
  closeBrowser,
  gateway,
  openBrowser,
  shotLaptopAndPhone,
  sim,
  signUp,
  type SimAdvertiser,
  type User,
} from "./support";

const ADMIN: User = { email: "presets@example.com", password: "a long presets password" };

interface SimCampaignDay {
  campaign_id: string;
  date: string;
  spend: number;
}

let browser: Browser;
let page: Page;
let tokyo: SimAdvertiser;
let losAngeles: SimAdvertiser;

/** 03:00 UTC today: noon in Tokyo, 7 or 8 pm the day before in Los Angeles (never later than the real dates). */
const NOW = (() => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 3, 0, 0);
})();
const lastWeekIn = (a: SimAdvertiser) => lastWholeDays(7, localToday(NOW, a.display_timezone));

beforeAll(async () => {
  ({ browser, page } = await openBrowser());
  await sim.freezeClock();
  const { advertisers } = await sim.get<{ advertisers: SimAdvertiser[] }>("state");
  tokyo = advertisers.find((a) => a.display_timezone === "Asia/Tokyo")!;
  losAngeles = advertisers.find((a) => a.display_timezone === "America/Los_Angeles")!;
  expect(tokyo, "the showcase's Tokyo account").toBeDefined();
  expect(losAngeles, "the showcase's Los Angeles account").toBeDefined();
});

afterAll(() => closeBrowser(browser));

/** Spend per campaign over `range`, as the simulator itself computes it (not through its report endpoint). */
async function simSpend(advertiser: SimAdvertiser, range: DayRange): Promise<Map<string, number>> {
  const q = new URLSearchParams({
    advertiser_id: advertiser.advertiser_id,
    start_date: range.from,
    end_date: range.to,
  });
  const { days } = await sim.get<{ days: SimCampaignDay[] }>(`campaign-days?${q}`);
  const scale = 10 ** currencyDecimals(advertiser.currency);
  const minor = new Map<string, number>();
  for (const d of days) minor.set(d.campaign_id, (minor.get(d.campaign_id) ?? 0) + Math.round(d.spend * scale));
  return new Map([...minor].map(([id, m]) => [id, m / scale]));
}

const total = (spend: Map<string, number>) => [...spend.values()].reduce((s, v) => s + v, 0);

function address() {
  const q = new URL(page.url()).searchParams;
  return { a: q.get("a"), range: q.get("range"), from: q.get("from"), to: q.get("to") };
}

const checkedPreset = () =>
  page.locator(".range__presets input:checked").evaluate((el) => (el as HTMLInputElement).value);

describe("date presets mean the same days on every page", () => {
  it("an admin connects the three demo ad accounts and the sync finishes", async () => {
    await signUp(page, ADMIN);
    await page.goto(app("/connections"));
    await approveOnTikTok(page);
    await expect
      .poll(async () => (await gateway.table<{ status: string }>("syncRuns")).map((r) => r.status).sort(), {
        timeout: 180_000,
        interval: 1_000,
      })
      .toEqual(["succeeded", "succeeded", "succeeded"]);
    // From here on the browser's clock stands still at NOW (its timers still run).
    await page.clock.setFixedTime(NOW);
  });

  it("switching from Tokyo's Last 7 days to the US account keeps Last 7 days, in Los Angeles time, in the address too", async () => {
    const tokyoWeek = lastWeekIn(tokyo);
    const laWeek = lastWeekIn(losAngeles);
    expect(tokyoWeek.to).not.toBe(laWeek.to); // the fixed clock puts Tokyo a day ahead

    await page.goto(app(`/reports?a=${tokyo.advertiser_id}&range=last_7_days`));
    await expect
      .poll(address, { timeout: 30_000 })
      .toEqual({ a: tokyo.advertiser_id, range: "last_7_days", ...tokyoWeek });
    await page.getByTestId("kpis").waitFor({ timeout: 30_000 });

    expect(await checkedPreset()).toBe("last_7_days");
    await page.getByLabel("Ad account", { exact: true }).selectOption(losAngeles.advertiser_id);
    await expect.poll(address).toEqual({ a: losAngeles.advertiser_id, range: "last_7_days", ...laWeek });
    expect(await checkedPreset()).toBe("last_7_days");
    await expect
      .poll(() => page.getByTestId("range-dates").innerText())
      .toBe(rangeInZone(laWeek, "America/Los_Angeles"));
    // The tiles are the simulator's own spend over Los Angeles' last 7 days.
    const want = formatMoney(total(await simSpend(losAngeles, laWeek)), losAngeles.currency);
    await expect
      .poll(() => page.getByTestId("kpi-spend").getByTestId("kpi-value").innerText(), { timeout: 15_000 })
      .toBe(want);
    await page.getByTestId("campaign-totals").waitFor({ timeout: 30_000 });
    await shotLaptopAndPhone(page, "dp01-reports-us-last-7-days-after-tokyo");

    // The same address in a fresh load shows the same report.
    await page.reload();
    await expect
      .poll(address, { timeout: 30_000 })
      .toEqual({ a: losAngeles.advertiser_id, range: "last_7_days", ...laWeek });
    expect(await checkedPreset()).toBe("last_7_days");
  });

  it("the overview applies the preset in each account's own timezone", async () => {
    await page.goto(app(`/reports?a=${tokyo.advertiser_id}&range=last_7_days`));
    const overview = page.getByTestId("overview");
    await overview.getByTestId("overview-row").first().waitFor({ timeout: 30_000 });
    for (const account of [tokyo, losAngeles]) {
      const week = lastWeekIn(account);
      const row = overview.getByTestId("overview-row").filter({ hasText: account.advertiser_id });
      const spend = formatMoney(total(await simSpend(account, week)), account.currency);
      await expect.poll(() => row.locator("td.num").first().innerText()).toBe(spend);
      await expect.poll(() => row.getByTestId("overview-dates").innerText()).toBe(compactRange(week));
    }
    await expect
      .poll(() => page.getByTestId("range-dates").innerText())
      .toBe(rangeInZone(lastWeekIn(tokyo), "Asia/Tokyo"));
    await overview.scrollIntoViewIfNeeded();
    await shotLaptopAndPhone(page, "dp02-overview-each-account-its-own-last-7-days");
  });

  it("a link whose preset no longer gives its dates reads Custom, on the page and in the address", async () => {
    const old = { from: "2026-10-01", to: "2026-10-01" };
    await page.goto(app(`/reports?a=${losAngeles.advertiser_id}&range=yesterday&from=${old.from}&to=${old.to}`));
    await expect.poll(address, { timeout: 30_000 }).toEqual({ a: losAngeles.advertiser_id, range: "custom", ...old });
    expect(await checkedPreset()).toBe("custom");
  });

  it("the Campaigns page's spend column is the Reports page's Last 7 days, named in the account's timezone", async () => {
    const week = lastWeekIn(tokyo);
    const named = rangeInZone(week, "Asia/Tokyo");
    const expected = await simSpend(tokyo, week);

    // The Reports page's campaign table for Tokyo's last 7 days, by campaign id.
    await page.goto(app(`/reports?a=${tokyo.advertiser_id}&range=last_7_days`));
    const reportRows = page.getByTestId("campaign-table").getByTestId("campaign-row");
    await reportRows.first().waitFor({ timeout: 30_000 });
    const onReports = new Map<string, string>();
    for (const row of await reportRows.all()) {
      onReports.set(await row.locator(".adv__sub").innerText(), await row.locator("td.num").first().innerText());
    }

    await page.goto(app(`/campaigns?advertiser=${tokyo.advertiser_id}`));
    const table = page.getByTestId("campaign-table");
    await table.getByTestId("campaign-row").first().waitFor({ timeout: 30_000 });
    await expect.poll(() => table.locator("thead").innerText()).toContain(named);
    const rows = await table.getByTestId("campaign-row").all();
    expect(rows.length).toBeGreaterThan(0);
    let compared = 0;
    for (const row of rows) {
      const id = (await row.getAttribute("data-campaign-id"))!;
      const shown = await row.locator('td[data-label^="Spend"]').innerText();
      expect(shown, `spend of ${id}`).toBe(formatMoney(expected.get(id) ?? 0, tokyo.currency));
      if (onReports.has(id)) {
        expect(shown, `spend of ${id} on Reports`).toBe(onReports.get(id));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
    expect(total(expected)).toBeGreaterThan(0);
    await shotLaptopAndPhone(page, "dp03-campaigns-spend-last-7-days-tokyo");
  });
});
