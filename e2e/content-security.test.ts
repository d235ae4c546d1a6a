/**
 * The Content-Security-Policy in Chromium, on every page of the app (lib/config/content-security-policy.ts, set by
 * proxy.ts). Signed out: the start page, sign-in, sign-up with its code step, an invitation, a missing page. Signed
 * in, with an ad account connected and synced: Reports (its uPlot chart drawn, its numbers live from Convex),
 * Campaigns, Connections, Activity, Members, an invitation, a missing page, and a move between pages without a
 * reload. Every page's response carries the whole policy with a nonce of its own, every script in the server's HTML
 * carries that nonce, the pages do their work, and Chromium reports no violation, neither as a
 * `securitypolicyviolation` event nor on the console. An injected inline handler is refused (and seen as a
 * violation, so the watch can fail); redirects, the TikTok callback and Convex Auth's own answers carry the policy too.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../lib/config/content-security-policy";
import {
  app,
  approveOnTikTok,
  closeBrowser,
  createAccount,
  enterCode,
  expectConnectOutcome,
  openBrowser,
  shot,
  stack,
  syncsSettled,
  type User,
} from "./support";

const ADMIN: User = { email: "csp-admin@example.com", password: "a long policy password" };
const INVITEE = "csp-ops@example.com";

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** A second person's browser, never signed in. */
let visitor: Page;
/** Every violation Chromium reported, in any browser of this file, as one line each. */
const violations: string[] = [];
/** Every nonce a response handed out, to prove none is used twice. */
const nonces: string[] = [];
let inviteLink = "";

/** Listens, in every page of `on` from now on, for what Chromium reports when the policy blocks something. */
async function watchViolations(on: BrowserContext, who: string): Promise<void> {
  await on.exposeFunction("__e2eCspViolation", (line: string) => violations.push(`${who}: ${line}`));
  // Injected by the browser itself (not a page script), so the policy under test does not block the listener.
  await on.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __e2eCspViolation: (line: string) => void }).__e2eCspViolation;
      void report(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} on ${e.documentURI} (${e.sample})`);
    });
  });
  on.on("console", (message) => {
    if (message.type() === "error" && /Content.Security.Policy/i.test(message.text())) {
      violations.push(`${who}: console: ${message.text()}`);
    }
  });
}

/** What every response of the app must carry: the whole policy, with a nonce not seen before. Returns the nonce. */
function expectStrictPolicy(header: string | undefined, where: string): string {
  expect(header, `${where}: Content-Security-Policy`).toBeDefined();
  const policy = parsePolicy(header!);
  const script = policy.get("script-src") ?? [];
  const nonce = script.map((source) => /^'nonce-(.+)'$/.exec(source)?.[1]).find(Boolean);
  expect(nonce, `${where}: a nonce in script-src (${header})`).toBeDefined();
  expect(script, where).toContain("'strict-dynamic'");
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"]) {
    expect(script, `${where}: script-src has ${loose}`).not.toContain(loose);
  }
  expect(policy.get("default-src"), where).toEqual(["'self'"]);
  expect(policy.get("style-src"), where).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(policy.get("object-src"), where).toEqual(["'none'"]);
  expect(policy.get("base-uri"), where).toEqual(["'none'"]);
  expect(policy.get("form-action"), where).toEqual(["'self'"]);
  expect(policy.get("frame-ancestors"), where).toEqual(["'none'"]);
  // The stack's Convex deployment (the gateway) is on plain http: its origin, and its WebSocket over ws.
  const gateway = new URL(stack().gatewayUrl);
  expect(policy.get("connect-src"), where).toEqual(["'self'", gateway.origin, `ws://${gateway.host}`]);
  // Served over http here: upgrading would send the page's own requests to an https nobody listens on.
  expect(policy.has("upgrade-insecure-requests"), where).toBe(false);
  expect(nonces, `${where}: nonce ${nonce} handed out before`).not.toContain(nonce);
  nonces.push(nonce!);
  return nonce!;
}

/**
 * Loads `path` in `on`, checks its policy, waits until `ready` says the page did its work, and checks every script
 * in the server's HTML for this page (fetched again in the same browser, so with the same cookies) carries the
 * nonce of the response it came in.
 */
async function visit(on: Page, path: string, ready: () => Promise<void>): Promise<void> {
  const response = await on.goto(app(path));
  expect(response, path).not.toBeNull();
  expectStrictPolicy(response!.headers()["content-security-policy"], `${path} (${response!.status()})`);
  await ready();
  await on.waitForLoadState("networkidle");

  const again = await on.context().request.get(app(path));
  const nonce = expectStrictPolicy(again.headers()["content-security-policy"], `${path} fetched again`);
  const scripts = [...(await again.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length, `${path}: scripts in the HTML`).toBeGreaterThan(0);
  expect(
    scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`)),
    `${path}: scripts without this response's nonce`,
  ).toEqual([]);
}

const heading = (on: Page, name: string) => on.getByRole("heading", { name }).first().waitFor();

beforeAll(async () => {
  ({ browser, context, page } = await openBrowser());
  await watchViolations(context, "admin");
  const other = await browser.newContext();
  await watchViolations(other, "visitor");
  visitor = await other.newPage();
});

afterAll(() => closeBrowser(browser));

describe("the Content-Security-Policy, in Chromium", () => {
  it("signed out: the start page, sign-in, and a missing page load under the policy with no violation", async () => {
    await visit(page, "/", () => heading(page, "Your TikTok ad accounts, synced and reported."));
    await visit(page, "/signin", () => page.getByRole("button", { name: "Sign in", exact: true }).waitFor());
    await visit(page, "/no-such-page", () => heading(page, "Page not found"));
    expect(violations).toEqual([]);
  });

  it("signing up with the emailed code works under the policy, and lands on Reports", async () => {
    await visit(page, "/signin?mode=signup", () => page.getByRole("radio", { name: "Create account" }).waitFor());
    const seen = await createAccount(page, ADMIN);
    await enterCode(page, ADMIN, seen);
    await page.waitForURL(/\/reports/);
    await expect
      .poll(() => page.getByTestId("empty-state").textContent())
      .toContain("No TikTok ad account connected yet");
    expect(violations).toEqual([]);
  });

  it("Connect leaves for TikTok and comes back under the policy; the first sync's numbers arrive", async () => {
    await visit(page, "/connections", () => page.getByRole("button", { name: "Connect TikTok" }).waitFor());
    await approveOnTikTok(page);
    await expectConnectOutcome(page, "connected");
    await syncsSettled();
    expect(violations).toEqual([]);
  });

  it("Reports: the chart is drawn and the numbers come live from Convex, with no violation", async () => {
    await visit(page, "/reports", async () => {
      await page.getByTestId("kpis").waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId("fact-data-as-of").textContent()).not.toContain("Not synced");
      await page.getByTestId("campaign-totals").waitFor();
      const canvas = page.getByTestId("daily-chart").getByTestId("chart-canvas").locator("canvas").first();
      await canvas.waitFor();
      // uPlot sized and drew its canvas (its stylesheet and its inline sizing were not refused).
      expect(await canvas.evaluate((c: HTMLCanvasElement) => c.width * c.height)).toBeGreaterThan(0);
    });
    await shot(page, "csp01-reports-under-the-policy");
    expect(violations).toEqual([]);
  });

  it("a move between pages without a reload (the app's own navigation) raises no violation", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }).click();
    await page.waitForURL(/\/campaigns/);
    await expect.poll(() => page.getByTestId("campaign-row").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });

  it("Campaigns, Connections, Activity and Members each load their data under the policy", async () => {
    await visit(page, "/campaigns", () =>
      expect.poll(() => page.getByTestId("campaign-row").count(), { timeout: 15_000 }).toBeGreaterThan(0),
    );
    await visit(page, "/connections", () =>
      expect.poll(() => page.getByTestId("connection").count(), { timeout: 15_000 }).toBe(1),
    );
    await visit(page, "/activity", () =>
      expect.poll(() => page.getByTestId("call").count(), { timeout: 15_000 }).toBeGreaterThan(0),
    );
    await visit(page, "/members", () =>
      expect.poll(() => page.getByTestId("member").first().textContent(), { timeout: 15_000 }).toContain(ADMIN.email),
    );
    // A form that writes: an invitation link, made on the page.
    await page.getByLabel("Email address").fill(INVITEE);
    await page.getByLabel("Role", { exact: true }).selectOption("ops");
    await page.getByRole("button", { name: "Create invite link" }).click();
    const field = page.getByTestId("invite-link").getByLabel(`Invitation link for ${INVITEE}`);
    await field.waitFor();
    inviteLink = await field.inputValue();
    expect(inviteLink).toContain("/invite#token=");
    expect(violations).toEqual([]);
  });

  it("an invitation and a missing page, signed in and signed out, load under the policy", async () => {
    const invite = `/invite${new URL(inviteLink).hash}`;
    // Signed in with another address: the page checks the link with Convex and says so.
    await visit(page, invite, () =>
      expect
        .poll(() => page.getByTestId("invite-problem").textContent(), { timeout: 15_000 })
        .toContain("This invitation is for another email address"),
    );
    await visit(page, "/no-such-page", () => heading(page, "Page not found"));
    await visit(visitor, invite, () =>
      visitor.getByText("Sign in, or create an account, with the email address").waitFor(),
    );
    expect(violations).toEqual([]);
  });

  it("an injected inline event handler does not run, and Chromium reports it (the watch above can fail)", async () => {
    await visit(page, "/reports", () => page.getByTestId("kpis").waitFor({ timeout: 20_000 }));
    expect(violations).toEqual([]);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        `<img alt="" src="/no-such-image" onerror="document.body.dataset.injected = 'ran'">`,
      );
    });
    // Both watches see it: the page's event, and Chromium's line on the console.
    await expect.poll(() => violations.some((v) => v.startsWith("admin: script-src-attr refused inline"))).toBe(true);
    await expect
      .poll(() => violations.some((v) => v.startsWith("admin: console: Executing inline event handler violates")))
      .toBe(true);
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    violations.length = 0;
  });

  it("redirects, the TikTok callback and Convex Auth's own answers carry the policy too", async () => {
    const signedOut = visitor.context().request;
    const cases = [
      { who: signedOut, path: "/connections", status: 307 },
      { who: context.request, path: "/", status: 307 },
      { who: context.request, path: "/signin", status: 307 },
      { who: signedOut, path: "/api/auth/tiktok/callback?state=x&auth_code=y", status: 303 },
      { who: context.request, path: "/api/auth/tiktok/callback?state=x&auth_code=y", status: 303 },
    ];
    for (const { who, path, status } of cases) {
      const res = await who.get(app(path), { maxRedirects: 0 });
      expect(res.status(), path).toBe(status);
      expectStrictPolicy(res.headers()["content-security-policy"], `${path} (${res.status()})`);
      if (path.startsWith("/api/auth/tiktok/callback")) expect(res.headers()["referrer-policy"]).toBe("no-referrer");
      expect(res.headers()["x-frame-options"], path).toBe("DENY");
    }
    // Convex Auth's proxy at /api/auth answers itself (here: an action it does not know).
    const auth = await signedOut.post(app("/api/auth"), { data: { action: "auth:unknown", args: {} } });
    expect(auth.status()).toBe(400);
    expectStrictPolicy(auth.headers()["content-security-policy"], "/api/auth (400)");
  });
});
