import { describe, expect, it } from "vitest";
import { cooldownMessage, MANUAL_SYNC_COOLDOWN_MS, minutesUntil, nextManualSyncAt } from "./cooldown";

describe("Sync now's cooldown", () => {
  it("counts from the last manual run's queue time; with none, Sync now may start a run at any time", () => {
    expect(MANUAL_SYNC_COOLDOWN_MS).toBe(5 * 60_000);
    expect(nextManualSyncAt(1_000_000)).toBe(1_000_000 + MANUAL_SYNC_COOLDOWN_MS);
    expect(nextManualSyncAt(undefined)).toBeUndefined();
  });

  it("rounds the wait up to whole minutes, never below one", () => {
    expect(minutesUntil(180_000, 0)).toBe(3);
    expect(minutesUntil(180_001, 0)).toBe(4);
    expect(minutesUntil(1, 0)).toBe(1);
    expect(minutesUntil(0, 5_000)).toBe(1);
  });

  it("a refused press is told when the next run is possible", () => {
    expect(cooldownMessage(120_000, 0)).toBe(
      "This ad account was synced on request less than 5 minutes ago. Sync now is possible again in 2 minutes; " +
        "the scheduled syncs go on meanwhile.",
    );
    expect(cooldownMessage(30_000, 0)).toContain("again in 1 minute;");
  });
});
