import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import {
  credentialProblems,
  errorCode,
  errorMessage,
  isEmailAddress,
  NETWORK_MESSAGE,
  signInErrorMessage,
  verificationErrorMessage,
} from "./errors";

describe("errorMessage", () => {
  it("shows a ConvexError's own message and exposes its code", () => {
    const error = new ConvexError({ code: "LAST_ADMIN", message: "A workspace needs at least one admin" });
    expect(errorMessage(error, "fallback")).toBe("A workspace needs at least one admin");
    expect(errorCode(error)).toBe("LAST_ADMIN");
  });
  it("falls back for other errors and names network failures", () => {
    expect(errorMessage(new Error("[CONVEX A(x)] Server Error"), "Try again.")).toBe("Try again.");
    expect(errorMessage(new TypeError("Failed to fetch"), "Try again.")).toBe(NETWORK_MESSAGE);
    expect(errorMessage(undefined, "Try again.")).toBe("Try again.");
    expect(errorCode(new Error("x"))).toBeUndefined();
  });
});

describe("signInErrorMessage", () => {
  const wrapped = (inner: string) =>
    new Error(`[Request ID: abc] Server Error\nUncaught Error: ${inner}\n    at handler`);
  it("turns Convex Auth's words into plain ones", () => {
    expect(signInErrorMessage(wrapped("InvalidSecret"), "signIn")).toMatch(/don't match an account/);
    expect(signInErrorMessage(wrapped("InvalidAccountId"), "signIn")).toMatch(/don't match an account/);
    expect(signInErrorMessage(wrapped("Account a@b.co already exists"), "signUp")).toBe(
      "An account with this email already exists. Sign in instead.",
    );
    expect(signInErrorMessage(wrapped("Invalid password"), "signUp")).toBe(
      "Choose a password of at least 8 characters.",
    );
    expect(signInErrorMessage(wrapped("TooManyFailedAttempts"), "signIn")).toMatch(/Too many failed attempts/);
    expect(signInErrorMessage(new TypeError("Failed to fetch"), "signIn")).toBe(NETWORK_MESSAGE);
  });
  it("still says what to check when the server redacted the reason", () => {
    expect(signInErrorMessage(new Error("Server Error"), "signIn")).toMatch(/Check your email and password/);
    expect(signInErrorMessage(new Error("Server Error"), "signUp")).toMatch(/already be registered/);
  });
});

describe("credentialProblems", () => {
  it("asks for both fields and an email that looks like one", () => {
    expect(credentialProblems("", "", "signIn")).toEqual({
      email: "Enter your email address.",
      password: "Enter your password.",
    });
    expect(credentialProblems("nope", "x", "signIn")).toEqual({
      email: "Enter an email address like name@example.com.",
    });
    expect(credentialProblems("a@b.co", "x", "signIn")).toEqual({});
  });
  it("checks the password rule only when creating an account", () => {
    expect(credentialProblems("a@b.co", "short", "signUp")).toEqual({ password: "Use at least 8 characters." });
    expect(credentialProblems("a@b.co", "long enough", "signUp")).toEqual({});
    expect(isEmailAddress(" a@b.co ")).toBe(true);
  });
});

describe("verificationErrorMessage", () => {
  it("says what to do about a code that did not work", () => {
    expect(verificationErrorMessage(new Error("Could not verify code"))).toMatch(/mistyped or expired/);
    expect(verificationErrorMessage(new Error("TooManyFailedAttempts"))).toMatch(/new code/);
    expect(verificationErrorMessage(new TypeError("Failed to fetch"))).toBe(NETWORK_MESSAGE);
  });
});
