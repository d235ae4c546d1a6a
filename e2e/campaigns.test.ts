/**
 * The Campaigns page in a real browser (Debian's Chromium), against our real Convex functions on the gateway and the
 * simulator as TikTok. A marketer's afternoon, in order: an admin signs up, connects the demo ad account and waits for
 * the sync; creates a campaign (listed at once); double-clicks Create (one campaign at TikTok); types a budget under
 * the minimum (told, and nothing is sent); pauses a campaign (shown paused at once, and at TikTok); re-budgets under
 * the 105% floor (told why); pauses two at once; deletes one behind the confirmation. Then an ops colleague sees the
 * same list and audit trail with no controls, and is refused when calling the actions over the HTTP API.
 * Every state is checked with axe and saved as a screenshot at laptop and phone size (e2e/artifacts/campaigns-*).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  app,
  closeBrowser,
  gateway,
  jwtOf,
  newVisitor,
  openBrowser,
  recordStates,
  seedMember,
  shotLaptopAndPhone,
  signUpConnectAndSync,
  sim,
  signUp,
  simWrites,
  type User,
} from "./support";

const ADMIN: User = { email: "lead@example.com", password: "a long campaigns password" };
const OPS: User = { email: "ops-reader@example.com", password: "another long password" };

let browser: Browser;
let page: Page;
let opsPage: Page;

beforeAll(async () => {
  ({ browser, page } = await openBrowser());
});

afterAll(() => closeBrowser(browser));

const notice = () => page.getByTestId("notice");
const rowNamed = (on: Page, name: string) =>
  on.getByTestId("campaign-row").filter({ has: on.getByTestId("campaign-name").getByText(name, { exact: true }) });

interface StoredCampaign {
  campaignId: string;
  name: string;
  operationStatus?: string;
  budget?: number;
  deleted: boolean;
}

const storedCampaigns = () => gateway.table<StoredCampaign & { _id: string }>("campaigns");

async function openCreateForm() {
  await page.getByTestId("new-campaign").click();
  await page.getByTestId("create-form").waitFor();
}

async function fillCreateForm(name: string, budget: string) {
  const form = page.getByTestId("create-form");
  await form.getByLabel("Objective").selectOption("TRAFFIC");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Daily budget (USD)").fill(budget);
}

describe("the Campaigns page, in the browser", () => {
  it("an admin who connected the demo ad account sees its synced campaigns with status, objective and budget in words", async () => {
    await signUpConnectAndSync(page, ADMIN);

    await page.goto(app("/campaigns"));
    await expect.poll(() => page.getByTestId("campaign-row").count(), { timeout: 20_000 }).toBeGreaterThan(3);
    const spring = rowNamed(page, "Spring Sale - Website Traffic");
    expect(await spring.getByTestId("campaign-status").textContent()).toBe("Active");
    expect(await spring.textContent()).toContain("Traffic");
    expect(await spring.getByTestId("campaign-budget").textContent()).toBe("Daily · USD 100.00");
    expect(
      await spring.getByRole("switch", { name: "Run “Spring Sale - Website Traffic”" }).getAttribute("aria-checked"),
    ).toBe("true");
    // The list's view is in the address, so a link opens the same list.
    expect(new URL(page.url()).searchParams.get("advertiser")).toMatch(/^\d+$/);
    await shotLaptopAndPhone(page, "campaigns-01-list");
  });

  it("creating a campaign lists it at once, paused, and records it in the audit trail", async () => {
    await openCreateForm();
    // The currency's minimum is there before anything is typed.
    expect(await page.getByTestId("budget-rules").textContent()).toBe(
      "At least USD 50.00 (TikTok's minimum in USD), up to 2 decimals.",
    );
    await shotLaptopAndPhone(page, "campaigns-02-create-form");
    await fillCreateForm("Autumn Launch", "120.50");
    await page.getByTestId("create-submit").click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain("Created “Autumn Launch”, paused");
    const row = rowNamed(page, "Autumn Launch");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId("campaign-status").textContent()).toBe("Paused");
    expect(await row.getByTestId("campaign-budget").textContent()).toBe("Daily · USD 120.50");
    expect(await page.getByTestId("create-form").count()).toBe(0);
    await expect
      .poll(() => page.getByTestId("audit-entry").first().textContent())
      .toContain("Created “Autumn Launch”, budget USD 120.50, paused");
    expect((await storedCampaigns()).filter((c) => c.name === "Autumn Launch")).toMatchObject([
      { operationStatus: "DISABLE", budget: 120.5, deleted: false },
    ]);
    await shotLaptopAndPhone(page, "campaigns-03-created");
  });

  it("a budget under the currency's minimum is refused as you type, and pressing Create sends nothing", async () => {
    const before = {
      creates: (await simWrites("campaign/create")).length,
      operations: await gateway.table("campaignOperations"),
    };
    await openCreateForm();
    await fillCreateForm("Too Small", "49.99");
    const form = page.getByTestId("create-form");
    const budget = form.getByLabel("Daily budget (USD)");
    await expect.poll(() => budget.getAttribute("aria-invalid")).toBe("true");
    expect(await form.textContent()).toContain(
      "The minimum campaign budget is USD 50.00; raise the budget to at least that.",
    );
    await page.getByTestId("create-submit").click();
    // Focus goes to the field to fix; nothing reached TikTok or the operations record.
    await expect.poll(() => budget.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await simWrites("campaign/create")).length).toBe(before.creates);
    expect(await gateway.table("campaignOperations")).toEqual(before.operations);
    await shotLaptopAndPhone(page, "campaigns-04-below-minimum");
    await form.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByTestId("create-form").count()).toBe(0);
  });

  it("a double click on Create makes one campaign, and the same operation key sent again is answered without TikTok", async () => {
    const before = (await simWrites("campaign/create")).length;
    await openCreateForm();
    await fillCreateForm("Double Click Sale", "75");
    await page.getByTestId("create-submit").dblclick();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain("“Double Click Sale”");
    await expect.poll(() => rowNamed(page, "Double Click Sale").count()).toBe(1);
    const creates = (await simWrites("campaign/create")).filter(
      (r) => (r.body as { campaign_name?: string }).campaign_name === "Double Click Sale",
    );
    expect(creates).toHaveLength(1);
    expect((await simWrites("campaign/create")).length).toBe(before + 1);
    expect((await storedCampaigns()).filter((c) => c.name === "Double Click Sale")).toHaveLength(1);

    // The server's half of the promise, over the HTTP API: the same key twice is one TikTok call.
    const jwt = await jwtOf(page);
    const [workspace] = await gateway.table<{ _id: string }>("workspaces");
    const advertiserId = new URL(page.url()).searchParams.get("advertiser")!;
    const args = {
      workspaceId: workspace!._id,
      advertiserId,
      operationKey: "e2e-retry-key-0000000001",
      name: "Retried Over HTTP",
      objective: "REACH",
      budgetMode: "BUDGET_MODE_DAY",
      budget: 60,
      startNow: false,
    };
    const first = await gateway.callAs(jwt, "action", "tiktok/campaigns:create", args);
    const second = await gateway.callAs(jwt, "action", "tiktok/campaigns:create", args);
    expect(first.body).toMatchObject({ status: "success", value: { replayed: false } });
    expect(second.body).toMatchObject({ status: "success", value: { replayed: true } });
    expect((second.body.value as { campaignId: string }).campaignId).toBe(
      (first.body.value as { campaignId: string }).campaignId,
    );
    expect((await simWrites("campaign/create")).length).toBe(before + 2);
  });

  it("pausing shows the campaign paused at once, and TikTok and the stored row agree", async () => {
    const name = "Spring Sale - Website Traffic";
    const row = rowNamed(page, name);
    const toggle = row.getByRole("switch", { name: `Run “${name}”` });
    // Immediate feedback: the switch is off before TikTok has answered (TikTok holds its answer until then).
    const pausesBefore = (await simWrites("campaign/status/update")).length;
    await sim.post("faults", { rules: [{ kind: "stall", path: "/campaign/status/update/", count: 1 }] });
    try {
      await toggle.click();
      await expect.poll(async () => (await simWrites("campaign/status/update")).length).toBeGreaterThan(pausesBefore);
      expect(await toggle.getAttribute("aria-checked")).toBe("false");
    } finally {
      await sim.clearFaults();
    }
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain(`Paused “${name}”.`);
    await expect.poll(() => row.getByTestId("campaign-status").textContent()).toBe("Paused");
    expect(await row.getAttribute("data-status")).toBe("DISABLE");
    const pauses = await simWrites("campaign/status/update");
    expect(pauses.at(-1)?.body).toMatchObject({ operation_status: "DISABLE" });
    expect((await storedCampaigns()).find((c) => c.name === name)).toMatchObject({ operationStatus: "DISABLE" });
    await expect.poll(() => page.getByTestId("audit-entry").first().textContent()).toContain(`Paused “${name}”`);
    await shotLaptopAndPhone(page, "campaigns-05-paused");
  });

  it("a change TikTok cannot make right now is rolled back, with TikTok's code and request_id and 'try again'", async () => {
    const name = "Spring Sale - Website Traffic";
    const row = rowNamed(page, name);
    const toggle = row.getByRole("switch", { name: `Run “${name}”` });
    // TikTok fails every attempt with 50000 (a "later" error): the app's retries run out.
    await sim.post("faults", { rules: [{ kind: "code50000", path: "/campaign/status/update/", count: 10 }] });
    try {
      // On at once, then off again when TikTok refuses: each state noted in the page as it happens.
      const shown = await recordStates(toggle, "aria-checked");
      await toggle.click();
      await expect
        .poll(() => notice().textContent(), { timeout: 40_000 })
        .toContain(`TikTok could not enable “${name}” right now. Try again in a moment.`);
      expect(await notice().getAttribute("data-tone")).toBe("error");
      expect(await notice().textContent()).toMatch(/TikTok code 50000 · Request ID \S+/);
      // Rolled back: off again, as TikTok still has it.
      await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("false");
      const values = (await shown.states()).map((state) => state.value);
      expect(values.filter((value, i) => value !== values[i - 1])).toEqual(["false", "true", "false"]);
      expect(await row.getByTestId("campaign-status").textContent()).toBe("Paused");
      await shotLaptopAndPhone(page, "campaigns-05b-enable-refused");
    } finally {
      await sim.post("faults", { rules: [] });
    }
    expect((await storedCampaigns()).find((c) => c.name === name)).toMatchObject({ operationStatus: "DISABLE" });
  });

  it("a new budget under 105% of what was spent is explained and not sent; a good one is", async () => {
    const name = "Autumn Launch";
    const row = rowNamed(page, name);
    await row.getByRole("button", { name: `Change the budget of “${name}”` }).click();
    const editor = page.getByTestId("budget-editor");
    const input = editor.getByLabel(`New budget for “${name}”`);
    expect(await editor.textContent()).toContain(
      "TikTok refuses a budget below 105% of what the campaign has spent today",
    );
    const before = (await simWrites("campaign/update")).length;
    await input.fill("40");
    await expect.poll(() => editor.textContent()).toContain("The minimum campaign budget is USD 50.00");
    await editor.getByRole("button", { name: "Save" }).click();
    expect((await simWrites("campaign/update")).length).toBe(before);
    await shotLaptopAndPhone(page, "campaigns-06-budget-too-low");
    await input.fill("150");
    await editor.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() => notice().textContent(), { timeout: 20_000 })
      .toContain(`The budget of “${name}” is now USD 150.00.`);
    await expect.poll(() => row.getByTestId("campaign-budget").textContent()).toBe("Daily · USD 150.00");
    expect((await simWrites("campaign/update")).length).toBe(before + 1);
    // Focus is back on the button that opened the editor.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toContain(`Change the budget of “${name}”`);
  });

  it("two selected campaigns are paused together", async () => {
    const names = ["Autumn Launch", "Double Click Sale"];
    // Both start paused: enable them together first, then pause them together.
    for (const name of names)
      await rowNamed(page, name)
        .getByRole("checkbox", { name: `Select “${name}”` })
        .check();
    const bar = page.getByTestId("bulk-bar");
    expect(await bar.textContent()).toContain("2 campaigns selected");
    await shotLaptopAndPhone(page, "campaigns-07-selected");
    await bar.getByRole("button", { name: /^Enable/ }).click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain("Enabled 2 campaigns.");
    for (const name of names) {
      await expect.poll(() => rowNamed(page, name).getAttribute("data-status")).toBe("ENABLE");
      await rowNamed(page, name)
        .getByRole("checkbox", { name: `Select “${name}”` })
        .check();
    }
    await page
      .getByTestId("bulk-bar")
      .getByRole("button", { name: /^Pause/ })
      .click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain("Paused 2 campaigns.");
    for (const name of names) await expect.poll(() => rowNamed(page, name).getAttribute("data-status")).toBe("DISABLE");
    const last = (await simWrites("campaign/status/update")).at(-1)?.body as { campaign_ids: string[] };
    expect(last.campaign_ids).toHaveLength(2);
  });

  it("deleting asks for confirmation first, then the campaign leaves the list and is kept under Deleted", async () => {
    const name = "Double Click Sale";
    await rowNamed(page, name)
      .getByRole("button", { name: `Delete “${name}”` })
      .click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("This cannot be undone");
    await shotLaptopAndPhone(page, "campaigns-08-delete-confirm");
    // Cancel first: nothing happens.
    const before = (await simWrites("campaign/status/update")).length;
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await simWrites("campaign/status/update")).length).toBe(before);
    await rowNamed(page, name)
      .getByRole("button", { name: `Delete “${name}”` })
      .click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete campaign" }).click();
    await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain(`Deleted “${name}”.`);
    await expect.poll(() => rowNamed(page, name).count()).toBe(0);
    expect((await storedCampaigns()).find((c) => c.name === name)).toMatchObject({ deleted: true });
    await page.getByLabel("Status", { exact: true }).selectOption("deleted");
    await expect.poll(() => rowNamed(page, name).getByTestId("campaign-status").textContent()).toBe("Deleted");
    expect(await rowNamed(page, name).getByRole("switch").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("status")).toBe("deleted");
    await shotLaptopAndPhone(page, "campaigns-09-deleted-filter");
    await page.getByLabel("Status", { exact: true }).selectOption("live");
  });

  it("an ops member sees the campaigns and the audit trail with no controls, and is refused over the HTTP API", async () => {
    opsPage = await newVisitor(browser);
    await signUp(opsPage, OPS);
    // Added to the admin's workspace as ops (the invitation flow has its own browser test).
    const [workspace] = await gateway.table<{ _id: string }>("workspaces");
    await seedMember(workspace!._id, OPS.email, "ops");
    await opsPage.goto(app("/campaigns"));
    await expect.poll(() => opsPage.getByTestId("campaign-row").count(), { timeout: 20_000 }).toBeGreaterThan(3);
    expect(await opsPage.getByTestId("view-only").isVisible()).toBe(true);
    const main = opsPage.locator("main");
    expect(await main.getByRole("switch").count()).toBe(0);
    expect(await main.getByRole("checkbox").count()).toBe(0);
    expect(await main.getByRole("button", { name: /New campaign|Rename|Change|Delete|Pause|Enable/ }).count()).toBe(0);
    await expect.poll(() => opsPage.getByTestId("audit-entry").count()).toBeGreaterThan(3);
    await shotLaptopAndPhone(opsPage, "campaigns-10-ops");

    const jwt = await jwtOf(opsPage);
    const advertiserId = new URL(opsPage.url()).searchParams.get("advertiser")!;
    const spring = (await storedCampaigns()).find((c) => c.name === "Spring Sale - Website Traffic")!;
    const writesBefore = {
      creates: (await simWrites("campaign/create")).length,
      statuses: (await simWrites("campaign/status/update")).length,
    };
    const operations = await gateway.table("campaignOperations");
    const refused = [
      await gateway.callAs(jwt, "action", "tiktok/campaigns:create", {
        workspaceId: workspace!._id,
        advertiserId,
        operationKey: "ops-attempt-0000000000001",
        name: "Ops should not",
        objective: "TRAFFIC",
        budgetMode: "BUDGET_MODE_DAY",
        budget: 60,
        startNow: true,
      }),
      await gateway.callAs(jwt, "action", "tiktok/campaigns:setStatus", {
        workspaceId: workspace!._id,
        advertiserId,
        operationKey: "ops-attempt-0000000000002",
        campaignIds: [spring.campaignId],
        status: "ENABLE",
      }),
      await gateway.callAs(jwt, "action", "tiktok/campaigns:update", {
        workspaceId: workspace!._id,
        advertiserId,
        operationKey: "ops-attempt-0000000000003",
        campaignId: spring.campaignId,
        budget: 500,
      }),
    ];
    for (const answer of refused)
      expect(answer.body).toMatchObject({ status: "error", errorData: { code: "FORBIDDEN" } });
    expect((await simWrites("campaign/create")).length).toBe(writesBefore.creates);
    expect((await simWrites("campaign/status/update")).length).toBe(writesBefore.statuses);
    expect(await gateway.table("campaignOperations")).toEqual(operations);
    // Reading is allowed: the same list the page shows.
    const listed = await gateway.callAs(jwt, "query", "tiktok/campaigns:list", {
      workspaceId: workspace!._id,
      advertiserId,
    });
    expect(listed.body).toMatchObject({ status: "success" });
  });
});
