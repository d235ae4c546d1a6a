import { describe, expect, it } from "vitest";
import {
  TikTokAuthError,
  TikTokConflictError,
  TikTokError,
  TikTokInvalidRequestError,
  TikTokNotFoundError,
  TikTokPermissionError,
  TikTokRateLimitError,
  TikTokReportTooLargeError,
  TikTokServerError,
  errorFromCode,
} from "./errors";

describe("errorFromCode maps every documented TikTok code to its class", () => {
  const cases: [number, new (...args: never[]) => TikTokError, boolean, string?][] = [
    [40000, TikTokInvalidRequestError, false],
    [40001, TikTokPermissionError, false],
    [40002, TikTokInvalidRequestError, false],
    [40007, TikTokNotFoundError, false],
    [40067, TikTokReportTooLargeError, false],
    [40100, TikTokRateLimitError, true, "app"],
    [40133, TikTokRateLimitError, true, "advertiser"],
    [40016, TikTokRateLimitError, true, "endpoint"],
    [40102, TikTokAuthError, false, "token_expired"],
    [40104, TikTokAuthError, false, "token_missing"],
    [40105, TikTokAuthError, false, "token_revoked"],
    [40107, TikTokAuthError, false, "refresh_token_invalid"],
    [40103, TikTokAuthError, false, "refresh_token_expired"],
    [40300, TikTokPermissionError, false],
    [40110, TikTokAuthError, false, "auth_code_invalid"],
    [40201, TikTokConflictError, true],
    [40202, TikTokConflictError, true],
    [50000, TikTokServerError, true],
    [50002, TikTokServerError, true],
    [51001, TikTokServerError, true],
    [59999, TikTokServerError, true],
    [60001, TikTokServerError, true],
  ];
  it.each(cases)("code %i becomes %o (retryable: %s)", (code, cls, retryable, detail) => {
    const error = errorFromCode(code, "msg", { requestId: "r1", path: "/x/", httpStatus: 200 });
    expect(error).toBeInstanceOf(cls);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe("r1");
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain("msg");
    if (error instanceof TikTokRateLimitError) expect(error.scope).toBe(detail);
    if (error instanceof TikTokAuthError) expect(error.problem).toBe(detail);
  });

  it("treats 40000 about the app id or secret on an oauth2 path as an app-credentials problem an operator must fix", () => {
    const error = errorFromCode(40000, "app_id does not match the access token", { path: "/oauth2/access_token/" });
    expect(error).toBeInstanceOf(TikTokAuthError);
    expect((error as TikTokAuthError).problem).toBe("app_credentials");
    expect(error.message).toContain("TIKTOK_APP_ID");
  });

  it("leaves a 40000 mentioning app_id elsewhere an ordinary parameter error", () => {
    expect(errorFromCode(40000, "app_id is required", { path: "/campaign/get/" })).toBeInstanceOf(
      TikTokInvalidRequestError,
    );
  });

  it("falls back to the non-retryable base class for unknown codes", () => {
    const error = errorFromCode(41234, "something new");
    expect(error.constructor).toBe(TikTokError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("TikTok answered code 41234: something new");
  });

  it("serialises to a plain object without stack or cause", () => {
    const json = errorFromCode(40100, "QPS", { requestId: "r9", path: "/campaign/get/" }).toJSON();
    expect(json).toEqual({
      name: "TikTokRateLimitError",
      kind: "rate_limit",
      message: "The app's TikTok rate limit was exceeded: QPS",
      code: 40100,
      requestId: "r9",
      httpStatus: undefined,
      path: "/campaign/get/",
      retryable: true,
    });
  });
});

describe("TikTok's own words", () => {
  it("are kept, but never more than a few hundred characters of them", () => {
    const error = errorFromCode(40002, "x".repeat(1_000_000), { requestId: "r1" });
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(/^TikTok refused a parameter: x+…$/);
  });
});
