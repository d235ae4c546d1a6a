/**
 * Error messages people can act on. Our Convex functions refuse with `ConvexError({ code, message })` and the
 * message is written for people, so it is shown as is; anything else (a bug, a redacted "Server Error", a lost
 * network) gets a plain sentence chosen by the caller.
 */
import { normalizeEmail } from "../auth/email";

interface CodedData {
  code?: unknown;
  message?: unknown;
}

function dataOf(error: unknown): CodedData | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = error.data;
  return typeof data === "object" && data !== null ? data : undefined;
}

/** The `code` of a ConvexError (`FORBIDDEN`, `LAST_ADMIN`…), if it is one. */
export function errorCode(error: unknown): string | undefined {
  const code = dataOf(error)?.code;
  return typeof code === "string" ? code : undefined;
}

function rawMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "";
}

export function isNetworkFailure(error: unknown): boolean {
  return /failed to fetch|networkerror|network request failed|load failed|fetch failed|connection lost/i.test(
    rawMessage(error),
  );
}

export const NETWORK_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** A ConvexError's own message, else the network sentence, else `fallback`. */
export function errorMessage(error: unknown, fallback: string): string {
  const message = dataOf(error)?.message;
  if (typeof message === "string" && message.trim()) return message;
  if (isNetworkFailure(error)) return NETWORK_MESSAGE;
  return fallback;
}

export type AuthFlow = "signIn" | "signUp";

export const PASSWORD_MIN_LENGTH = 8;

/**
 * Convex Auth's Password provider fails with bare words in the error text ("InvalidSecret", "Account … already
 * exists", "Invalid password"); production deployments may redact them to "Server Error", so each flow has a
 * fallback that still says what to check.
 */
export function signInErrorMessage(error: unknown, flow: AuthFlow): string {
  const text = rawMessage(error);
  if (isNetworkFailure(error)) return NETWORK_MESSAGE;
  if (/TooManyFailedAttempts/.test(text)) return "Too many failed attempts. Wait a few minutes, then try again.";
  if (/already exists/i.test(text)) return "An account with this email already exists. Sign in instead.";
  if (/Invalid password/.test(text)) return `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (/InvalidAccountId|InvalidSecret|Invalid credentials/.test(text)) {
    return "That email and password don't match an account. Check both, or create an account.";
  }
  return flow === "signUp"
    ? `Could not create the account. The email may already be registered, or the password may be shorter than ${PASSWORD_MIN_LENGTH} characters.`
    : "Could not sign you in. Check your email and password, then try again.";
}

/** The code step of email verification: a wrong or expired code, or too many tries. */
export function verificationErrorMessage(error: unknown): string {
  const text = rawMessage(error);
  if (isNetworkFailure(error)) return NETWORK_MESSAGE;
  if (/TooManyFailedAttempts/.test(text)) return "Too many wrong codes. Go back and sign in again for a new code.";
  return "That code did not work: it may be mistyped or expired (codes last 15 minutes). Check it, or go back for a new one.";
}

export interface CredentialProblems {
  email?: string;
  password?: string;
}

/** Checked before calling the server, in the same words the page shows next to each field. */
export function credentialProblems(email: string, password: string, flow: AuthFlow): CredentialProblems {
  const problems: CredentialProblems = {};
  if (!email.trim()) problems.email = "Enter your email address.";
  else if (!isEmailAddress(email)) problems.email = "Enter an email address like name@example.com.";
  if (!password) problems.password = "Enter your password.";
  else if (flow === "signUp" && password.length < PASSWORD_MIN_LENGTH) {
    problems.password = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  return problems;
}

/** The server's own rule (lib/auth/email.ts), asked before the server is. */
export function isEmailAddress(value: string): boolean {
  try {
    normalizeEmail(value);
    return true;
  } catch {
    return false;
  }
}
