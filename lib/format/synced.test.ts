import { describe, expect, it } from "vitest";
import { formatMoney } from "./numbers";
import { NOT_SYNCED, unlessUnsynced, unlessUnsyncedShort } from "./synced";

describe("a figure over a range with nothing synced", () => {
  it("says 'Not synced' (or '—' where space is short) instead of a zero amount", () => {
    expect(unlessUnsynced(0, () => formatMoney(0, "USD"))).toBe(NOT_SYNCED);
    expect(unlessUnsyncedShort(0, () => formatMoney(0, "USD"))).toBe("—");
    expect(unlessUnsynced(3, () => formatMoney(0, "USD"))).toBe(formatMoney(0, "USD"));
    expect(unlessUnsynced(3, () => formatMoney(0, "USD"))).not.toBe(NOT_SYNCED);
  });
});
