/**
 * How the Connections page describes a connection: its health badge, the last error in plain words, the TikTok
 * account status of each ad account, and a title. Pure, so each wording is a unit test.
 */
import type { FailureRecord } from "../connect/failures";
import type { ConnectionStatus } from "../connect/statuses";

/** A connection's last failure, as the page reads it (lib/connect/failures.ts owns the shape). */
export type ConnectionError = FailureRecord;

export type Tone = "ok" | "warn" | "error" | "muted";

export interface Health {
  key: "active" | "retrying" | "needs_reauth" | "revoked";
  /** The badge's text: the state is always said in words, never by colour alone. */
  label: string;
  tone: Tone;
  /** One sentence under the badge: what it means and what (if anything) to do. */
  summary: string;
}

export function connectionHealth(connection: { status: ConnectionStatus; lastError?: ConnectionError }): Health {
  switch (connection.status) {
    case "needs_reauth":
      return {
        key: "needs_reauth",
        label: "Needs re-auth",
        tone: "error",
        summary: "TikTok no longer accepts this connection. Reconnect to authorize the ad accounts again.",
      };
    case "revoked":
      return {
        key: "revoked",
        label: "Disconnected",
        tone: "muted",
        summary: "This app no longer uses this connection. Data synced before stays readable; nothing new is synced.",
      };
    case "active":
      return connection.lastError
        ? {
            key: "retrying",
            label: "Retrying",
            tone: "warn",
            summary: "The last check with TikTok failed. The app tries again automatically; no action is needed yet.",
          }
        : {
            key: "active",
            label: "Active",
            tone: "ok",
            summary: "Working. The app checks this connection with TikTok automatically.",
          };
  }
}

const KIND_WORDS: Partial<Record<ConnectionError["kind"], string>> = {
  auth: "TikTok no longer accepts this connection's access.",
  permission: "TikTok says this app may not access one of these ad accounts.",
  rate_limit: "TikTok asked the app to slow down.",
  server: "TikTok had a problem on its side.",
  network: "TikTok could not be reached.",
  malformed_response: "TikTok sent an answer the app could not read.",
  schema: "TikTok sent an answer the app could not read.",
  conflict: "TikTok was busy with this account.",
  config: "This app's TikTok settings need attention from whoever runs it.",
  redirect:
    "The TikTok address this app is set to use sent it elsewhere; whoever runs the app must check its settings.",
};

/** The first sentence about a failure, in plain words; TikTok's own message follows it on the page. */
export function failureHeadline(error: Pick<ConnectionError, "kind">): string {
  return KIND_WORDS[error.kind] ?? "Something went wrong while checking this connection.";
}

/** What support needs, e.g. "TikTok code 40105 · Request ID 2024…": empty when TikTok gave neither. */
export function failureReference(error: Pick<ConnectionError, "code" | "requestId">): string {
  const parts: string[] = [];
  if (error.code !== undefined) parts.push(`TikTok code ${error.code}`);
  if (error.requestId) parts.push(`Request ID ${error.requestId}`);
  return parts.join(" · ");
}

/** TikTok's message, ending with a full stop so it reads as a sentence after the headline. */
export function failureDetail(error: Pick<ConnectionError, "message">): string {
  const text = error.message.trim();
  if (!text) return "";
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const ACCOUNT_STATUS: Record<string, { label: string; tone: Tone }> = {
  STATUS_ENABLE: { label: "Enabled", tone: "ok" },
  STATUS_DISABLE: { label: "Disabled", tone: "error" },
  STATUS_PENDING_CONFIRM: { label: "Pending review", tone: "warn" },
  STATUS_PENDING_VERIFIED: { label: "Pending verification", tone: "warn" },
  STATUS_CONFIRM_FAIL: { label: "Review failed", tone: "error" },
  STATUS_CONFIRM_FAIL_END: { label: "Review failed", tone: "error" },
  STATUS_CONFIRM_MODIFY_FAIL: { label: "Change review failed", tone: "warn" },
  STATUS_LIMIT: { label: "Limited", tone: "warn" },
  STATUS_WAIT_FOR_BPM_AUDIT: { label: "Pending review", tone: "warn" },
  STATUS_WAIT_FOR_PUBLIC_AUTH: { label: "Pending authorization", tone: "warn" },
  STATUS_SELF_SERVICE_UNAUDITED: { label: "Pending review", tone: "warn" },
  STATUS_CONTRACT_PENDING: { label: "Contract pending", tone: "warn" },
};

/** TikTok's account status (STATUS_ENABLE…) in words; an unknown one is tidied up rather than hidden. */
export function accountStatus(status: string | undefined): { label: string; tone: Tone } {
  if (!status) return { label: "Unknown", tone: "muted" };
  const known = ACCOUNT_STATUS[status];
  if (known) return known;
  const words = status
    .replace(/^STATUS_/, "")
    .replace(/_/g, " ")
    .toLowerCase()
    .trim();
  return { label: words ? words[0]!.toUpperCase() + words.slice(1) : status, tone: "muted" };
}

export interface AdvertiserLike {
  advertiserId: string;
  name: string;
}

/** "Demo Advertiser", "Acme US and Acme EU", "Acme US, Acme EU and 3 more". */
export function connectionTitle(advertisers: readonly AdvertiserLike[]): string {
  const names = advertisers.map((a) => a.name || a.advertiserId);
  if (names.length === 0) return "TikTok connection";
  if (names.length === 1) return names[0]!;
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} more`;
}

/** Connections still in use first (needing re-auth before active), then disconnected ones, kept apart. */
export function splitConnections<C extends { status: ConnectionStatus }>(
  connections: readonly C[],
): { current: C[]; past: C[] } {
  const current = connections.filter((c) => c.status !== "revoked");
  const order = (c: C) => (c.status === "needs_reauth" ? 0 : 1);
  current.sort((a, b) => order(a) - order(b));
  return { current, past: connections.filter((c) => c.status === "revoked") };
}

/** "1 ad account", "3 ad accounts". */
export function countAdAccounts(n: number): string {
  return `${n} ad account${n === 1 ? "" : "s"}`;
}

/**
 * An ad account no connection reaches any more (disconnected, or TikTok withdrew access), in the one wording every
 * page uses: the Connections table, the ad account pickers of Reports and Campaigns, and their explanations.
 */
export const NOT_CONNECTED = {
  /** The badge on Connections. */
  label: "Not connected",
  /** After the account's name in a picker: "Acme US (not connected)". */
  tag: "(not connected)",
  /** What it means, said where the account's data is shown. */
  sentence: "This ad account is not connected any more: no TikTok connection in this workspace reaches it.",
} as const;

/** Whether an ad account is reached through its connection, as a badge. */
export function accountReach(accessible: boolean): { label: string; tone: Tone } {
  return accessible ? { label: "Connected", tone: "ok" } : { label: NOT_CONNECTED.label, tone: "warn" };
}

/**
 * The Connections page's empty state: "No TikTok accounts connected yet" only when none ever was; after a disconnect
 * the disconnected cards are listed below it, so it says that none is connected now.
 */
export function noConnectionsTitle(disconnected: number): string {
  return disconnected === 0 ? "No TikTok accounts connected yet" : "No TikTok account is connected now";
}
