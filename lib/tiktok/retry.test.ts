import { describe, expect, it } from "vitest";
import { errorFromCode, TikTokInputError, TikTokMalformedResponseError, TikTokNetworkError } from "./errors";
import { appLimitWindow, backoffDelay, classify, DEFAULT_RETRY_POLICY } from "./retry";

const fixed = (r: number) => ({ random: () => r, now: () => Date.UTC(2026, 1, 1, 18, 0, 0) });

describe("classify: what is retried, why, and after how long", () => {
  it("retries a per-second app limit after about a second", () => {
    const d = classify(errorFromCode(40100, "Too many requests. QPS limit"), 1, { idempotent: true, policy: fixed(0) });
    expect(d).toEqual({ retry: true, reason: "app_rate_limit_second", waitMs: 1000 });
  });

  it("hands a per-minute app limit back to the caller with a ~5 minute wait instead of sleeping", () => {
    const d = classify(errorFromCode(40100, "QPM limit exceeded"), 1, { idempotent: true, policy: fixed(0) });
    expect(d).toEqual({ retry: false, reason: "wait_too_long", waitMs: 300_000 });
  });

  it("waits for 00:00 UTC on a per-day app limit", () => {
    const d = classify(errorFromCode(40100, "QPD limit exceeded"), 1, { idempotent: true, policy: fixed(0) });
    expect(d.retry).toBe(false);
    expect(d.waitMs).toBe(6 * 3600_000);
  });

  it("backs off for advertiser and endpoint limits", () => {
    expect(classify(errorFromCode(40133, ""), 1, { idempotent: true, policy: fixed(0.5) }).reason).toBe(
      "advertiser_rate_limit",
    );
    expect(classify(errorFromCode(40016, ""), 1, { idempotent: true, policy: fixed(0.5) }).reason).toBe(
      "endpoint_rate_limit",
    );
  });

  it.each([50000, 50002, 51234, 40201, 40202])("retries temporary code %i", (code) => {
    expect(classify(errorFromCode(code, ""), 1, { idempotent: true, policy: fixed(0.5) }).retry).toBe(true);
  });

  it("hands maintenance (60001) back to the caller with a one-minute wait", () => {
    const d = classify(errorFromCode(60001, ""), 1, {
      idempotent: true,
      policy: { ...fixed(0), maxInlineWaitMs: 30_000 },
    });
    expect(d).toEqual({ retry: false, reason: "wait_too_long", waitMs: 60_000 });
  });

  it.each([40000, 40001, 40002, 40007, 40067, 40102, 40104, 40105, 40107, 40110, 41234])(
    "never retries code %i",
    (code) => {
      expect(classify(errorFromCode(code, ""), 1, { idempotent: true })).toEqual({
        retry: false,
        reason: "not_retryable",
        waitMs: 0,
      });
    },
  );

  it("never retries input errors or foreign errors", () => {
    expect(classify(new TikTokInputError("name", "x"), 1).retry).toBe(false);
    expect(classify(new Error("boom"), 1).retry).toBe(false);
  });

  it("retries network failures and timeouts of idempotent calls", () => {
    expect(classify(new TikTokNetworkError("x", false, false), 1, { idempotent: true }).reason).toBe("network");
    expect(classify(new TikTokNetworkError("x", true, false), 1, { idempotent: true }).reason).toBe("timeout");
    expect(classify(new TikTokMalformedResponseError("x"), 1, { idempotent: true }).reason).toBe("malformed_response");
  });

  it("does not repeat a non-idempotent call TikTok may have acted on", () => {
    expect(classify(new TikTokNetworkError("x", true, false), 1, { idempotent: false }).reason).toBe("not_idempotent");
    expect(classify(errorFromCode(50002, ""), 1, { idempotent: false }).reason).toBe("not_idempotent");
  });

  it("repeats a non-idempotent call that TikTok surely refused or never received", () => {
    expect(classify(errorFromCode(40100, ""), 1, { idempotent: false, policy: fixed(0) }).retry).toBe(true);
    expect(classify(new TikTokNetworkError("x", false, true), 1, { idempotent: false }).retry).toBe(true);
  });

  it("does not retry timeouts when the policy says to narrow instead", () => {
    const d = classify(new TikTokNetworkError("x", true, false), 1, {
      idempotent: true,
      policy: { retryTimeouts: false },
    });
    expect(d.reason).toBe("timeout_not_retried");
  });

  it("stops after the last attempt", () => {
    expect(classify(errorFromCode(50000, ""), DEFAULT_RETRY_POLICY.maxAttempts, { idempotent: true }).reason).toBe(
      "attempts_exhausted",
    );
    expect(classify(errorFromCode(50000, ""), 2, { idempotent: true, policy: { maxAttempts: 2 } }).retry).toBe(false);
  });

  it("honours a retryAfterMs already on the error when it is longer", () => {
    const error = errorFromCode(50000, "");
    error.retryAfterMs = 7_000;
    expect(classify(error, 1, { idempotent: true, policy: fixed(0) }).waitMs).toBe(7_000);
  });
});

describe("backoffDelay: full jitter between a floor and a cap", () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 20_000, minDelayMs: 100 };
  it("doubles the ceiling each attempt", () => {
    expect(backoffDelay(1, { ...policy, random: () => 0.999999 })).toBe(499);
    expect(backoffDelay(2, { ...policy, random: () => 0.999999 })).toBe(999);
    expect(backoffDelay(4, { ...policy, random: () => 0.999999 })).toBe(3999);
  });
  it("never exceeds the cap", () => {
    expect(backoffDelay(30, { ...policy, random: () => 0.999999 })).toBe(19_999);
  });
  it("never goes below the floor", () => {
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(100);
  });
  it("spreads waits across the whole range", () => {
    const waits = new Set(Array.from({ length: 50 }, (_, i) => backoffDelay(3, { ...policy, random: () => i / 50 })));
    expect(Math.min(...waits)).toBe(100);
    expect(Math.max(...waits)).toBeGreaterThan(1900);
  });
});

describe("appLimitWindow reads which window a 40100 means", () => {
  it.each([
    ["QPS limit exceeded", "second"],
    ["Too many requests", "second"],
    ["QPM limit exceeded", "minute"],
    ["exceeded requests per minute", "minute"],
    ["QPD limit exceeded", "day"],
    ["daily quota exhausted", "day"],
  ])("%s → %s", (message, window) => {
    expect(appLimitWindow(message)).toBe(window);
  });
});
