/**
 * Issue 18, item 10 in a real browser (Debian's Chromium), against our real Convex functions on the gateway and the
 * simulator as TikTok: the words and small behaviours an ops person trips over on day one. On Campaigns: the Objective
 * filter lists "Website conversions" once (TikTok's old CONVERSIONS and today's WEB_CONVERSIONS), the bulk bar stays
 * in view while rows further down are ticked, bulk delete behind the confirmation, audit entries that name the
 * campaigns and keep the budget TikTok refused, and the 105% floor said as an estimate. After Disconnect: Connections
 * says no account is connected *now* (not "yet") and the disconnected card shows no live green badges; Campaigns
 * words the account as "not connected", as Connections does. Every state is checked with axe and saved at laptop and
 * phone size (e2e/artifacts/words-*).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_CONNECTED } from "../lib/ui/connections";
import {
  app,
  closeBrowser,
  gateway,
  openBrowser,
  PHONE,
  LAPTOP,
  shotLaptopAndPhone,
  signUpConnectAndSync,
  sim,
  simWrites,
  type User,
} from "./support";

const ADMIN: User = { email: "words@example.com", password: "a long words password" };

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openBrowser());
});

afterAll(() => closeBrowser(browser));

const notice = () => page.getByTestId("notice");
const rows = () => page.getByTestId("campaign-row");
const rowNamed = (name: string) =>
  rows().filter({ has: page.getByTestId("campaign-name").getByText(name, { exact: true }) });
const firstAudit = () => page.getByTestId("audit-entry").first();
const checkbox = (name: string) => rowNamed(name).getByRole("checkbox", { name: `Select “${name}”` });

/** The names of the live campaigns listed now, in order. */
async function listedNames(): Promise<string[]> {
  return (await page.getByTestId("campaign-name").allTextContents()).map((n) => n.trim());
}

/** The first listed campaign with a budget to change (an unlimited one has none). */
async function firstWithBudget(): Promise<string> {
  for (const name of await listedNames()) {
    if (
      (await rowNamed(name)
        .getByRole("button", { name: `Change the budget of “${name}”` })
        .count()) > 0
    )
      return name;
  }
  throw new Error("no campaign with a budget on the page");
}

describe("words and small behaviours (issue 18, item 10)", () => {
  it("the Objective filter lists 'Website conversions' once, and it shows CONVERSIONS and WEB_CONVERSIONS campaigns", async () => {
    await signUpConnectAndSync(page, ADMIN);
    await page.goto(app("/campaigns"));
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBeGreaterThan(3);

    const stored = await gateway.table<{ objectiveType: string; deleted: boolean }>("campaigns");
    const kinds = new Set(stored.map((c) => c.objectiveType));
    expect(kinds.has("CONVERSIONS") && kinds.has("WEB_CONVERSIONS"), "the demo has both names").toBe(true);

    const filter = page.getByLabel("Objective", { exact: true });
    const options = (await filter.locator("option").allTextContents()).map((o) => o.trim());
    expect(options.filter((o) => o === "Website conversions")).toHaveLength(1);

    await filter.selectOption({ label: "Website conversions" });
    await page.getByLabel("Status", { exact: true }).selectOption("all");
    const expected = stored.filter((c) => c.objectiveType === "CONVERSIONS" || c.objectiveType === "WEB_CONVERSIONS");
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(expected.length);
    await shotLaptopAndPhone(page, "words-01-objective-filter");
    await filter.selectOption("");
    await page.getByLabel("Status", { exact: true }).selectOption("live");
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBeGreaterThan(3);
  });

  it("the bulk bar stays in view while rows further down the list are ticked (phone and laptop)", async () => {
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      const names = await listedNames();
      await checkbox(names[0]!).check();
      const bar = page.getByTestId("bulk-bar");
      await bar.waitFor();
      // Far down the list: tick the last row on the page.
      const last = names.at(-1)!;
      await checkbox(last).scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 200));
      await checkbox(last).check();
      const box = await bar.boundingBox();
      const header = await page.locator(".app-header").boundingBox();
      expect(box, "the bulk bar is drawn").not.toBeNull();
      const covered = await page.evaluate(
        () => getComputedStyle(document.querySelector(".app-header")!).position === "sticky",
      );
      const topLimit = covered && header ? header.y + header.height - 1 : -1;
      expect(box!.y, `the bulk bar's top at ${size.width}×${size.height}`).toBeGreaterThan(topLimit);
      expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
      expect(await bar.textContent()).toContain("2 campaigns selected");
      await bar.getByRole("button", { name: "Clear selection" }).click();
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it("a bulk pause's audit entry names the campaigns it paused", async () => {
    const names = (
      await rows().evaluateAll((els) =>
        els
          .filter((el) => el.getAttribute("data-status") === "ENABLE")
          .map((el) => el.querySelector("[data-testid=campaign-name]")?.textContent?.trim() ?? ""),
      )
    ).slice(0, 2);
    expect(names, "two active campaigns").toHaveLength(2);
    for (const name of names) await checkbox(name).check();
    await page
      .getByTestId("bulk-bar")
      .getByRole("button", { name: /^Pause/ })
      .click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain("Paused 2 campaigns.");
    await expect.poll(() => firstAudit().textContent(), { timeout: 20_000 }).toContain(`“${names[0]}”`);
    expect(await firstAudit().textContent()).toContain(`“${names[1]}”`);
    await shotLaptopAndPhone(page, "words-02-audit-names");
  });

  it("bulk delete asks once for the selection, names each campaign, and deletes them in one operation", async () => {
    const names = (await listedNames()).slice(-2);
    for (const name of names) await checkbox(name).check();
    const before = (await simWrites("campaign/status/update")).length;
    await page.getByTestId("bulk-bar").getByRole("button", { name: "Delete 2" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    for (const name of names) expect(await dialog.textContent()).toContain(name);
    expect(await dialog.textContent()).toContain("This cannot be undone");
    await shotLaptopAndPhone(page, "words-03-bulk-delete-confirm");
    await dialog.getByRole("button", { name: "Delete 2 campaigns" }).click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain("Deleted 2 campaigns.");
    for (const name of names) await expect.poll(() => rowNamed(name).count()).toBe(0);
    const writes = (await simWrites("campaign/status/update")).slice(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toMatchObject({ operation_status: "DELETE" });
    expect((writes[0]!.body as { campaign_ids: string[] }).campaign_ids).toHaveLength(2);
    await expect.poll(() => firstAudit().textContent()).toContain(`Deleted “${names[0]}” and “${names[1]}”`);
  });

  it("a budget TikTok refuses is logged with the amount tried", async () => {
    const name = await firstWithBudget();
    await rowNamed(name)
      .getByRole("button", { name: `Change the budget of “${name}”` })
      .click();
    const editor = page.getByTestId("budget-editor");
    await sim.post("faults", { rules: [{ kind: "code50000", path: "/campaign/update/", count: 10 }] });
    try {
      await editor.getByLabel(`New budget for “${name}”`).fill("321");
      await editor.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(() => firstAudit().textContent(), { timeout: 40_000 })
        .toContain(`Tried to change the budget of “${name}” from`);
      expect(await firstAudit().textContent()).toContain("to USD 321.00");
      expect(await firstAudit().getAttribute("data-outcome")).toBe("failed");
      await shotLaptopAndPhone(page, "words-04-refused-budget-logged");
    } finally {
      await sim.clearFaults();
    }
  });

  it("the 105% floor is said as an estimate (TikTok checks the current spend, not the last sync's)", async () => {
    // A campaign whose synced spend sets a floor above TikTok's minimum: the floor is shown, as "about".
    const names = await listedNames();
    let checked = 0;
    for (const name of names) {
      const row = rowNamed(name);
      const button = row.getByRole("button", { name: `Change the budget of “${name}”` });
      if ((await button.count()) === 0) continue;
      await button.click();
      const text = (await page.getByTestId("budget-editor").textContent()) ?? "";
      await page.getByTestId("budget-editor").getByRole("button", { name: "Cancel" }).click();
      if (!text.includes("Here that means")) continue;
      expect(text).toContain("Here that means at least about");
      expect(text).toContain("TikTok checks the current spend");
      checked++;
      break;
    }
    expect(checked, "a campaign with a budget floor in the demo").toBe(1);
  });

  it("after Disconnect, Connections says none is connected now, and the card shows no live green badges", async () => {
    await page.goto(app("/connections"));
    const card = page.getByTestId("connection").first();
    await card.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 20_000 }).toBe("revoked");
    await expect
      .poll(() => page.getByTestId("empty-state").textContent())
      .toContain("No TikTok account is connected now");
    expect(await page.getByTestId("empty-state").textContent()).not.toContain("connected yet");
    // Nothing green on a disconnected card: no "Enabled" as if live, no "Synced", no "Reachable".
    expect(await card.locator(".badge--ok").count()).toBe(0);
    expect(await card.getByTestId("advertiser-sync").count()).toBe(0);
    expect(await card.getByTestId("sync-stopped").textContent()).toContain("Syncing stopped");
    expect(await card.getByTestId("advertiser").first().textContent()).toContain(NOT_CONNECTED.label);
    await shotLaptopAndPhone(page, "words-05-disconnected");
  });

  it("Campaigns words the disconnected account as Connections does: 'not connected'", async () => {
    await page.goto(app("/campaigns"));
    const picker = page.getByTestId("advertiser-picker");
    await expect
      .poll(() => picker.locator("option").first().textContent(), { timeout: 20_000 })
      .toContain(NOT_CONNECTED.tag);
    expect(await picker.textContent()).not.toContain("not reachable");
    await expect.poll(() => page.locator(".callout--warn").first().textContent()).toContain(NOT_CONNECTED.sentence);
    await shotLaptopAndPhone(page, "words-06-campaigns-not-connected");
  });
});
