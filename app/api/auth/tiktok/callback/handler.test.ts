import { describe, expect, it, vi } from "vitest";
import { CONNECT_OUTCOMES } from "../../../../../lib/connect/outcomes";
import { handleTikTokCallback, type CallbackDeps, type CompleteResult } from "./handler";

const BASE = "https://app.test/api/auth/tiktok/callback";

function deps(
  overrides: Partial<CallbackDeps> = {},
  result: CompleteResult = { outcome: "connected", returnTo: "/connections" },
) {
  const complete = vi.fn(async () => result);
  return {
    complete,
    deps: { getConvexToken: async () => "user-token", complete, ...overrides } satisfies CallbackDeps,
  };
}

function location(res: Response): URL {
  expect(res.status).toBe(303);
  return new URL(res.headers.get("Location")!);
}

describe("GET /api/auth/tiktok/callback", () => {
  it("completes with auth_code and state as the signed-in user, then shows the outcome where the attempt began", async () => {
    const { deps: d, complete } = deps({}, { outcome: "connected", returnTo: "/connections?from=onboarding" });
    const res = await handleTikTokCallback(new URL(`${BASE}?auth_code=AC1&code=AC1&state=S1`), d);
    expect(complete).toHaveBeenCalledWith({ state: "S1", authCode: "AC1" }, "user-token");
    const to = location(res);
    expect(to.origin + to.pathname).toBe("https://app.test/connections");
    expect(to.searchParams.get("from")).toBe("onboarding");
    expect(to.searchParams.get("tiktok")).toBe("connected");
  });

  it("falls back to `code` when auth_code is absent", async () => {
    const { deps: d, complete } = deps();
    await handleTikTokCallback(new URL(`${BASE}?code=C2&state=S2`), d);
    expect(complete).toHaveBeenCalledWith({ state: "S2", authCode: "C2" }, "user-token");
  });

  it("sends a signed-out visitor to sign in and back, calling nothing", async () => {
    const { deps: d, complete } = deps({ getConvexToken: async () => undefined });
    const to = location(await handleTikTokCallback(new URL(`${BASE}?auth_code=A&state=S`), d));
    expect(to.pathname).toBe("/signin");
    expect(to.searchParams.get("returnTo")).toBe("/api/auth/tiktok/callback?auth_code=A&state=S");
    expect(complete).not.toHaveBeenCalled();
  });

  it.each([
    ["declined on TikTok (no code, an error)", "?state=S&error=access_denied", "denied"],
    ["no code at all", "?state=S", "missing_code"],
    ["no state", "?auth_code=A", "missing_state"],
  ])("ends %s on a readable message without calling Convex", async (_, query, outcome) => {
    const { deps: d, complete } = deps();
    const to = location(await handleTikTokCallback(new URL(`${BASE}${query}`), d));
    expect(to.pathname).toBe("/connections");
    expect(to.searchParams.get("tiktok")).toBe(outcome);
    expect(CONNECT_OUTCOMES[outcome as keyof typeof CONNECT_OUTCOMES].message.length).toBeGreaterThan(20);
    expect(complete).not.toHaveBeenCalled();
  });

  it.each([
    "already_used",
    "expired_state",
    "wrong_user",
    "unknown_state",
    "code_rejected",
    "tiktok_unavailable",
    "no_advertisers",
    "not_allowed",
  ] as const)("passes the action's %s outcome on to the page", async (outcome) => {
    const { deps: d } = deps({}, { outcome });
    expect(
      location(await handleTikTokCallback(new URL(`${BASE}?auth_code=A&state=S`), d)).searchParams.get("tiktok"),
    ).toBe(outcome);
  });

  it("lands on a readable failure when the action throws", async () => {
    const { deps: d } = deps({
      complete: async () => {
        throw new Error("network down");
      },
    });
    const to = location(await handleTikTokCallback(new URL(`${BASE}?auth_code=A&state=S`), d));
    expect(to.searchParams.get("tiktok")).toBe("failed");
    expect(to.toString()).not.toContain("network down");
  });

  it.each(["https://evil.test/x", "//evil.test/x", "/\\evil.test"])(
    "never redirects off-site, whatever returnTo says (%s)",
    async (returnTo) => {
      const { deps: d } = deps({}, { outcome: "connected", returnTo });
      const to = location(await handleTikTokCallback(new URL(`${BASE}?auth_code=A&state=S`), d));
      expect(to.origin).toBe("https://app.test");
      expect(to.pathname).toBe("/connections");
    },
  );

  it("treats an unknown outcome from the action as a failure", async () => {
    const { deps: d } = deps({}, { outcome: "surprise" as never });
    expect(
      location(await handleTikTokCallback(new URL(`${BASE}?auth_code=A&state=S`), d)).searchParams.get("tiktok"),
    ).toBe("failed");
  });

  it("never puts the auth code into the redirect it answers with", async () => {
    const { deps: d } = deps();
    const res = await handleTikTokCallback(new URL(`${BASE}?auth_code=SECRET-CODE-1&state=S`), d);
    expect(res.headers.get("Location")).not.toContain("SECRET-CODE-1");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    // …nor lets the browser send the callback's address (code and state) on as a Referer.
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
  });
});
