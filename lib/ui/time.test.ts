import { describe, expect, it } from "vitest";
import { exactTime, isoTime, relativeTime } from "./time";

const now = Date.UTC(2025, 2, 3, 12, 0, 0);
const min = 60_000;
const hour = 60 * min;
const day = 24 * hour;

describe("relativeTime", () => {
  it("says just now for the last few seconds and in a moment for the next few", () => {
    expect(relativeTime(now, now)).toBe("just now");
    expect(relativeTime(now - 30_000, now)).toBe("just now");
    expect(relativeTime(now + 30_000, now)).toBe("in a moment");
  });

  it("uses minutes, hours and days in both directions", () => {
    expect(relativeTime(now - 50_000, now)).toBe("1 minute ago");
    expect(relativeTime(now - 5 * min, now)).toBe("5 minutes ago");
    expect(relativeTime(now + 50 * min, now)).toBe("in 50 minutes");
    expect(relativeTime(now - 3 * hour, now)).toBe("3 hours ago");
    expect(relativeTime(now + 23 * hour, now)).toBe("in 23 hours");
    expect(relativeTime(now - day, now)).toBe("yesterday");
    expect(relativeTime(now + 3 * day, now)).toBe("in 3 days");
  });

  it("uses weeks, months and years for long spans", () => {
    expect(relativeTime(now - 14 * day, now)).toBe("2 weeks ago");
    expect(relativeTime(now - 65 * day, now)).toBe("2 months ago");
    expect(relativeTime(now + 400 * day, now)).toBe("next year");
  });
});

describe("exactTime", () => {
  it("gives the full date and time with its zone", () => {
    expect(exactTime(now, "UTC").replace(/\s/g, " ")).toBe("Mar 3, 2025, 12:00:00 PM UTC");
  });
  it("gives ISO for machine-readable attributes", () => {
    expect(isoTime(now)).toBe("2025-03-03T12:00:00.000Z");
  });
});
