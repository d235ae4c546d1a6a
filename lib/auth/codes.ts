/**
 * Emailed codes (sign-up, signing in to an unproven address, password reset): how long one lasts, how often one may
 * be sent, and the words the pages use about them. One place for these numbers: the Convex side enforces them
 * (convex/authEmail.ts, convex/authThrottle.ts) and the pages tell people about them.
 */
import { isNetworkFailure, NETWORK_MESSAGE } from "../ui/errors";

export const CODE_DIGITS = 8;
export const CODE_LIFETIME_MINUTES = 15;

/**
 * Token buckets, per hour. Per address: 3 codes in a row, then one every 10 minutes. Per deployment: every address
 * together, so no number of clients can make the app send more than this.
 */
export const CODE_LIMITS = {
  perAddress: { perHour: 6, inARow: 3 },
  perDeployment: { perHour: 120, inARow: 30 },
} as const;

export const MINUTES_BETWEEN_CODES = 60 / CODE_LIMITS.perAddress.perHour;

/** The code as typed, without the spaces people copy from an email or type between groups of digits. */
export function typedCode(raw: FormDataEntryValue | null): string {
  return (typeof raw === "string" ? raw : "").replace(/\s+/g, "");
}

/** What is wrong with a typed code before the server is asked, or undefined when it has the right shape. */
export function codeProblem(code: string): string | undefined {
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code)
    ? undefined
    : `Enter the ${CODE_DIGITS}-digit code from the email.`;
}

/** Under the code field: what to do when no email comes, including the limit (a throttled request looks sent). */
export const CODE_HINT =
  `${CODE_DIGITS} digits, valid for ${CODE_LIFETIME_MINUTES} minutes. Not there? Check spam. ` +
  `We send ${CODE_LIMITS.perAddress.inARow} codes in a row at most, then one every ${MINUTES_BETWEEN_CODES} minutes, ` +
  "and a new code replaces the one before.";

/** What the reset page says when the server refuses: a wrong code, a password out of bounds, or no email here. */
export function resetErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  if (isNetworkFailure(error)) return NETWORK_MESSAGE;
  if (/RESET_UNAVAILABLE/.test(text))
    return "This site does not send email, so a password cannot be reset here. Ask the person who runs it to reset it for you.";
  if (/Choose a password/.test(text)) return "Choose a new password of 8 to 256 characters.";
  if (/Could not verify code|Invalid code|TooManyFailedAttempts/.test(text))
    return `That code did not work: it may be mistyped, replaced by a newer one, or expired (codes last ${CODE_LIFETIME_MINUTES} minutes). Check it, or ask for a new one.`;
  return "Could not reset the password. Try again in a minute.";
}
