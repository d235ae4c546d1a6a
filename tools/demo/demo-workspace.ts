// The demo's ready-made workspace, made the way a person would make it, through the app's own doors only:
//   1. sign up with email and password (Convex Auth's `auth:signIn`, what the sign-in page's server proxy calls),
//      confirm the address with the code the demo's mailbox kept; the app's provisioning makes the deployment's
//      first account admin of a new workspace;
//   2. Connect TikTok: `tiktok.connections.start`, then the simulator's consent page (its form, approved with every
//      account ticked, as the browser would post it), then TikTok's redirect into the app's own callback route
//      (`/api/auth/tiktok/callback`, signed in with the session cookie), which calls `tiktok.connections.complete`;
//   3. the connect flow schedules the first sync of each account (convex/tiktok/sync/ through the workpool), a
//      90-day backfill; this waits for it through the public `tiktok.sync.queries.status` and `tiktok.reports.summary`.
// Nothing here writes a table. Used by `npm run demo` (run.ts) and `npm run bench:demo`.
import { randomInt } from "node:crypto";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { addDays, localToday } from "../../lib/tiktok/dates";
import type { OutboxEmail } from "./outbox.js";

export interface DemoAccount {
  email: string;
  password: string;
}

/** The demo's sign-in: a fixed address, and a password made for this run (it is printed, never stored). */
export function demoAccount(): DemoAccount {
  const letters = "abcdefghjkmnpqrstuvwxyz23456789";
  const group = () => Array.from({ length: 4 }, () => letters[randomInt(letters.length)]).join("");
  return { email: "demo@example.com", password: `demo-${group()}-${group()}-${group()}` };
}

export interface Session {
  token: string;
  refreshToken: string;
}

interface SignInResult {
  tokens?: { token: string; refreshToken: string } | null;
}

/** Polls the demo's mailbox (the gateway's emailOutbox) for the code sent to `email`. */
async function codeFor(gatewayUrl: string, email: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${gatewayUrl}/_gateway/tables/emailOutbox`);
    if (res.ok) {
      const { documents } = (await res.json()) as { documents: OutboxEmail[] };
      const latest = documents.filter((e) => e.to === email).sort((a, b) => b.at - a.at)[0];
      if (latest) return latest.code;
    }
    if (Date.now() > deadline) throw new Error(`no sign-in code for ${email} arrived within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Creates the account as the sign-in page does: `signUp`, then (where the deployment verifies addresses) the code
 * from the mailbox through the `email-verification` flow. Returns the session the page would keep in cookies.
 */
export async function signUp(gatewayUrl: string, account: DemoAccount): Promise<Session> {
  const client = new ConvexHttpClient(gatewayUrl, { logger: false });
  const signIn = (params: Record<string, string>) =>
    client.action(api.auth.signIn, { provider: "password", params }) as Promise<SignInResult>;
  let result = await signIn({ ...account, flow: "signUp" });
  if (!result.tokens) {
    const code = await codeFor(gatewayUrl, account.email);
    // The password goes with the code: the code step sets it (convex/authPassword.ts).
    result = await signIn({ email: account.email, password: account.password, code, flow: "email-verification" });
  }
  if (!result.tokens) throw new Error(`signing up ${account.email} gave no session`);
  return result.tokens;
}

/** Signs an existing account in with its password (what the sign-in page does). */
export async function signIn(gatewayUrl: string, account: DemoAccount): Promise<Session> {
  const client = new ConvexHttpClient(gatewayUrl, { logger: false });
  const result = (await client.action(api.auth.signIn, {
    provider: "password",
    params: { ...account, flow: "signIn" },
  })) as SignInResult;
  if (!result.tokens) throw new Error(`signing in ${account.email} gave no session`);
  return result.tokens;
}

/** The Cookie header Convex Auth's Next.js server helpers read the session from (names as on localhost). */
export function sessionCookie(session: Session): string {
  return `__convexAuthJWT=${session.token}; __convexAuthRefreshToken=${session.refreshToken}`;
}

/** The consent page's form as a browser would submit it with Approve pressed (every account stays ticked). */
export function approveForm(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const input of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = input[0];
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
    const name = attr("name");
    const value = attr("value");
    if (!name || value === undefined) continue;
    if (attr("type") === "checkbox" && !/\bchecked\b/.test(tag)) continue;
    form.append(name, decodeEntities(value));
  }
  form.set("decision", "approve");
  return form;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, entity: string) => named[entity]!);
}

export interface Connected {
  workspaceId: Id<"workspaces">;
  /** Where the callback sent the browser, e.g. /connections?tiktok=connected. */
  landedOn: string;
}

/**
 * Connect TikTok as the signed-in admin: start, approve on the simulator's consent page, and follow TikTok's
 * redirect into the app's callback route (the Next.js server must be answering).
 */
export async function connectTikTok(gatewayUrl: string, session: Session): Promise<Connected> {
  const client = new ConvexHttpClient(gatewayUrl, { logger: false });
  client.setAuth(session.token);
  const [membership] = await client.query(api.workspaces.members.mine, {});
  if (!membership) throw new Error("the demo account was given no workspace: was another account created first?");
  const { workspaceId } = membership;
  const { url } = await client.action(api.tiktok.connections.start, { workspaceId });

  const consent = await fetch(url);
  if (!consent.ok) throw new Error(`the simulator's consent page answered HTTP ${consent.status}`);
  const approved = await fetch(new URL("/portal/auth", url), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: approveForm(await consent.text()),
    redirect: "manual",
  });
  const callback = approved.headers.get("location");
  if (approved.status !== 302 || !callback)
    throw new Error(`approving on the consent page answered ${approved.status}`);

  const back = await fetch(callback, { headers: { Cookie: sessionCookie(session) }, redirect: "manual" });
  const landedOn = back.headers.get("location") ?? "";
  const outcome = new URL(landedOn, callback).searchParams.get("tiktok");
  if (outcome !== "connected" && outcome !== "reconnected")
    throw new Error(`the callback ended as ${outcome ?? `HTTP ${back.status} ${landedOn}`}, not connected`);
  return { workspaceId, landedOn };
}

export interface SyncProgress {
  advertisers: number;
  succeeded: number;
  /** Report windows (≤30 days each) written so far, of those planned, over all accounts. */
  windowsDone: number;
  windowsPlanned: number;
}

export interface SyncedAccount {
  advertiserId: string;
  name: string;
  currency: string;
  timezone?: string;
  /** Spend over the backfill, in the account's currency. */
  spend: number;
}

/**
 * Waits until every account's first sync succeeded and each account's report summary over the backfill shows
 * spend, reading only what the app's pages read. Fails on a failed or skipped run, naming the account.
 */
export async function waitForSync(
  gatewayUrl: string,
  session: Session,
  workspaceId: Id<"workspaces">,
  options: { backfillDays: number; timeoutMs?: number; onProgress?: (progress: SyncProgress) => void },
): Promise<SyncedAccount[]> {
  const client = new ConvexHttpClient(gatewayUrl, { logger: false });
  client.setAuth(session.token);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const deadline = Date.now() + timeoutMs;
  let said = "";
  for (;;) {
    const accounts = await client.query(api.tiktok.sync.queries.status, { workspaceId });
    const broken = accounts.find((a) => a.latest?.status === "failed" || a.latest?.status === "skipped");
    if (broken) {
      const { status, lastError, skipReason } = broken.latest!;
      throw new Error(
        `the sync of ad account ${broken.advertiserId} ${status}: ${lastError?.message ?? skipReason ?? "no reason given"}`,
      );
    }
    const runs = accounts.map((a) => a.latest);
    const progress: SyncProgress = {
      advertisers: accounts.length,
      succeeded: runs.filter((r) => r?.status === "succeeded").length,
      windowsDone: runs.reduce((n, r) => n + (r?.windowsDone ?? 0), 0),
      windowsPlanned: runs.reduce((n, r) => n + (r?.windowsPlanned ?? 0), 0),
    };
    if (JSON.stringify(progress) !== said) options.onProgress?.(progress);
    said = JSON.stringify(progress);
    if (accounts.length > 0 && progress.succeeded === accounts.length) {
      const synced = await spendByAccount(client, workspaceId, options.backfillDays);
      if (synced.every((a) => a.spend > 0)) return synced;
    }
    if (Date.now() > deadline) throw new Error(`the demo's first sync did not finish within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Each connected account's spend over the last `days` local days, from the report summary the Reports page reads. */
export async function spendByAccount(
  client: ConvexHttpClient,
  workspaceId: Id<"workspaces">,
  days: number,
): Promise<SyncedAccount[]> {
  const connections = await client.query(api.tiktok.connections.list, { workspaceId });
  const out: SyncedAccount[] = [];
  for (const a of connections.flatMap((c) => c.advertisers)) {
    const today = localToday(Date.now(), a.displayTimezone ?? a.timezone);
    const summary = await client.query(api.tiktok.reports.summary, {
      workspaceId,
      advertiserId: a.advertiserId,
      from: addDays(today, -(days - 1)),
      to: today,
    });
    out.push({
      advertiserId: a.advertiserId,
      name: a.name ?? a.advertiserId,
      currency: summary.currency,
      ...(summary.timezone ? { timezone: summary.timezone } : {}),
      spend: summary.current.spend,
    });
  }
  return out;
}
