// What the browser tests share: Debian's Chromium through playwright-core, screenshots as artifacts, the test doors
// of the gateway (/_gateway/*) and the simulator (/_sim/*) for setting the scene and checking what is stored, and the
// steps every journey takes the same way (signing up with the emailed code, connecting through TikTok's consent page).
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from "playwright-core";
import { expect } from "vitest";
import { CONNECT_OUTCOMES } from "../lib/connect/outcomes";
import { keyringFromEnv } from "../lib/secrets/keyring";
import { openToken } from "../convex/tiktok/tokenSeal";
import type { Stack } from "./stack";

let current: Stack | undefined;

/** Set by e2e/fresh-stack.ts before the file's own hooks run. */
export function setStack(started: Stack): void {
  current = started;
}

/** The file's stack: its app, gateway and simulator URLs. */
export function stack(): Stack {
  if (!current) throw new Error("no stack yet: e2e/fresh-stack.ts starts one before each file (see vitest.config.ts)");
  return current;
}

/** An address on the file's app: `app("/reports")`. */
export const app = (path: string) => `${stack().appUrl}${path}`;

export const ARTIFACTS = join(process.cwd(), "e2e", "artifacts");

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // The machine's network is closed: background networking would only fail, many connections at a time.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** One person's browser: Chromium, a context of its own (its cookies, its storage) at the laptop size, and a page. */
export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** Chromium with a laptop-sized context and a page in it; `options` adds to (or overrides) the context's. */
export async function openBrowser(options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: LAPTOP, ...options });
  return { browser, context, page: await context.newPage() };
}

/** Another person's browser on the same Chromium: a context of its own, signed out, at the laptop size. */
export async function newVisitor(browser: Browser): Promise<Page> {
  const other = await browser.newContext({ viewport: LAPTOP });
  return other.newPage();
}

/** Closes Chromium (when it was launched) and lists the screenshots the file took: for each file's afterAll. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  await browser?.close();
  console.log(`Screenshots in e2e/artifacts/: ${screenshotsTaken().join(", ")}`);
}

const taken: string[] = [];

/**
 * Saves a full-page screenshot as e2e/artifacts/<name>.png (remembered for the list printed at the end), and checks
 * the page state with axe-core: no serious or critical WCAG 2 A/AA violation (missing labels, names, contrast…).
 */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  taken.push(`${name}.png`);
  expect(await accessibilityProblems(page), `accessibility of ${name}`).toEqual([]);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings on the page as it is now, one line each. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.slice(0, 3).join(", ")}`);
}

/** `shot` at the laptop size, then at the phone size (back to the laptop size after). */
export async function shotLaptopAndPhone(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await page.setViewportSize(PHONE);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(LAPTOP);
}

export function screenshotsTaken(): string[] {
  return [...taken];
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export const gateway = {
  async table<T = Record<string, unknown> & { _id: string }>(name: string): Promise<T[]> {
    const body = await json<{ documents: T[] } | T[]>(await fetch(`${stack().gatewayUrl}/_gateway/tables/${name}`));
    return Array.isArray(body) ? body : body.documents;
  },
  async post(path: string, body: unknown = {}): Promise<unknown> {
    return json(
      await fetch(`${stack().gatewayUrl}/_gateway/${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  },
  /** Runs one of the deployment's crons now, by its name ("tiktok token sweep", "tiktok sync sweep"). */
  async cron(name: string): Promise<unknown> {
    return gateway.post(`crons/${encodeURIComponent(name)}`);
  },
  /** Calls a public function as a signed-in user, the way any Convex client would (HTTP API). */
  async callAs(token: string, kind: "query" | "mutation" | "action", path: string, args: Record<string, unknown>) {
    const res = await fetch(`${stack().gatewayUrl}/api/${kind}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ path, args, format: "json" }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        status: string;
        value?: unknown;
        errorMessage?: string;
        errorData?: { code?: string; message?: string };
      },
    };
  },
};

interface OutboxEmail {
  _id: string;
  to: string;
  subject: string;
  code: string;
  at: number;
}

/**
 * The verification emails the deployment kept for `address` instead of sending them (the demo stack runs with
 * AUTH_EMAIL_DELIVERY=capture), oldest first.
 */
export async function emailsTo(address: string): Promise<OutboxEmail[]> {
  return (await gateway.table<OutboxEmail>("emailOutbox")).filter((e) => e.to === address).sort((a, b) => a.at - b.at);
}

/**
 * The code of the newest email to `address`, waiting for one beyond the `seen` emails there were before the form
 * was sent (so a code from an earlier step is never taken for this one).
 */
export async function newEmailCode(address: string, seen: number): Promise<string> {
  let emails: OutboxEmail[] = [];
  await expect
    .poll(async () => (emails = await emailsTo(address)).length, {
      timeout: 15_000,
      message: `a verification email to ${address}`,
    })
    .toBeGreaterThan(seen);
  const code = emails.at(-1)!.code;
  expect(code).toMatch(/^\d{8}$/);
  return code;
}

export const sim = {
  async get<T>(path: string): Promise<T> {
    return json<T>(await fetch(`${stack().simUrl}/_sim/${path}`));
  },
  async post(path: string, body: unknown): Promise<unknown> {
    return json(
      await fetch(`${stack().simUrl}/_sim/${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  },
  /**
   * Ends every fault rule, then answers the calls a `stall` without `stallMs` is holding: TikTok is itself again.
   * A test holds TikTok's answers to see work in flight for as long as it needs to look, however slow the machine.
   */
  async clearFaults(): Promise<void> {
    await sim.post("faults", { rules: [] });
    await sim.post("stalls/release", {});
  },
  /**
   * Freezes the simulator's clock, so its recent days stay what the sync read, and turns its rate limiter off: it
   * counts on that clock, and frozen, every call would land in one second. (Shared: every journey comparing figures
   * with the simulator's starts so.) The clock has no thaw, so the limits stay off for the rest of the stack's file.
   */
  async freezeClock(): Promise<void> {
    await sim.post("clock", { freeze: true });
    await sim.post("rate-limits", false);
  },
};

/**
 * An ad account as the simulator's `state` lists it (the fields the journeys read). Shared: the Reports, exports and
 * date-preset journeys compare against the same accounts.
 */
export interface SimAdvertiser {
  advertiser_id: string;
  name: string;
  currency: string;
  display_timezone: string;
}

/** A call TikTok (the simulator) received, as its `requests` log lists it. */
export interface SimRequest {
  method: string;
  path: string;
  body: unknown;
}

/**
 * What TikTok (the simulator) was asked, write calls to one campaign endpoint only: the proof of "nothing sent" and
 * "sent once". (Shared: the Campaigns and words journeys check the same log.)
 */
export async function simWrites(
  endpoint: "campaign/create" | "campaign/status/update" | "campaign/update",
): Promise<SimRequest[]> {
  const { requests } = await sim.get<{ requests: SimRequest[] }>("requests");
  return requests.filter((r) => r.method === "POST" && r.path.endsWith(`/${endpoint}/`));
}

/** One CSV line (RFC 4180 quoting, as lib/reports/csv.ts writes it). Shared: the Reports and exports journeys read the CSVs. */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

let recordings = 0;

/**
 * Starts noting, inside the page, each state `target` takes from now on: its `attribute` and its text, at every
 * change. A state that lasts a moment (a button saying "Copied" for 2.5 s, a switch shown on until TikTok refuses)
 * is caught however slowly the test looks; `states()` answers them in order, the one at the start first.
 */
export async function recordStates(
  target: Locator,
  attribute: string,
): Promise<{ states(): Promise<{ value: string | null; text: string }[]> }> {
  const key = `__e2eStates${++recordings}`;
  await target.evaluate(
    (element, { key, attribute }) => {
      const states: { value: string | null; text: string }[] = [];
      const note = () => {
        const state = { value: element.getAttribute(attribute), text: element.textContent ?? "" };
        const last = states.at(-1);
        if (last?.value !== state.value || last.text !== state.text) states.push(state);
      };
      note();
      new MutationObserver(note).observe(element, {
        attributes: true,
        childList: true,
        characterData: true,
        subtree: true,
      });
      (window as unknown as Record<string, unknown>)[key] = states;
    },
    { key, attribute },
  );
  return {
    states: () =>
      target
        .page()
        .evaluate((key) => (window as unknown as Record<string, { value: string | null; text: string }[]>)[key]!, key),
  };
}

/** Waits until no sync run is queued or running: a connect starts one, and it updates the advertiser rows it syncs. */
export async function syncsSettled(): Promise<void> {
  await expect
    .poll(
      async () =>
        (await gateway.table<{ status: string }>("syncRuns")).filter(
          (r) => r.status === "queued" || r.status === "running",
        ).length,
      {
        timeout: 60_000,
        message: "sync runs still going",
      },
    )
    .toBe(0);
}

/** Everything the connect flow writes, for "nothing changed" checks (taken once any sync has finished). */
export async function stored() {
  await syncsSettled();
  return {
    connections: await gateway.table("connections"),
    connectionTokens: await gateway.table("connectionTokens"),
    advertisers: await gateway.table("advertisers"),
  };
}

/** The plaintext access token stored for a connection, opened with this run's key. */
export async function storedAccessToken(connectionId: string): Promise<string> {
  const connection = (await gateway.table<{ _id: string; binding: string }>("connections")).find(
    (c) => c._id === connectionId,
  )!;
  const tokens = (
    await gateway.table<{ connectionId: string; accessToken: { keyId: string; iv: string; data: string } }>(
      "connectionTokens",
    )
  ).find((t) => t.connectionId === connectionId)!;
  const keyring = await keyringFromEnv({
    TOKEN_ENCRYPTION_KEY: stack().tokenEncryptionKey,
    TOKEN_ENCRYPTION_KEY_ID: "demo",
  });
  return (await openToken(keyring, tokens.accessToken, connection.binding, "access")).token;
}

/**
 * Revokes the connection's access token at TikTok (the simulator), makes its token check due now (the next one would
 * be hours away) and runs the cron's token sweep. Returns the revoked token.
 */
export async function revokeAtTikTokAndSweep(connectionId: string): Promise<string> {
  const revoked = await storedAccessToken(connectionId);
  await sim.post("revoke", { access_token: revoked });
  await gateway.post("patch", { id: connectionId, fields: { nextCheckAt: 0, verifiedAt: 0 } });
  await gateway.cron("tiktok token sweep");
  return revoked;
}

/** The id of the user who signed up with `email`. */
export async function userId(email: string): Promise<string> {
  const users = await gateway.table<{ _id: string; email?: string }>("users");
  const user = users.find((u) => u.email === email);
  expect(user, `user ${email}`).toBeDefined();
  return user!._id;
}

/** Makes `email`'s user a member of the workspace directly (the invitation journey is connect-journey's). */
export async function seedMember(workspaceId: string, email: string, role: "admin" | "marketer" | "ops") {
  await gateway.post("seed", {
    table: "members",
    document: { workspaceId, userId: await userId(email), role, email },
  });
}

/** The Convex Auth token the browser `on` holds (its cookie), for calling functions over the HTTP API as that person. */
export async function jwtOf(on: Page): Promise<string> {
  const jwt = (await on.context().cookies()).find((c) => c.name.endsWith("__convexAuthJWT"))?.value;
  expect(jwt).toBeTruthy();
  return jwt!;
}

export type User = { email: string; password: string };

/**
 * Fills and sends "Create account" on the sign-in page `on` shows, and waits for the code step. Returns how many
 * emails the address had before, for `enterCode`.
 */
export async function createAccount(on: Page, user: User): Promise<number> {
  const seen = (await emailsTo(user.email)).length;
  await on.getByRole("radio", { name: "Create account" }).check();
  await on.getByLabel("Email").fill(user.email);
  await on.getByLabel("Password").fill(user.password);
  await on.getByRole("button", { name: "Create account", exact: true }).click();
  await on.getByRole("heading", { name: "Check your email" }).waitFor();
  return seen;
}

/** The code step: the newest code emailed to the address since `seen`, entered and confirmed. */
export async function enterCode(on: Page, user: User, seen: number): Promise<void> {
  await on.getByLabel("Code", { exact: true }).fill(await newEmailCode(user.email, seen));
  await on.getByRole("button", { name: "Confirm and continue" }).click();
}

/**
 * Creates an account through the code step (saving the code step as the screenshot `codeShot`, when named) and waits
 * until it lands on Reports, the home page.
 */
export async function signUp(on: Page, user: User, codeShot?: string): Promise<void> {
  await on.goto(app("/signin?mode=signup"));
  const seen = await createAccount(on, user);
  if (codeShot) await shot(on, codeShot);
  await enterCode(on, user, seen);
  await on.waitForURL(/\/reports/);
}

/** Presses a connect button on Connections and waits for TikTok's (the simulator's) consent page. */
export async function toConsentPage(on: Page, button: "Connect TikTok" | "Reconnect"): Promise<void> {
  await on.getByRole("button", { name: button }).first().click();
  await on.waitForURL((url) => url.href.startsWith(`${stack().simUrl}/portal/auth`));
}

/** Connects (or reconnects) through the consent page: the button, Approve, and back on Connections. */
export async function approveOnTikTok(on: Page, button: "Connect TikTok" | "Reconnect" = "Connect TikTok") {
  await toConsentPage(on, button);
  await on.locator("#approve").click();
  await on.waitForURL(/\/connections/);
}

/**
 * A new admin's first steps: signs `user` up, connects the demo ad account on Connections and waits for the first
 * sync to finish. (Shared: the Campaigns, words and exports journeys all start so.)
 */
export async function signUpConnectAndSync(on: Page, user: User): Promise<void> {
  await signUp(on, user);
  await on.goto(app("/connections"));
  await approveOnTikTok(on);
  await syncsSettled();
}

/** Waits for the notice on Connections to say how a connect ended, in the words people read there. */
export async function expectConnectOutcome(on: Page, outcome: keyof typeof CONNECT_OUTCOMES): Promise<void> {
  await expect
    .poll(() => on.getByTestId("notice").textContent(), { timeout: 15_000 })
    .toContain(CONNECT_OUTCOMES[outcome].message);
}
