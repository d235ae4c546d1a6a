import { describe, expect, it } from "vitest";
import {
  accountReach,
  accountStatus,
  connectionHealth,
  connectionTitle,
  countAdAccounts,
  failureDetail,
  failureHeadline,
  failureReference,
  NOT_CONNECTED,
  noConnectionsTitle,
  splitConnections,
} from "./connections";

const error = {
  code: 40105,
  kind: "auth" as const,
  message: "The access token has been revoked",
  requestId: "req-1",
  at: 1,
};

describe("connectionHealth", () => {
  it("is Active when working and Retrying when the last check failed but the token still stands", () => {
    expect(connectionHealth({ status: "active" })).toMatchObject({ key: "active", label: "Active", tone: "ok" });
    expect(connectionHealth({ status: "active", lastError: { ...error, kind: "server" } })).toMatchObject({
      key: "retrying",
      label: "Retrying",
      tone: "warn",
    });
  });
  it("asks for a reconnect when TikTok refused the token, and says Disconnected when revoked here", () => {
    const reauth = connectionHealth({ status: "needs_reauth", lastError: error });
    expect(reauth).toMatchObject({ label: "Needs re-auth", tone: "error" });
    expect(reauth.summary).toMatch(/Reconnect/);
    expect(connectionHealth({ status: "revoked" })).toMatchObject({ label: "Disconnected", tone: "muted" });
  });
});

describe("failure wording", () => {
  it("leads with plain words by kind, then TikTok's message, then the references support asks for", () => {
    expect(failureHeadline(error)).toBe("TikTok no longer accepts this connection's access.");
    expect(failureHeadline({ kind: "network" })).toBe("TikTok could not be reached.");
    expect(failureHeadline({ kind: "unknown" })).toBe("Something went wrong while checking this connection.");
    expect(failureDetail(error)).toBe("The access token has been revoked.");
    expect(failureDetail({ message: "Already a sentence." })).toBe("Already a sentence.");
    expect(failureDetail({ message: "  " })).toBe("");
    expect(failureReference(error)).toBe("TikTok code 40105 · Request ID req-1");
    expect(failureReference({ code: 50000 })).toBe("TikTok code 50000");
    expect(failureReference({})).toBe("");
  });
});

describe("accountStatus", () => {
  it("names TikTok's statuses and tidies unknown ones", () => {
    expect(accountStatus("STATUS_ENABLE")).toEqual({ label: "Enabled", tone: "ok" });
    expect(accountStatus("STATUS_DISABLE")).toEqual({ label: "Disabled", tone: "error" });
    expect(accountStatus("STATUS_SOMETHING_NEW")).toEqual({ label: "Something new", tone: "muted" });
    expect(accountStatus(undefined)).toEqual({ label: "Unknown", tone: "muted" });
  });
});

describe("connectionTitle and counts", () => {
  const a = (name: string) => ({ advertiserId: name.toLowerCase(), name });
  it("names one, two, or the first two and how many more", () => {
    expect(connectionTitle([])).toBe("TikTok connection");
    expect(connectionTitle([a("Demo")])).toBe("Demo");
    expect(connectionTitle([a("A"), a("B")])).toBe("A and B");
    expect(connectionTitle([a("A"), a("B"), a("C"), a("D")])).toBe("A, B and 2 more");
    expect(connectionTitle([{ advertiserId: "123", name: "" }])).toBe("123");
    expect(countAdAccounts(1)).toBe("1 ad account");
    expect(countAdAccounts(0)).toBe("0 ad accounts");
  });
});

describe("splitConnections", () => {
  it("keeps disconnected ones apart and puts those needing re-auth first", () => {
    const list = [
      { id: 1, status: "active" as const },
      { id: 2, status: "revoked" as const },
      { id: 3, status: "needs_reauth" as const },
    ];
    const { current, past } = splitConnections(list);
    expect(current.map((c) => c.id)).toEqual([3, 1]);
    expect(past.map((c) => c.id)).toEqual([2]);
  });
});

describe("an ad account no connection reaches", () => {
  it("is worded one way: the badge on Connections and the tag in the pickers", () => {
    expect(accountReach(false)).toEqual({ label: "Not connected", tone: "warn" });
    expect(accountReach(true)).toEqual({ label: "Connected", tone: "ok" });
    expect(NOT_CONNECTED.tag).toBe(`(${accountReach(false).label.toLowerCase()})`);
  });
  it("says 'not connected yet' only when nothing was ever connected", () => {
    expect(noConnectionsTitle(0)).toBe("No TikTok accounts connected yet");
    expect(noConnectionsTitle(1)).toBe("No TikTok account is connected now");
  });
});
