import { describe, expect, it } from "vitest";
import { CODE_HINT, codeProblem, MINUTES_BETWEEN_CODES, resetErrorMessage, typedCode } from "./codes";

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

  it("read a typed code without its spaces, and say what is wrong before the server is asked", () => {
    expect(typedCode(" 1234 5678\n")).toBe("12345678");
    expect(typedCode(null)).toBe("");
    expect(codeProblem("12345678")).toBeUndefined();
    for (const wrong of ["", "1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨"])
      expect(codeProblem(wrong), wrong).toBe("Enter the 8-digit code from the email.");
  });
});
