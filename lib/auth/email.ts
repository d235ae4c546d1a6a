/**
 * Email addresses, decided once for sign-up, sign-in, invitations and every comparison: trimmed, lower-cased,
 * at most 254 characters (RFC 5321's limit for a path), checked for that length before any regular expression
 * runs, and never echoed back in an error (the input is whatever the caller sent).
 */
export const MAX_EMAIL_LENGTH = 254;

const SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export class EmailInputError extends Error {
  override name = "EmailInputError";
}

/** The address as the app stores and compares it, or an EmailInputError that says what to change. */
export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") throw new EmailInputError("Enter an email address");
  if (raw.length > MAX_EMAIL_LENGTH + 64)
    throw new EmailInputError(`An email address has at most ${MAX_EMAIL_LENGTH} characters`);
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH)
    throw new EmailInputError(`An email address has at most ${MAX_EMAIL_LENGTH} characters`);
  if (!SHAPE.test(email)) throw new EmailInputError("Enter an email address such as name@company.com");
  return email;
}
