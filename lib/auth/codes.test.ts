import { describe, expect, it } from "vitest";
import { CODE_HINT, MINUTES_BETWEEN_CODES, resetErrorMessage } from "./codes";

describe("emailed codes on the page", () => {
  it("tell people how often a code may be asked for, from the limits the server enforces", () => {
    expect(MINUTES_BETWEEN_CODES).toBe(10);
    expect(CODE_HINT).toContain("3 codes in a row at most, then one every 10 minutes");
  });

  it("turn the reset's refusals into words, never echoing the server's text", () => {
    expect(resetErrorMessage(new Error('Uncaught ConvexError: {"code":"RESET_UNAVAILABLE","message":"…"}'))).toMatch(
      /does not send email/,
    );
    expect(resetErrorMessage(new Error("Uncaught Error: Could not verify code"))).toMatch(/That code did not work/);
    expect(
      resetErrorMessage(new Error('{"code":"INVALID","message":"Choose a password of 8 to 256 characters"}')),
    ).toBe("Choose a new password of 8 to 256 characters.");
    expect(resetErrorMessage(new TypeError("Failed to fetch"))).toMatch(/Could not reach the server/);
    expect(resetErrorMessage(new Error("something secret-ish"))).toBe(
      "Could not reset the password. Try again in a minute.",
    );
  });
});
