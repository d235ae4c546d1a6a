import { describe, expect, it } from "vitest";
import { describeFailure } from "../../lib/connect/failures";
import { RATE_TIERS, SANDBOX_LIMITS } from "../../lib/tiktok/config";
import { MisconfiguredError, tiktokSettings } from "./settings";

const BASE = {
  TIKTOK_APP_ID: "app-1",
  TIKTOK_APP_SECRET: "secret-1",
  TIKTOK_REDIRECT_URI: "https://ads.example.com/api/auth/tiktok/callback",
};

describe("tiktokSettings resolves every TikTok setting once", () => {
  it("defaults to production at the Basic tier with a 2-hour refresh window", () => {
    const settings = tiktokSettings(BASE);
    expect(settings).toMatchObject({
      appId: "app-1",
      environment: "production",
      limits: RATE_TIERS.basic,
      refreshWindowMs: 2 * 3_600_000,
    });
    expect(settings.apiOrigin).toBeUndefined();
  });

  it("turns the tier name into the limits the app paces at", () => {
    expect(tiktokSettings({ ...BASE, TIKTOK_RATE_TIER: "tier3" }).limits).toEqual(RATE_TIERS.tier3);
  });

  it("paces at the sandbox's own limit in the sandbox, whatever the tier says", () => {
    expect(tiktokSettings({ ...BASE, TIKTOK_ENVIRONMENT: "sandbox", TIKTOK_RATE_TIER: "tier4" }).limits).toEqual(
      SANDBOX_LIMITS,
    );
  });

  it("reads the refresh window in minutes", () => {
    expect(tiktokSettings({ ...BASE, TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES: "90" }).refreshWindowMs).toBe(90 * 60_000);
  });

  it.each(["ten", "10", "-5"])("refuses a refresh window of %j with a message naming the setting", (value) => {
    expect(() => tiktokSettings({ ...BASE, TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES: value })).toThrow(
      /TIKTOK_TOKEN_REFRESH_WINDOW_MINUTES must be a number of minutes, at least 30/,
    );
  });

  it.each([
    [{ TIKTOK_APP_ID: "" }, /TIKTOK_APP_ID is not set/],
    [{ TIKTOK_APP_SECRET: " " }, /TIKTOK_APP_SECRET is not set/],
    [{ TIKTOK_REDIRECT_URI: "https://ads.example.com/callback" }, /TIKTOK_REDIRECT_URI must be/],
    [{ TIKTOK_ENVIRONMENT: "staging" }, /TIKTOK_ENVIRONMENT must be production, sandbox or local/],
    [{ TIKTOK_RATE_TIER: "gold" }, /TIKTOK_RATE_TIER must be one of basic, tier2, tier3, tier4/],
  ])("refuses %o as a configuration problem that names the variable", (override, message) => {
    let caught: unknown;
    try {
      tiktokSettings({ ...BASE, ...override });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MisconfiguredError);
    expect((caught as MisconfiguredError).kind).toBe("config");
    expect((caught as MisconfiguredError).message).toMatch(message);
    expect((caught as MisconfiguredError).data.code).toBe("MISCONFIGURED");
  });

  it("reads as a configuration failure on the Connections page, in its own words (lib/connect/failures.ts)", () => {
    const setting = new MisconfiguredError("TIKTOK_RATE_TIER must be one of basic, tier2, tier3, tier4; got gold");
    expect(describeFailure(setting, 1)).toEqual({
      kind: "config",
      message: "TIKTOK_RATE_TIER must be one of basic, tier2, tier3, tier4; got gold",
      at: 1,
    });
  });

  it("never puts the app secret into an error", () => {
    expect(() => tiktokSettings({ ...BASE, TIKTOK_RATE_TIER: "gold" })).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining("secret-1") }),
    );
  });

  it("resolves the sync settings with their defaults, and refuses values out of bounds", () => {
    expect(tiktokSettings(BASE).sync).toEqual({
      backfillDays: 90,
      lookbackDays: 7,
      intervalMs: 60 * 60_000,
      parallelism: 4,
      enabled: true,
    });
    expect(tiktokSettings({ ...BASE, TIKTOK_SYNC_ENABLED: "false" }).sync.enabled).toBe(false);
    expect(() => tiktokSettings({ ...BASE, TIKTOK_SYNC_ENABLED: "no" })).toThrow(
      /TIKTOK_SYNC_ENABLED must be true or false/,
    );
    expect(
      tiktokSettings({ ...BASE, TIKTOK_SYNC_BACKFILL_DAYS: "30", TIKTOK_SYNC_PARALLELISM: "4" }).sync,
    ).toMatchObject({ backfillDays: 30, parallelism: 4 });
    expect(() => tiktokSettings({ ...BASE, TIKTOK_SYNC_BACKFILL_DAYS: "400" })).toThrow(
      /TIKTOK_SYNC_BACKFILL_DAYS must be a whole number of days from 1 to 365; got 400/,
    );
    expect(() => tiktokSettings({ ...BASE, TIKTOK_SYNC_LOOKBACK_DAYS: "2.5" })).toThrow(/TIKTOK_SYNC_LOOKBACK_DAYS/);
    expect(() => tiktokSettings({ ...BASE, TIKTOK_SYNC_INTERVAL_MINUTES: "5" })).toThrow(
      /TIKTOK_SYNC_INTERVAL_MINUTES must be a whole number of minutes from 15/,
    );
  });
});

describe("settings errors never carry a secret pasted into the wrong variable", () => {
  it.each([
    ["TIKTOK_RATE_TIER", "aGVsbG8gdGhpcyBpcyBhIHNlY3JldCBrZXkgb2YgMzIgYnl0ZXM="],
    ["TIKTOK_ENVIRONMENT", "sk_live_0123456789abcdefghijklmnopqrstuvwxyz"],
    ["TIKTOK_REDIRECT_URI", "https://ads.example.com/callback?secret=hunter2 and more words"],
  ])("%s = a secret-looking value is refused without repeating it", (variable, secret) => {
    let message = "";
    try {
      tiktokSettings({ ...BASE, [variable]: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(variable);
    expect(message).not.toContain(secret);
  });
});
