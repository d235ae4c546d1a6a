/**
 * Getting in when someone else got there first, and when the password is forgotten (issue 17 item 2), in Chromium
 * against the built app with codes captured in the outbox: a stranger signs up with the owner's address and never
 * proves it; the owner signs up anyway, proves the code, lands in their new workspace as its admin, and the
 * stranger's password no longer works. Then the owner forgets the password: sign out, "Forgot your password?", the
 * emailed code and a new password sign them in; the old password fails, the new one works.
 * The reset pages are saved as screenshots at the laptop and the phone size, each checked by axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  app,
  closeBrowser,
  createAccount,
  emailsTo,
  enterCode,
  gateway,
  newEmailCode,
  newVisitor,
  openBrowser,
  shotLaptopAndPhone,
  userId,
  type User,
} from "./support";

const OWNER: User = { email: "owner@signin.test", password: "the owner's own password" };
const STRANGER: User = { email: OWNER.email, password: "a squatter's password" };
const NEW_PASSWORD = "a fresh password for the owner";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openBrowser());
});

afterAll(() => closeBrowser(browser));

async function signInForm(on: Page, user: User) {
  await on.goto(app("/signin"));
  await on.getByLabel("Email").fill(user.email);
  await on.getByLabel("Password").fill(user.password);
  await on.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function expectRefused(on: Page, user: User) {
  await signInForm(on, user);
  await expect.poll(() => on.getByTestId("signin-error").textContent()).toMatch(/don't match an account/);
  expect(new URL(on.url()).pathname).toBe("/signin");
}

describe("the owner of a mailbox always has a way in", () => {
  it("a stranger who signed up first with the owner's address loses it when the owner proves the mailbox", async () => {
    const stranger = await newVisitor(browser);
    await stranger.goto(app("/signin?mode=signup"));
    await createAccount(stranger, STRANGER); // and never enters the code

    await page.goto(app("/signin?mode=signup"));
    const seen = await createAccount(page, OWNER);
    await enterCode(page, OWNER, seen);
    await page.waitForURL(/\/reports/);

    const ownerId = await userId(OWNER.email);
    const members = await gateway.table<{ userId: string; role: string }>("members");
    expect(members.map((m) => [m.userId, m.role])).toEqual([[ownerId, "admin"]]);
    expect((await gateway.table("users")).length).toBe(1);

    await expectRefused(stranger, STRANGER);
  });

  it("a forgotten password is reset with an emailed code; the old one stops working", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/" || url.pathname.startsWith("/signin"));

    await page.goto(app("/signin"));
    // It promises only what signing in opens (Reports, or the page asked for), not "your TikTok connections".
    expect(await page.locator(".auth__lede").textContent()).toBe("Welcome back. Sign in to your workspace.");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await shotLaptopAndPhone(page, "reset-ask");
    const seen = (await emailsTo(OWNER.email)).length;
    await page.getByLabel("Email").fill(` ${OWNER.email.toUpperCase()} `);
    await page.getByRole("button", { name: "Email me a code" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    const code = await newEmailCode(OWNER.email, seen);

    // A wrong code first: said in words, nothing changes.
    await page.getByLabel("Code", { exact: true }).fill(code === "00000000" ? "11111111" : "00000000");
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => page.getByTestId("reset-error").textContent()).toMatch(/That code did not work/);
    await shotLaptopAndPhone(page, "reset-code");

    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL(/\/reports/);

    const visitor = await newVisitor(browser);
    await expectRefused(visitor, OWNER);
    await signInForm(visitor, { email: OWNER.email, password: NEW_PASSWORD });
    await visitor.waitForURL(/\/reports/);
  });
});
