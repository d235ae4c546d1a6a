import { describe, expect, it } from "vitest";
import { describedBy } from "./aria";

describe("describedBy", () => {
  it("lists the shown ids in order, separated by spaces", () => {
    expect(describedBy("hint", "error")).toBe("hint error");
    expect(describedBy("hint", false, null, undefined, "", "error")).toBe("hint error");
  });

  it("is undefined when nothing is shown, so the attribute is left out", () => {
    expect(describedBy()).toBeUndefined();
    expect(describedBy(false, null, undefined, "")).toBeUndefined();
  });
});
