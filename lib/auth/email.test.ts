import { describe, expect, it } from "vitest";
import { EmailInputError, MAX_EMAIL_LENGTH, normalizeEmail } from "./email";

describe("normalizeEmail", () => {
  it("trims and lower-cases, so Lead@Corp.test and ' lead@corp.test ' are one address", () => {
    expect(normalizeEmail(" LEAD@Corp.Test ")).toBe("lead@corp.test");
    expect(normalizeEmail("Lead@Corp.test")).toBe(normalizeEmail("lead@corp.test"));
  });

  it.each([
    "",
    "   ",
    "not-an-email",
    "a@b",
    "a b@c.test",
    "@corp.test",
    "lead@",
    "lead@corp..test",
    42,
    null,
    undefined,
  ])("refuses %j with a message saying what to enter", (value) => {
    expect(() => normalizeEmail(value)).toThrow(EmailInputError);
  });

  it("bounds the length before anything else and never echoes the input", () => {
    const long = `${"x".repeat(MAX_EMAIL_LENGTH)}@corp.test`;
    expect(() => normalizeEmail(long)).toThrow(/at most 254 characters/);
    const huge = `${"y".repeat(1_000_000)}@corp.test`;
    let message = "";
    try {
      normalizeEmail(huge);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain("yyyy");
    expect(normalizeEmail(`${"z".repeat(240)}@corp.test`)).toHaveLength(250);
  });
});
