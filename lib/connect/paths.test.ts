import { nextjsMiddlewareRedirect } from "@convex-dev/auth/nextjs/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { afterSignIn, signInHref } from "../ui/navigation";
import { HOSTILE_RETURN_TO } from "./hostile-paths";
import { HOME_PATH, sameSitePath } from "./paths";

const APP = "http://app.test:3000";

describe("sameSitePath decides on the resolved URL", () => {
  it.each([
    ["/connections", "/connections"],
    ["/members?tab=invites#top", "/members?tab=invites#top"],
    ["/api/auth/tiktok/callback?state=s&auth_code=c", "/api/auth/tiktok/callback?state=s&auth_code=c"],
    ["/a/../members", "/members"],
    ["/./connections", "/connections"],
    ["/%2e%2e/members", "/members"],
  ])("keeps %j as %j", (value, path) => {
    expect(sameSitePath(value)).toBe(path);
  });

  it("has at least 30 hostile variants to refuse", () => {
    expect(HOSTILE_RETURN_TO.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE_RETURN_TO.map((v) => [JSON.stringify(v).slice(0, 60), v]))("refuses %s", (_, value) => {
    expect(sameSitePath(value)).toBeNull();
  });
});

describe("after sign-in, the proxy's redirect never leaves the site", () => {
  // The same call proxy.ts makes for a signed-in visitor of /signin?returnTo=…
  const proxied = (returnTo: string) => {
    const request = new NextRequest(`${APP}/signin?returnTo=${encodeURIComponent(returnTo)}`);
    const response = nextjsMiddlewareRedirect(request, afterSignIn(request.nextUrl.searchParams.get("returnTo")));
    return new URL(response.headers.get("location")!);
  };

  it.each(HOSTILE_RETURN_TO.map((v) => [JSON.stringify(v).slice(0, 60), v]))(
    "%s lands on this site's home page (Reports)",
    (_, value) => {
      const location = proxied(value);
      expect(location.origin).toBe(APP);
      expect(location.pathname).toBe(HOME_PATH);
    },
  );

  it("a path that resolves on this site is followed as resolved", () => {
    expect(proxied("/a/../members?x=1").toString()).toBe(`${APP}/members?x=1`);
  });

  it("sign-in links carry only the resolved path", () => {
    expect(signInHref("/a/../members")).toBe("/signin?returnTo=%2Fmembers");
    for (const value of HOSTILE_RETURN_TO) expect(signInHref(value)).toBe("/signin");
  });
});
