/**
 * The marketer's connect journey in a real browser (Debian's Chromium), against the real pages, Convex Auth's real
 * cookies and redirects, our real Convex functions (on the gateway) and the simulator as TikTok. The steps build on
 * each other, as a person's afternoon would: one workspace, its admin, later an ops colleague.
 * Each page state is saved as a screenshot in e2e/artifacts/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECT_OUTCOMES } from "../lib/connect/outcomes";
import { gateway, launchChromium, LAPTOP, PHONE, screenshotsTaken, shot, sim, stack, stored, storedAccessToken } from "./support";

const ADMIN = { email: "admin@example.com", password: "a long demo password" };
const OPS = { email: "ops@example.com", password: "another long password" };

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The URL TikTok sent the browser back to after the first approval, for the replay. */
let approvedCallbackUrl: string | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: LAPTOP });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  console.log(`Screenshots in e2e/artifacts/: ${screenshotsTaken().join(", ")}`);
});

const app = (path: string) => `${stack().appUrl}${path}`;
const notice = () => page.getByTestId("notice");
const connections = () => page.getByTestId("connection");

async function signUp(user: { email: string; password: string }) {
  await page.goto(app("/signin?mode=signup"));
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await page.waitForURL(/\/connections/);
}

async function signIn(user: { email: string; password: string }) {
  await page.goto(app("/signin"));
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/connections/);
}

async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/connections") && !url.pathname.startsWith("/members"));
}

/** Presses a connect button and waits for the simulator's consent page. */
async function toConsentPage(button: "Connect TikTok" | "Reconnect") {
  await page.getByRole("button", { name: button }).first().click();
  await page.waitForURL((url) => url.href.startsWith(`${stack().simUrl}/portal/auth`));
}

async function expectNotice(outcome: keyof typeof CONNECT_OUTCOMES) {
  await expect.poll(() => notice().textContent(), { timeout: 15_000 }).toContain(CONNECT_OUTCOMES[outcome].message);
}

describe("connecting a TikTok ad account, in the browser", () => {
  it("a visitor who is not signed in cannot get anywhere through the callback: sent to sign in, nothing stored", async () => {
    await page.goto(app("/api/auth/tiktok/callback?auth_code=abc&code=abc&state=xyz"));
    await page.waitForURL(/\/signin/);
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe("/api/auth/tiktok/callback?auth_code=abc&code=abc&state=xyz");
    await expect.poll(() => page.getByRole("button", { name: "Sign in", exact: true }).isVisible()).toBe(true);
    await shot(page, "01-signin-from-callback");
    expect(await stored()).toEqual({ connections: [], connectionTokens: [], advertisers: [] });
    expect(await gateway.table("oauthStates")).toEqual([]);
  });

  it("signing up makes the first user the admin and shows an empty Connections page", async () => {
    await signUp(ADMIN);
    await expect.poll(() => page.getByTestId("empty-state").textContent()).toContain("No TikTok accounts connected yet");
    await shot(page, "02-connections-empty");
  });

  it("Connect TikTok → approve on TikTok's consent page → back on Connections with the advertisers listed", async () => {
    await toConsentPage("Connect TikTok");
    await shot(page, "03-tiktok-consent");
    const callback = page.waitForRequest((request) => request.url().includes("/api/auth/tiktok/callback"));
    await page.locator("#approve").click();
    approvedCallbackUrl = (await callback).url();
    expect(new URL(approvedCallbackUrl).searchParams.get("auth_code")).toBeTruthy();
    await page.waitForURL(/\/connections/);
    await expectNotice("connected");
    const advertisers = (await (await fetch(`${stack().simUrl}/_sim/state`)).json()) as { advertisers: { name: string }[] };
    for (const { name } of advertisers.advertisers) await expect.poll(() => connections().first().textContent()).toContain(name);
    expect(await connections().first().getAttribute("data-status")).toBe("active");
    expect(new URL(page.url()).searchParams.has("tiktok")).toBe(false); // the outcome is shown once, not kept in the URL
    await shot(page, "04-connections-connected");
    await page.setViewportSize(PHONE);
    await shot(page, "04-connections-connected-phone");
    await page.setViewportSize(LAPTOP);
    expect((await stored()).connections).toHaveLength(1);
  });

  it("pressing Deny on the consent page ends on a readable message, and nothing is stored", async () => {
    const before = await stored();
    await toConsentPage("Connect TikTok");
    await page.locator("#deny").click();
    await page.waitForURL(/\/connections/);
    await expectNotice("denied");
    await shot(page, "05-connections-denied");
    expect(await stored()).toEqual(before);
  });

  it("opening the same callback URL again (a replay) ends on a readable message, and nothing changes", async () => {
    expect(approvedCallbackUrl).toBeDefined();
    const before = await stored();
    await page.goto(approvedCallbackUrl!);
    await page.waitForURL(/\/connections/);
    await expectNotice("already_used");
    await shot(page, "06-connections-replayed");
    expect(await stored()).toEqual(before);
  });

  it("a token revoked at TikTok shows Reconnect after the token sweep, and reconnecting works", async () => {
    const [connection] = await gateway.table<{ _id: string }>("connections");
    const revoked = await storedAccessToken(connection!._id);
    await sim.post("revoke", { access_token: revoked });
    // Make the connection due now (its next check would be 6 hours away), then run the cron's sweep.
    await gateway.post("patch", { id: connection!._id, fields: { nextCheckAt: 0, verifiedAt: 0 } });
    await gateway.post(`crons/${encodeURIComponent("tiktok token sweep")}`);
    await expect.poll(() => connections().first().getAttribute("data-status"), { timeout: 15_000 }).toBe("needs_reauth");
    await expect.poll(() => page.getByTestId("last-error").textContent()).toContain("40105");
    await shot(page, "07-connections-needs-reauth");
    await page.setViewportSize(PHONE);
    await shot(page, "07-connections-needs-reauth-phone");
    await page.setViewportSize(LAPTOP);

    await toConsentPage("Reconnect");
    await page.locator("#approve").click();
    await page.waitForURL(/\/connections/);
    await expectNotice("reconnected");
    await expect.poll(() => connections().first().getAttribute("data-status")).toBe("active");
    expect(await page.getByRole("button", { name: "Reconnect" }).count()).toBe(0);
    await shot(page, "08-connections-reconnected");
    expect((await stored()).connections).toHaveLength(1); // the same connection, renewed
    expect(await storedAccessToken(connection!._id)).not.toBe(revoked);
    // The next sweep finds the new token good: the connection stays active.
    await gateway.post("patch", { id: connection!._id, fields: { nextCheckAt: 0 } });
    await gateway.post(`crons/${encodeURIComponent("tiktok token sweep")}`);
    expect((await stored()).connections[0]).toMatchObject({ status: "active", failures: 0 });
  });

  it("a visitor whose session ended while on TikTok's page signs in again and the connection still completes", async () => {
    // Start a connect as the admin, then lose the session (cookies cleared) before coming back from TikTok.
    await toConsentPage("Connect TikTok");
    const callback = page.waitForRequest((request) => request.url().includes("/api/auth/tiktok/callback"));
    await context.clearCookies();
    await page.locator("#approve").click();
    const callbackUrl = (await callback).url();
    await page.waitForURL(/\/signin/);
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe(callbackUrl.slice(stack().appUrl.length));
    await shot(page, "08b-signin-after-tiktok");
    const before = await stored();
    expect(before.connections).toHaveLength(1);
    // Nothing was stored for the signed-out visit; signing in takes them through the callback to a result.
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/connections/);
    await expectNotice("connected");
    expect((await stored()).connections).toHaveLength(1);
  });

  it("an ops member sees no write controls, and is refused if they call a write anyway", async () => {
    await page.goto(app("/members"));
    await page.getByLabel("Email address").fill(OPS.email);
    await page.getByLabel("Role", { exact: true }).selectOption("ops");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect.poll(() => page.getByTestId("invite").first().textContent()).toContain(OPS.email);
    await shot(page, "09-members-invited");
    await signOut();

    await signUp(OPS);
    await expect.poll(() => page.getByTestId("view-only").isVisible()).toBe(true);
    await expect.poll(() => connections().count()).toBe(1);
    const main = page.locator("main");
    expect(await main.getByRole("button").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Members" }).count()).toBe(0);
    await shot(page, "10-connections-ops");

    const jwt = (await context.cookies()).find((c) => c.name.endsWith("__convexAuthJWT"))?.value;
    expect(jwt).toBeTruthy();
    const [workspace] = await gateway.table<{ _id: string }>("workspaces");
    const [connection] = await gateway.table<{ _id: string }>("connections");
    const start = await gateway.callAs(jwt!, "action", "tiktok/connections:start", { workspaceId: workspace!._id });
    expect(start.body).toMatchObject({ status: "error", errorData: { code: "FORBIDDEN" } });
    const disconnect = await gateway.callAs(jwt!, "action", "tiktok/connections:disconnect", { workspaceId: workspace!._id, connectionId: connection!._id });
    expect(disconnect.body).toMatchObject({ status: "error", errorData: { code: "FORBIDDEN" } });
    expect((await stored()).connections[0]).toMatchObject({ status: "active" });
    await signOut();
  });

  it("Disconnect asks for confirmation, then deletes the tokens and shows the connection as disconnected", async () => {
    await signIn(ADMIN);
    await expect.poll(() => connections().count()).toBe(1);
    await connections().first().getByRole("button", { name: "Disconnect" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await shot(page, "11-disconnect-confirm");
    await dialog.getByRole("button", { name: "Disconnect" }).click();
    await expect.poll(() => connections().first().getAttribute("data-status"), { timeout: 15_000 }).toBe("revoked");
    await shot(page, "12-connections-disconnected");
    const after = await stored();
    expect(after.connectionTokens).toEqual([]);
    expect(after.connections[0]).toMatchObject({ status: "revoked" });
  });
});
