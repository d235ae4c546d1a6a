import { describe, expect, it } from "vitest";
import { addResultMessage, roleLabel, ROLES } from "./members";

describe("members wording", () => {
  it("names each role and what it may do", () => {
    expect(ROLES.map((r) => r.value)).toEqual(["admin", "marketer", "ops"]);
    expect(roleLabel("ops")).toBe("Ops");
  });
  it("says what adding by email did", () => {
    expect(addResultMessage("added", " Bo@Example.com", "marketer")).toBe("bo@example.com was added as Marketer.");
    expect(addResultMessage("invited", "a@b.co", "ops")).toMatch(/^a@b.co was invited as Ops\. They join when/);
    expect(addResultMessage("already_member", "a@b.co", "ops")).toMatch(/already a member/);
  });
});
