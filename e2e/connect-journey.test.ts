/**
 * The marketer's connect journey in a real browser (Debian's Chromium), against the real pages, Convex Auth's real
 * cookies and redirects, our real Convex functions (on the gateway) and the simulator as TikTok. The steps build on
 * each other, as a person's afternoon would: one workspace, its admin (who confirms their address with the code the
 * deployment "emailed": the stack captures emails, e2e/support.ts reads them), later an ops colleague who joins
 * through an invitation link in their own browser. Then the proxy's redirects and the headers, over HTTP.
 * Each page state is saved as a screenshot in e2e/artifacts/ (phone-sized too for the new ones).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_RETURN_TO } from "../lib/connect/hostile-paths";
import { HOME_PATH } from "../lib/connect/paths";
import {
  app,
  approveOnTikTok,
  closeBrowser,
  createAccount,
  enterCode,
  expectConnectOutcome,
  gateway,
  jwtOf,
  newEmailCode,
  newVisitor,
  openBrowser,
  revokeAtTikTokAndSweep,
  shot,
  shotLaptopAndPhone,
  sim,
  signUp,
  stack,
  stored,
  storedAccessToken,
  toConsentPage,
  type User,
} from "./support";

const ADMIN: User = { email: "admin@example.com", password: "a long demo password" };
const OPS: User = { email: "ops@example.com", password: "another long password" };
/** Invited, but signs up without the link, and later holds a revoked one. */
const MARKETER: User = { email: "marketer@example.com", password: "a third long password" };

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The URL TikTok sent the browser back to after the first approval, for the replay. */
let approvedCallbackUrl: string | undefined;
/** The ops person's own browser (a second context: other cookies, other sessionStorage), and their used link. */
let opsPage: Page;
let opsLink: string | undefined;
/** Someone who signed up with MARKETER's invited address, and the link created for that address (later revoked). */
let marketerPage: Page;
let marketerLink: string | undefined;

beforeAll(async () => {
  ({ browser, context, page } = await openBrowser());
});

afterAll(() => closeBrowser(browser));

const notice = () => page.getByTestId("notice");
const connections = () => page.getByTestId("connection");

async function signIn(on: Page, user: User) {
  await on.goto(app("/signin"));
  await on.getByLabel("Email").fill(user.email);
  await on.getByLabel("Password").fill(user.password);
  await on.getByRole("button", { name: "Sign in", exact: true }).click();
  await on.waitForURL(/\/reports/);
}

async function signOut(on: Page) {
  await on.getByRole("button", { name: "Sign out" }).click();
  await on.waitForURL((url) => url.pathname === "/" || url.pathname.startsWith("/signin"));
}

/** On the Members page as an admin: creates an invite link and returns it, leaving the panel open. */
async function createInviteLink(email: string, role: "admin" | "marketer" | "ops"): Promise<string> {
  await page.goto(app("/members"));
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create invite link" }).click();
  const field = page.getByTestId("invite-link").getByLabel(`Invitation link for ${email}`);
  await field.waitFor();
  const link = await field.inputValue();
  expect(link).toMatch(new RegExp(`^${stack().appUrl.replace(/[.]/g, "\\.")}/invite#token=[A-Za-z0-9_-]{43}$`));
  return link;
}

const inviteToken = (link: string) => new URL(link).hash.slice("#token=".length);

async function expectInviteProblem(on: Page, text: string) {
  await expect.poll(() => on.getByTestId("invite-problem").textContent()).toContain(text);
  expect(await on.getByRole("button", { name: /^Join/ }).count()).toBe(0);
}

async function membersByEmail() {
  const members = await gateway.table<{ email?: string; role: string }>("members");
  return Object.fromEntries(members.map((m) => [m.email, m.role]));
}

describe("connecting a TikTok ad account, in the browser", () => {
  it("a visitor who is not signed in cannot get anywhere through the callback: sent to sign in, nothing stored", async () => {
    await page.goto(app("/api/auth/tiktok/callback?auth_code=abc&code=abc&state=xyz"));
    await page.waitForURL(/\/signin/);
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe(
      "/api/auth/tiktok/callback?auth_code=abc&code=abc&state=xyz",
    );
    await expect.poll(() => page.getByRole("button", { name: "Sign in", exact: true }).isVisible()).toBe(true);
    await shot(page, "01-signin-from-callback");
    expect(await stored()).toEqual({ connections: [], connectionTokens: [], advertisers: [] });
    expect(await gateway.table("oauthStates")).toEqual([]);
  });

  it("signing up makes the first user the admin and shows an empty Connections page", async () => {
    await signUp(page, ADMIN, "02a-signup-code");
    await page.goto(app("/connections"));
    await expect
      .poll(() => page.getByTestId("empty-state").textContent())
      .toContain("No TikTok accounts connected yet");
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin" });
    await shot(page, "02-connections-empty");
  });

  it("Connect TikTok → approve on TikTok's consent page → back on Connections with the advertisers listed", async () => {
    await toConsentPage(page, "Connect TikTok");
    await shot(page, "03-tiktok-consent");
    const callback = page.waitForRequest((request) => request.url().includes("/api/auth/tiktok/callback"));
    await page.locator("#approve").click();
    approvedCallbackUrl = (await callback).url();
    expect(new URL(approvedCallbackUrl).searchParams.get("auth_code")).toBeTruthy();
    await page.waitForURL(/\/connections/);
    await expectConnectOutcome(page, "connected");
    const advertisers = await sim.get<{ advertisers: { name: string }[] }>("state");
    for (const { name } of advertisers.advertisers)
      await expect.poll(() => connections().first().textContent()).toContain(name);
    expect(await connections().first().getAttribute("data-status")).toBe("active");
    expect(new URL(page.url()).searchParams.has("tiktok")).toBe(false); // the outcome is shown once, not kept in the URL
    await shotLaptopAndPhone(page, "04-connections-connected");
    expect((await stored()).connections).toHaveLength(1);
  });

  it("pressing Deny on the consent page ends on a readable message, and nothing is stored", async () => {
    const before = await stored();
    await toConsentPage(page, "Connect TikTok");
    await page.locator("#deny").click();
    await page.waitForURL(/\/connections/);
    await expectConnectOutcome(page, "denied");
    await shot(page, "05-connections-denied");
    expect(await stored()).toEqual(before);
  });

  it("opening the same callback URL again (a replay) ends on a readable message, and nothing changes", async () => {
    expect(approvedCallbackUrl).toBeDefined();
    const before = await stored();
    await page.goto(approvedCallbackUrl!);
    await page.waitForURL(/\/connections/);
    await expectConnectOutcome(page, "already_used");
    await shot(page, "06-connections-replayed");
    expect(await stored()).toEqual(before);
  });

  it("a token revoked at TikTok shows Reconnect after the token sweep, and reconnecting works", async () => {
    const [connection] = await gateway.table<{ _id: string }>("connections");
    // Revoked at TikTok; the connection made due now (its next check would be 6 hours away) and the cron's sweep run.
    const revoked = await revokeAtTikTokAndSweep(connection!._id);
    await expect
      .poll(() => connections().first().getAttribute("data-status"), { timeout: 15_000 })
      .toBe("needs_reauth");
    await expect.poll(() => page.getByTestId("last-error").textContent()).toContain("40105");
    await shotLaptopAndPhone(page, "07-connections-needs-reauth");

    await approveOnTikTok(page, "Reconnect");
    await expectConnectOutcome(page, "reconnected");
    await expect.poll(() => connections().first().getAttribute("data-status")).toBe("active");
    expect(await page.getByRole("button", { name: "Reconnect" }).count()).toBe(0);
    await shot(page, "08-connections-reconnected");
    expect((await stored()).connections).toHaveLength(1); // the same connection, renewed
    expect(await storedAccessToken(connection!._id)).not.toBe(revoked);
    // The next sweep finds the new token good: the connection stays active.
    await gateway.post("patch", { id: connection!._id, fields: { nextCheckAt: 0 } });
    await gateway.cron("tiktok token sweep");
    expect((await stored()).connections[0]).toMatchObject({ status: "active", failures: 0 });
  });

  it("a visitor whose session ended while on TikTok's page signs in again and the connection still completes", async () => {
    // Start a connect as the admin, then lose the session (cookies cleared) before coming back from TikTok.
    await toConsentPage(page, "Connect TikTok");
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
    await expectConnectOutcome(page, "connected");
    expect((await stored()).connections).toHaveLength(1);
  });

  it("an admin invites Ops by link; the invitee creates an account with a code, joins, and sees no write controls", async () => {
    opsLink = await createInviteLink(OPS.email, "ops");
    const invite = page.getByTestId("invite").filter({ hasText: OPS.email });
    await expect.poll(() => invite.textContent()).toContain("Invited as Ops");
    expect(await invite.textContent()).toMatch(/Expires in \d+ days/);
    expect(await invite.getByRole("button", { name: `Revoke the invitation for ${OPS.email}` }).isVisible()).toBe(true);
    // The app keeps only a hash of the link's secret.
    const [storedInvite] = await gateway.table<Record<string, unknown>>("invitations");
    expect(storedInvite).toMatchObject({ email: OPS.email, role: "ops" });
    expect(JSON.stringify(storedInvite)).not.toContain(inviteToken(opsLink));
    await shotLaptopAndPhone(page, "09-members-invite-link");
    await page.getByTestId("invite-link").getByRole("button", { name: "Done" }).click();
    await expect.poll(() => page.getByTestId("invite-link").count()).toBe(0);

    // The ops person, in their own browser: the link, then an account with the invited address.
    opsPage = await newVisitor(browser);
    await opsPage.goto(opsLink);
    const createLink = opsPage.getByRole("link", { name: "Create an account" });
    await createLink.waitFor();
    expect(new URL(opsPage.url()).hash).toBe(""); // the secret left the address bar (and the history entry)
    await shotLaptopAndPhone(opsPage, "10-invite-signed-out");
    await createLink.click();
    await opsPage.waitForURL(/\/signin/);
    await expect
      .poll(() => opsPage.getByRole("main").textContent())
      .toContain("Use the email address your invitation was sent to");
    await shot(opsPage, "10a-signup-from-invite");
    const seen = await createAccount(opsPage, OPS);
    expect(await opsPage.getByRole("main").textContent()).toContain(OPS.email);
    await shotLaptopAndPhone(opsPage, "10b-verify-code");
    // A code of the wrong shape, then a wrong code, are refused in words; the right one still works after them.
    const code = await newEmailCode(OPS.email, seen);
    await opsPage.getByLabel("Code", { exact: true }).fill("1234");
    await opsPage.getByRole("button", { name: "Confirm and continue" }).click();
    await expect.poll(() => opsPage.getByTestId("verify-error").textContent()).toContain("Enter the 8-digit code");
    await opsPage.getByLabel("Code", { exact: true }).fill(`${(Number(code[0]) + 1) % 10}${code.slice(1)}`);
    await opsPage.getByRole("button", { name: "Confirm and continue" }).click();
    await expect.poll(() => opsPage.getByTestId("verify-error").textContent()).toContain("That code did not work");
    await shot(opsPage, "10b-verify-code-wrong");
    await enterCode(opsPage, OPS, seen);
    await opsPage.waitForURL(/\/invite/);
    const join = opsPage.getByRole("button", { name: "Join My workspace" });
    await join.waitFor();
    expect(await opsPage.getByRole("main").textContent()).toContain("as Ops");
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin" }); // nothing happens by merely opening a link
    await shotLaptopAndPhone(opsPage, "10c-invite-join");
    await join.click();
    await opsPage.waitForURL(/\/reports/);
    await opsPage.goto(app("/connections"));
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin", [OPS.email]: "ops" });
    expect(await gateway.table("invitations")).toEqual([]); // used up

    await expect.poll(() => opsPage.getByTestId("view-only").isVisible()).toBe(true);
    await expect.poll(() => opsPage.getByTestId("connection").count()).toBe(1);
    expect(
      await opsPage
        .locator("main")
        .getByRole("button", { name: /^(?!Sync now)/ })
        .count(),
    ).toBe(0);
    // Members is there to read (e2e/exports-and-members.test.ts); its controls are not.
    await opsPage.getByRole("link", { name: "Members" }).waitFor();
    await shot(opsPage, "10d-connections-ops");

    const jwt = await jwtOf(opsPage);
    const [workspace] = await gateway.table<{ _id: string }>("workspaces");
    const [connection] = await gateway.table<{ _id: string }>("connections");
    const before = await stored();
    const start = await gateway.callAs(jwt, "action", "tiktok/connections:start", { workspaceId: workspace!._id });
    expect(start.body).toMatchObject({ status: "error", errorData: { code: "FORBIDDEN" } });
    const disconnect = await gateway.callAs(jwt, "action", "tiktok/connections:disconnect", {
      workspaceId: workspace!._id,
      connectionId: connection!._id,
    });
    expect(disconnect.body).toMatchObject({ status: "error", errorData: { code: "FORBIDDEN" } });
    expect((await stored()).connections[0]).toMatchObject({ status: "active" });
    expect(await stored()).toEqual(before);
  });

  it("an invitation link opened while signed in with another address says so, and joins nobody", async () => {
    marketerLink = await createInviteLink(MARKETER.email, "marketer");
    await page.getByTestId("invite-link").getByRole("button", { name: "Done" }).click();
    // The admin opens it in their own browser, signed in as themselves.
    await page.goto(marketerLink);
    await expectInviteProblem(page, "This invitation is for another email address");
    await shotLaptopAndPhone(page, "11-invite-wrong-address");
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin", [OPS.email]: "ops" });
    expect(await gateway.table("invitations")).toHaveLength(1); // still pending, for its own address
    // The way out it offers: signed out, back on the invitation (its secret kept in the tab), asked to sign in.
    await page.getByRole("button", { name: "Sign out and use the invited address" }).click();
    await page.waitForURL((url) => url.pathname === "/invite");
    await page.getByRole("link", { name: "Create an account" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect((await context.cookies()).find((c) => c.name.endsWith("__convexAuthJWT"))?.value ?? "").toBe("");
    await signIn(page, ADMIN);
  });

  it("signing up with an invited address but without the link gives no workspace", async () => {
    marketerPage = await newVisitor(browser);
    await signUp(marketerPage, MARKETER);
    await expect
      .poll(() => marketerPage.getByRole("heading", { name: "You're not in a workspace yet" }).isVisible())
      .toBe(true);
    expect(await marketerPage.getByTestId("connection").count()).toBe(0);
    await shotLaptopAndPhone(marketerPage, "12-connections-no-workspace");
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin", [OPS.email]: "ops" });
  });

  it("a revoked link no longer works, even for the invited address", async () => {
    await page.goto(app("/members"));
    const invite = page.getByTestId("invite").filter({ hasText: MARKETER.email });
    await invite.getByRole("button", { name: `Revoke the invitation for ${MARKETER.email}` }).click();
    await expect.poll(() => notice().textContent()).toContain(`The invitation for ${MARKETER.email} was revoked`);
    await expect.poll(() => page.getByTestId("invite").count()).toBe(0);
    await shot(page, "13-members-invite-revoked");
    expect(await gateway.table("invitations")).toEqual([]);

    await marketerPage.goto(marketerLink!);
    await expectInviteProblem(marketerPage, "This invitation link is not valid");
    await shotLaptopAndPhone(marketerPage, "13b-invite-revoked");
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin", [OPS.email]: "ops" });
  });

  it("a link that was used already shows the not-valid message", async () => {
    await opsPage.goto(opsLink!);
    await expectInviteProblem(opsPage, "This invitation link is not valid");
    await shot(opsPage, "14-invite-used");
    expect(await membersByEmail()).toEqual({ [ADMIN.email]: "admin", [OPS.email]: "ops" });
    await opsPage.goto(app("/connections"));
    await signOut(opsPage);
  });

  it("Disconnect asks for confirmation, then deletes the tokens and shows the connection as disconnected", async () => {
    // Signing in again with a confirmed address asks for no code.
    await page.goto(app("/connections"));
    await signOut(page);
    await signIn(page, ADMIN);
    await page.goto(app("/connections"));
    await expect.poll(() => connections().count()).toBe(1);
    await connections().first().getByRole("button", { name: "Disconnect" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await shot(page, "15-disconnect-confirm");
    await dialog.getByRole("button", { name: "Disconnect" }).click();
    await expect.poll(() => connections().first().getAttribute("data-status"), { timeout: 15_000 }).toBe("revoked");
    await shot(page, "16-connections-disconnected");
    const after = await stored();
    expect(after.connectionTokens).toEqual([]);
    expect(after.connections[0]).toMatchObject({ status: "revoked" });
  });
});

describe("the real proxy and headers, in the browser's own HTTP stack", () => {
  const appOrigin = () => new URL(stack().appUrl).origin;
  const signInWithReturnTo = (value: string) => app(`/signin?returnTo=${encodeURIComponent(value)}`);

  it("a signed-in visitor sent to /signin with a hostile returnTo stays on the app (every value)", async () => {
    await page.goto(app("/connections"));
    await expect.poll(() => page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    expect(HOSTILE_RETURN_TO).toHaveLength(33);
    const wrong: string[] = [];
    for (const value of HOSTILE_RETURN_TO) {
      const res = await context.request.get(signInWithReturnTo(value), { maxRedirects: 0 });
      const location = res.headers()["location"];
      const target = location === undefined ? undefined : new URL(location, stack().appUrl);
      if (res.status() < 300 || res.status() > 399 || target?.origin !== appOrigin() || target.pathname !== HOME_PATH) {
        wrong.push(`${JSON.stringify(value)} → ${res.status()} ${JSON.stringify(location)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("…and a browser following those redirects ends on the app's own home page (Reports)", async () => {
    for (const value of [
      "//evil.test",
      "/\\evil.test",
      "/..//evil.test",
      "/%2e%2e//evil.test",
      "https://evil.test/",
      "javascript:alert(1)",
    ]) {
      // A redirect off the site would fail to load here (no network): the failure is not the test, the URL is.
      await page.goto(signInWithReturnTo(value)).catch(() => undefined);
      // Settled: a redirect made by the page itself (after hydration) would have happened by now.
      await page.waitForLoadState("networkidle");
      const url = new URL(page.url());
      expect(`${url.origin}${url.pathname}`, value).toBe(`${appOrigin()}${HOME_PATH}`);
    }
  });

  it("signing in from a page whose returnTo is hostile also lands on the app", async () => {
    const visitor = await newVisitor(browser);
    await visitor.goto(signInWithReturnTo("/a/..//evil.test"));
    await visitor.getByLabel("Email").fill(ADMIN.email);
    await visitor.getByLabel("Password").fill(ADMIN.password);
    await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
    await visitor.waitForURL(/\/reports/);
    await visitor.waitForLoadState("networkidle");
    expect(new URL(visitor.url()).origin).toBe(appOrigin());
    await visitor.context().close();
  });

  it("every response carries the security headers; the TikTok callback sends no Referer at all", async () => {
    const signedOut = await browser.newContext();
    const paths = ["/", "/signin", "/connections", "/invite", "/api/auth/tiktok/callback?state=x&auth_code=y"];
    const wrong: string[] = [];
    for (const [who, requests] of [
      ["signed in", context.request],
      ["signed out", signedOut.request],
    ] as const) {
      for (const path of paths) {
        const res = await requests.get(app(path), { maxRedirects: 0 });
        const headers = res.headers();
        // The Content-Security-Policy, made per response, is e2e/content-security.test.ts's.
        const expected = {
          "x-frame-options": "DENY",
          "x-content-type-options": "nosniff",
          "referrer-policy": path.startsWith("/api/auth/tiktok/callback")
            ? "no-referrer"
            : "strict-origin-when-cross-origin",
        };
        for (const [name, value] of Object.entries(expected)) {
          if (headers[name] !== value)
            wrong.push(
              `${who} ${path} (${res.status()}): ${name} is ${JSON.stringify(headers[name])}, expected ${JSON.stringify(value)}`,
            );
        }
      }
    }
    await signedOut.close();
    expect(wrong).toEqual([]);
  });
});
