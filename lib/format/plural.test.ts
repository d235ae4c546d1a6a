import { describe, expect, it } from "vitest";
import { countOf } from "./plural";

describe("a count with its noun", () => {
  it("says one in the singular and every other count in the plural", () => {
    expect(`${countOf(1, "more change")}`).toBe("1 more change");
    expect(countOf(2, "more change")).toBe("2 more changes");
    expect(countOf(0, "campaign")).toBe("0 campaigns");
    expect(countOf(1200, "entry", "entries")).toBe("1,200 entries");
  });
});
