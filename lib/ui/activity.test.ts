import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  activityHref,
  callResult,
  callTime,
  duration,
  emptyLedgerMessage,
  endpointLabel,
  ENDPOINTS,
  latency,
  parseActivityFilters,
  runDuration,
  runStatus,
} from "./activity";

describe("the Activity page's words", () => {
  it("names every endpoint lib/tiktok calls, so the endpoint filter offers each one", () => {
    const dir = join(process.cwd(), "lib", "tiktok");
    const declared = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
      for (const m of readFileSync(join(dir, file), "utf8").matchAll(/path: "(\/[a-z0-9_/]+\/)"/g)) declared.add(m[1]!);
    }
    expect(declared.size).toBeGreaterThanOrEqual(9);
    expect([...declared].sort()).toEqual(ENDPOINTS.map((e) => e.path).sort());
    expect(endpointLabel("/report/integrated/get/")).toBe("Reports");
    expect(endpointLabel("/something/new/")).toBe("/something/new/");
  });

  it("says whether a call worked, and whether the app tried again after a failure", () => {
    expect(callResult({ outcome: "ok" })).toEqual({ label: "OK", tone: "ok", retried: false });
    expect(callResult({ outcome: "rate_limit", retryReason: "app_rate_limit_second" })).toEqual({
      label: "Rate limited",
      tone: "error",
      retried: true,
    });
    expect(callResult({ outcome: "auth", retryReason: "not_retryable" })).toMatchObject({ retried: false });
  });

  it("writes latencies and durations the way people read them", () => {
    expect(latency(84.4)).toBe("84 ms");
    expect(latency(1_234)).toBe("1.2 s");
    expect(latency(12_400)).toBe("12 s");
    expect(duration(45_000)).toBe("45 s");
    expect(duration(125_000)).toBe("2 min 5 s");
    expect(duration(120_000)).toBe("2 min");
    expect(duration(3_780_000)).toBe("1 h 3 min");
    expect(runDuration({ queuedAt: 0, startedAt: 1_000, finishedAt: 61_000 }, 999_999)).toEqual({
      text: "1 min",
      ongoing: false,
    });
    expect(runDuration({ queuedAt: 0 }, 5_000)).toEqual({ text: "5 s", ongoing: true });
    expect(runStatus("skipped")).toEqual({ label: "Skipped", tone: "warn" });
  });

  it("keeps the filters in the address, and reads back only what it would write", () => {
    const filters = { failedOnly: true, advertiserId: "7000000000000000001", path: "/campaign/get/", before: 1234 };
    const href = activityHref(filters);
    expect(href).toBe("/activity?failed=1&advertiser=7000000000000000001&endpoint=%2Fcampaign%2Fget%2F&before=1234");
    expect(parseActivityFilters(new URL(href, "http://x.test").searchParams)).toEqual(filters);
    expect(activityHref({ failedOnly: false })).toBe("/activity");
    expect(parseActivityFilters({ failed: "yes", advertiser: "<script>", endpoint: "/evil/", before: "-3" })).toEqual({
      failedOnly: false,
    });
    expect(parseActivityFilters({ failed: ["1", "0"], before: "1e400" })).toEqual({ failedOnly: true });
  });

  it("says why the ledger is empty", () => {
    expect(emptyLedgerMessage({ failedOnly: false })).toMatch(/No TikTok calls in the last 30 days/);
    expect(emptyLedgerMessage({ failedOnly: true })).toBe("No calls match these filters in the last 30 days.");
    expect(emptyLedgerMessage({ failedOnly: false, before: 5 })).toBe("No older calls match.");
  });

  it("gives a call's time to the second, with the date once it is not today", () => {
    const now = Date.UTC(2026, 10, 26, 23, 0, 0);
    expect(callTime(Date.UTC(2026, 10, 26, 9, 5, 7), now, "UTC")).toBe("09:05:07");
    expect(callTime(Date.UTC(2026, 10, 25, 21, 0, 0), now, "UTC")).toBe("Nov 25, 21:00:00");
    // The viewer's day, not UTC's: 23:30 UTC on the 26th is already the 27th in Tokyo.
    expect(callTime(Date.UTC(2026, 10, 26, 23, 30), Date.UTC(2026, 10, 26, 23, 40), "Asia/Tokyo")).toBe("08:30:00");
  });
});
