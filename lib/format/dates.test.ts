import { describe, expect, it } from "vitest";
import { dateRange, dayOf, fullDate, monthDay } from "./dates";

describe("dates in words, the same on every page", () => {
  it("writes an account's local date as a calendar day, with no timezone applied", () => {
    expect(monthDay("2026-11-20")).toBe("Nov 20");
    expect(fullDate("2026-11-03")).toBe("Nov 3, 2026");
    expect(fullDate("not a date")).toBe("not a date");
  });
  it("writes a range short where it can", () => {
    expect(dateRange({ from: "2026-11-01", to: "2026-11-26" })).toBe("Nov 1 – Nov 26, 2026");
    expect(dateRange({ from: "2025-12-20", to: "2026-01-02" })).toBe("Dec 20, 2025 – Jan 2, 2026");
    expect(dateRange({ from: "2026-11-26", to: "2026-11-26" })).toBe("Nov 26, 2026");
  });
  it("writes a moment as the day it fell on in the account's timezone", () => {
    const lateUtc = Date.UTC(2026, 10, 3, 23, 30);
    expect(dayOf(lateUtc, "UTC")).toBe("Nov 3, 2026");
    expect(dayOf(lateUtc, "Asia/Tokyo")).toBe("Nov 4, 2026");
    expect(dayOf(lateUtc, "Not/AZone")).toMatch(/^Nov [34], 2026$/);
  });
});
