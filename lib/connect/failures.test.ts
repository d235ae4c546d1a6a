import { describe, expect, it } from "vitest";
import { errorFromCode, TikTokInputError, TikTokNetworkError, TikTokSchemaError } from "../tiktok/errors";
import { connectOutcomeFor, describeFailure, FIRST_RETRY_MS, MAX_RETRY_MS, needsReauth, tokenFailureEffect } from "./failures";

class GovernorDeferral extends Error {
  override name = "GovernorDeferral";
  constructor(readonly retryAfterMs: number) {
    super("The app's TikTok request budget is booked");
  }
}

const tiktok = (code: number, path = "/oauth2/access_token/") => errorFromCode(code, "said TikTok", { path, requestId: "req-1" });

describe("connectOutcomeFor", () => {
  it.each([
    [tiktok(40110), "code_rejected"],
    [tiktok(50000), "tiktok_unavailable"],
    [tiktok(40100), "tiktok_unavailable"],
    [new TikTokNetworkError("no answer", true, false), "tiktok_unavailable"],
    [new TikTokSchemaError("data.access_token: expected string"), "tiktok_unavailable"],
    [new GovernorDeferral(5_000), "tiktok_unavailable"],
    [tiktok(40001), "failed"],
    [errorFromCode(40000, "app_id does not match", { path: "/oauth2/access_token/" }), "failed"],
    [new TikTokInputError("authCode", "empty"), "failed"],
    [new Error("anything else"), "failed"],
  ] as const)("%s → %s", (error, outcome) => {
    expect(connectOutcomeFor(error)).toBe(outcome);
  });
});

describe("tokenFailureEffect", () => {
  it.each([40102, 40105, 40107])("%i needs the advertiser to reconnect", (code) => {
    expect(needsReauth(tiktok(code))).toBe(true);
    expect(tokenFailureEffect(tiktok(code), 1)).toEqual({ action: "reauth" });
  });

  it("anything else is retried at a later sweep, doubling from 15 minutes up to 6 hours", () => {
    const server = tiktok(50000);
    expect(tokenFailureEffect(server, 1)).toEqual({ action: "retry", afterMs: FIRST_RETRY_MS });
    expect(tokenFailureEffect(server, 2)).toEqual({ action: "retry", afterMs: 2 * FIRST_RETRY_MS });
    expect(tokenFailureEffect(server, 30)).toEqual({ action: "retry", afterMs: MAX_RETRY_MS });
    expect(tokenFailureEffect(tiktok(40001), 1)).toMatchObject({ action: "retry" });
  });

  it("waits at least as long as TikTok asked", () => {
    const perDay = tiktok(40100);
    perDay.retryAfterMs = 10 * 60 * 60_000;
    expect(tokenFailureEffect(perDay, 1)).toEqual({ action: "retry", afterMs: 10 * 60 * 60_000 });
  });
});

describe("describeFailure", () => {
  it("keeps TikTok's code, words and request_id", () => {
    expect(describeFailure(tiktok(40105, "/oauth2/advertiser/get/"), 7)).toEqual({ code: 40105, kind: "auth", message: expect.stringContaining("said TikTok"), requestId: "req-1", at: 7 });
  });

  it("names the setting to fix for configuration problems", () => {
    const keyring = Object.assign(new Error("TOKEN_ENCRYPTION_KEY is not set; generate one…"), { name: "KeyringError" });
    expect(describeFailure(keyring, 1)).toMatchObject({ kind: "config", message: expect.stringContaining("TOKEN_ENCRYPTION_KEY") });
  });

  it("says nothing of an unknown error's text, which could hold anything", () => {
    const described = describeFailure(new Error("token=abc123 leaked by a library"), 1);
    expect(described.kind).toBe("unknown");
    expect(described.message).not.toContain("abc123");
  });
});
