/**
 * The emails of sign-in: a one-time code that proves an address (after sign-up, or signing in to an address not yet
 * proven) and a one-time code for a password reset. Both are Convex Auth Email providers that the password provider
 * (convex/authPassword.ts) calls; neither can be called by a visitor directly. Switched on by `AUTH_EMAIL_DELIVERY`:
 *
 * - `resend`: the code is emailed through Resend (`AUTH_RESEND_KEY`, from `AUTH_EMAIL_FROM`). For production.
 * - `capture`: the code is kept in the `emailOutbox` table instead of sent, for the offline demo and the tests
 *   (the demo prints it). Never for production: nobody receives anything.
 * - unset: no verification and no password reset; an address is whatever was typed. Invitations still need their
 *   link's secret.
 *
 * The setting is read when a code is asked for, not when the module loads, so one deployment never mixes two answers.
 * How often a code may be sent is convex/authThrottle.ts's decision.
 */
import { Email } from "@convex-dev/auth/providers/Email";
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { CODE_DIGITS, CODE_LIFETIME_MINUTES } from "../lib/auth/codes";
import { normalizeEmail } from "../lib/auth/email";
import { sendWithResend } from "../lib/email/resend";
import { internalMutation, env } from "./_generated/server";

export type EmailDelivery = "resend" | "capture";

/** The configured delivery, or undefined when verification is off. An unknown value is a configuration error. */
export function emailDelivery(environment: Record<string, string | undefined> = env): EmailDelivery | undefined {
  const value = environment.AUTH_EMAIL_DELIVERY?.trim();
  if (!value) return undefined;
  if (value === "resend" || value === "capture") return value;
  throw new Error("AUTH_EMAIL_DELIVERY must be resend, capture, or unset");
}

export function emailVerificationRequired(): boolean {
  return emailDelivery() !== undefined;
}

const CODE_LIFETIME_S = CODE_LIFETIME_MINUTES * 60;

/** 8 random digits: typed by hand, and with Convex Auth's attempt limits far out of a guesser's reach. */
function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint32Array(CODE_DIGITS));
  return Array.from(bytes, (b) => String(b % 10)).join("");
}

const captureRef = makeFunctionReference<"mutation", { to: string; subject: string; code: string }, null>(
  "authEmail:capture",
);

/** What a code is for: it decides the provider (a code works only for its own purpose) and the email's words. */
export type CodePurpose = "verify" | "reset";

const CODE_EMAILS: Record<CodePurpose, { providerId: string; subject: string; text: (code: string) => string }> = {
  verify: {
    providerId: "email-code",
    subject: "Your sign-in code",
    text: (code) =>
      `Your code is ${code}. It works once, for ${CODE_LIFETIME_MINUTES} minutes. If you did not ask for it, ignore this email.`,
  },
  reset: {
    providerId: "password-reset",
    subject: "Your password reset code",
    text: (code) =>
      `Your code to choose a new password is ${code}. It works once, for ${CODE_LIFETIME_MINUTES} minutes. ` +
      "If you did not ask for it, ignore this email: your password stays as it is.",
  },
};

export const verificationSubject = CODE_EMAILS.verify.subject;
export const resetSubject = CODE_EMAILS.reset.subject;

/** The Email provider that mails codes for `purpose`. Only convex/authPassword.ts reaches it. */
export function emailCodeProvider(purpose: CodePurpose) {
  const { providerId, subject, text } = CODE_EMAILS[purpose];
  return Email({
    id: providerId,
    maxAge: CODE_LIFETIME_S,
    generateVerificationToken: () => Promise.resolve(randomCode()),
    async sendVerificationRequest({ identifier, token: code }, ctx?: unknown) {
      // The identifier is the address Convex Auth stored the code for; normalising again costs nothing and means a
      // variant of an address (a Kelvin sign for a "k", capitals, spaces) can never be where a code goes.
      const to = normalizeEmail(identifier);
      const delivery = emailDelivery();
      if (delivery === undefined) throw new Error("AUTH_EMAIL_DELIVERY is unset: this deployment sends no email");
      if (delivery === "capture") {
        await (
          ctx as {
            runMutation: (ref: typeof captureRef, args: { to: string; subject: string; code: string }) => Promise<null>;
          }
        ).runMutation(captureRef, { to, subject, code });
        return;
      }
      await sendWithResend({ apiKey: env.AUTH_RESEND_KEY, from: env.AUTH_EMAIL_FROM, to, subject, text: text(code) });
    },
  });
}

/** Keeps a code email instead of sending it (AUTH_EMAIL_DELIVERY=capture only). */
export const capture = internalMutation({
  args: { to: v.string(), subject: v.string(), code: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    if (emailDelivery() !== "capture")
      throw new Error("The email outbox is only used when AUTH_EMAIL_DELIVERY=capture");
    await ctx.db.insert("emailOutbox", { ...args, at: Date.now() });
    // The offline demo has no mailbox: whoever runs it reads the code here. Capture mode only, never production.
    console.log(`[email capture] ${args.subject} for ${args.to}: ${args.code}`);
    return null;
  },
});
