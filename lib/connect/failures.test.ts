import { describe, expect, it } from "vitest";
import { KeyringError } from "../secrets/keyring";
import {
  errorFromCode,
  GovernorDeferral,
  TikTokInputError,
  TikTokNetworkError,
  TikTokSchemaError,
} from "../tiktok/errors";
import {
  connectOutcomeFor,
  describeFailure,
  FIRST_RETRY_MS,
  formatFailure,
  MAX_RETRY_MS,
  needsReauth,
  tokenFailureEffect,
} from "./failures";

const tiktok = (code: number, path = "/oauth2/access_token/") =>
  errorFromCode(code, "said TikTok", { path, requestId: "req-1" });

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
  it.each([40102, 40103, 40105, 40107])("%i needs the advertiser to reconnect", (code) => {
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
    expect(describeFailure(tiktok(40105, "/oauth2/advertiser/get/"), 7)).toEqual({
      code: 40105,
      kind: "auth",
      message: expect.stringContaining("said TikTok"),
      requestId: "req-1",
      at: 7,
    });
  });

  it("names the setting to fix for configuration problems", () => {
    const keyring = new KeyringError("TOKEN_ENCRYPTION_KEY is not set; generate one…");
    expect(describeFailure(keyring, 1)).toMatchObject({
      kind: "config",
      message: expect.stringContaining("TOKEN_ENCRYPTION_KEY"),
    });
    // Any error marked `kind: "config"` (convex/tiktok/settings.test.ts checks the settings' own MisconfiguredError).
    const setting = Object.assign(new Error("TIKTOK_RATE_TIER must be one of basic, tier2, tier3, tier4; got gold"), {
      kind: "config",
    });
    expect(describeFailure(setting, 1)).toEqual({
      kind: "config",
      message: "TIKTOK_RATE_TIER must be one of basic, tier2, tier3, tier4; got gold",
      at: 1,
    });
  });

  it("recognises configuration by its kind, not by its name or its text", () => {
    const lookalike = Object.assign(new Error('{"code":"MISCONFIGURED"} TOKEN_ENCRYPTION_KEY'), {
      name: "KeyringError",
    });
    expect(describeFailure(lookalike, 1).kind).toBe("unknown");
  });

  it("describes the app's own deferral as a rate limit, and a connect deferred by it as TikTok being unavailable", () => {
    expect(describeFailure(new GovernorDeferral(5_000), 1)).toMatchObject({
      kind: "rate_limit",
      message: expect.stringContaining("5 s"),
    });
  });

  it("says nothing of an unknown error's text, which could hold anything", () => {
    const described = describeFailure(new Error("token=abc123 leaked by a library"), 1);
    expect(described.kind).toBe("unknown");
    expect(described.message).not.toContain("abc123");
  });
});

describe("formatFailure", () => {
  it("gives kind, code, message and request_id in one line", () => {
    expect(formatFailure({ kind: "auth", code: 40105, message: "revoked", requestId: "req-1", at: 1 })).toBe(
      "[auth 40105] revoked (request_id req-1)",
    );
    expect(formatFailure({ kind: "config", message: "TOKEN_ENCRYPTION_KEY is not set", at: 1 })).toBe(
      "[config] TOKEN_ENCRYPTION_KEY is not set",
    );
  });
});
