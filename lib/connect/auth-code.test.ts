import { describe, expect, it } from "vitest";
import { TIKTOK_CALLBACK_PATH, convexAuthHandlesCode } from "./auth-code";

describe("convexAuthHandlesCode", () => {
  it.each([TIKTOK_CALLBACK_PATH, `${TIKTOK_CALLBACK_PATH}/`])(
    "leaves TikTok's code alone on the callback (%s)",
    (path) => {
      expect(convexAuthHandlesCode(path)).toBe(false);
    },
  );

  it.each([
    "/",
    "/signin",
    "/connections",
    "/api/auth",
    "/api/auth/tiktok",
    "/api/auth/tiktok/callback/extra",
    "/api/auth/tiktok/callbacks",
  ])("keeps Convex Auth's own sign-in codes working everywhere else (%s)", (path) => {
    expect(convexAuthHandlesCode(path)).toBe(true);
  });

  it("is the path TikTok is told to redirect to", () => {
    expect(new URL("https://app.test/api/auth/tiktok/callback?auth_code=A&code=A&state=S").pathname).toBe(
      TIKTOK_CALLBACK_PATH,
    );
  });
});
