import { describe, expect, it } from "vitest";
import {
  afterSignIn,
  appNavigation,
  isCurrentSection,
  isProtectedPath,
  needsDocumentNavigation,
  outcomeBanner,
  signInHref,
  withoutParam,
} from "./navigation";

describe("afterSignIn", () => {
  it("returns to a path on this site, including the TikTok callback with its query", () => {
    expect(afterSignIn("/members")).toBe("/members");
    const callback = "/api/auth/tiktok/callback?auth_code=a&code=a&state=s";
    expect(afterSignIn(callback)).toBe(callback);
  });
  it("refuses other origins, odd paths and the sign-in page itself", () => {
    for (const bad of [
      "https://evil.test/",
      "//evil.test",
      "/\\evil.test",
      "javascript:alert(1)",
      "/a\nb",
      "/signin",
      "/signin?returnTo=/x",
      "",
      null,
      undefined,
    ]) {
      expect(afterSignIn(bad)).toBe("/reports");
    }
  });
});

describe("signInHref", () => {
  it("keeps the way back, encoded, unless there is none worth keeping", () => {
    expect(signInHref("/members?x=1")).toBe("/signin?returnTo=%2Fmembers%3Fx%3D1");
    expect(signInHref()).toBe("/signin");
    expect(signInHref("/")).toBe("/signin");
    expect(signInHref("//evil.test")).toBe("/signin");
  });
});

describe("paths", () => {
  it("knows which pages need a signed-in visitor", () => {
    expect(isProtectedPath("/connections")).toBe(true);
    expect(isProtectedPath("/reports")).toBe(true);
    expect(isProtectedPath("/reportsx")).toBe(false);
    expect(isProtectedPath("/members/")).toBe(true);
    expect(isProtectedPath("/connectionsx")).toBe(false);
    expect(isProtectedPath("/signin")).toBe(false);
    expect(isProtectedPath("/api/auth/tiktok/callback")).toBe(false);
  });
  it("loads route handlers as documents", () => {
    expect(needsDocumentNavigation("/api/auth/tiktok/callback?state=x")).toBe(true);
    expect(needsDocumentNavigation("/connections")).toBe(false);
  });
});

describe("outcomeBanner", () => {
  it("gives the tone and message of a known outcome and nothing for anything else", () => {
    expect(outcomeBanner("denied")).toEqual({
      outcome: "denied",
      tone: "info",
      message: "Access was declined on TikTok's page, so nothing was connected.",
    });
    expect(outcomeBanner(["connected", "denied"])?.tone).toBe("success");
    expect(outcomeBanner("<script>")).toBeNull();
    expect(outcomeBanner("toString")).toBeNull();
    expect(outcomeBanner(undefined)).toBeNull();
  });
});

describe("withoutParam", () => {
  it("drops one parameter and keeps the rest", () => {
    expect(withoutParam("http://localhost:3000/connections?tiktok=connected", "tiktok")).toBe("/connections");
    expect(withoutParam("/connections?a=1&tiktok=denied#x", "tiktok")).toBe("/connections?a=1#x");
  });
});

describe("appNavigation", () => {
  it("shows every member the five pages, Members included (reading it changes nothing), once the role is known", () => {
    const pages = ["/reports", "/campaigns", "/connections", "/activity", "/members"];
    expect(appNavigation("ops").map((i) => i.href)).toEqual(pages);
    expect(appNavigation("marketer").map((i) => i.href)).toEqual(pages);
    expect(appNavigation("admin").map((i) => i.label)).toEqual([
      "Reports",
      "Campaigns",
      "Connections",
      "Activity",
      "Members",
    ]);
    expect(appNavigation(null).map((i) => i.href)).toEqual(pages.slice(0, 4));
  });
  it("marks a section current on its page and the pages under it, not on a look-alike", () => {
    expect(isCurrentSection("/reports", "/reports")).toBe(true);
    expect(isCurrentSection("/reports/x", "/reports")).toBe(true);
    expect(isCurrentSection("/reportsx", "/reports")).toBe(false);
  });
});
