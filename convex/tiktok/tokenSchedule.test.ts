import { describe, expect, it } from "vitest";
import { DEFAULT_REFRESH_WINDOW_MS } from "./settings";
import { MIN_CHECK_GAP_MS, nextCheckAt, refreshDue, VERIFY_EVERY_MS } from "./tokenSchedule";

const HOUR = 3_600_000;
const t0 = 1_800_000_000_000;

describe("when the sweep looks at a connection next", () => {
  it("a long-lived token: 6 hours after its last verification", () => {
    expect(nextCheckAt({ tokenMode: "long_lived", verifiedAt: t0 }, t0, DEFAULT_REFRESH_WINDOW_MS)).toBe(
      t0 + VERIFY_EVERY_MS,
    );
  });

  it("a 24-hour token: its 6-hourly verification, or the refresh window if that comes first", () => {
    const times = { tokenMode: "expiring" as const, verifiedAt: t0, issuedAt: t0, expiresAt: t0 + 24 * HOUR };
    expect(nextCheckAt(times, t0, DEFAULT_REFRESH_WINDOW_MS)).toBe(t0 + 6 * HOUR);
    expect(nextCheckAt({ ...times, verifiedAt: t0 + 18 * HOUR }, t0 + 18 * HOUR, DEFAULT_REFRESH_WINDOW_MS)).toBe(
      t0 + 22 * HOUR,
    );
  });

  it("never sooner than one sweep interval, even inside the window", () => {
    const times = {
      tokenMode: "expiring" as const,
      verifiedAt: t0 + 23 * HOUR,
      issuedAt: t0,
      expiresAt: t0 + 24 * HOUR,
    };
    expect(nextCheckAt(times, t0 + 23 * HOUR, DEFAULT_REFRESH_WINDOW_MS)).toBe(t0 + 23 * HOUR + MIN_CHECK_GAP_MS);
  });

  it("a window longer than the token lives is cut to half its lifetime, so checks do not all become refreshes", () => {
    const times = { tokenMode: "expiring" as const, verifiedAt: t0, issuedAt: t0, expiresAt: t0 + 24 * HOUR };
    expect(refreshDue(times, t0 + 11 * HOUR, 48 * HOUR)).toBe(false);
    expect(refreshDue(times, t0 + 12 * HOUR, 48 * HOUR)).toBe(true);
    expect(refreshDue(times, t0 + 21 * HOUR, DEFAULT_REFRESH_WINDOW_MS)).toBe(false);
    expect(refreshDue(times, t0 + 22 * HOUR, DEFAULT_REFRESH_WINDOW_MS)).toBe(true);
  });

  it("a long-lived token is never refresh-due", () => {
    expect(refreshDue({ tokenMode: "long_lived", verifiedAt: t0 }, t0 + 1000 * HOUR, DEFAULT_REFRESH_WINDOW_MS)).toBe(
      false,
    );
  });
});
