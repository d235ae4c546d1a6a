/**
 * Email verification for sign-up (Convex Auth's Password `verify` option with a one-time code), switched on by
 * `AUTH_EMAIL_DELIVERY` on the deployment:
 *
 * - `resend`: the code is emailed through Resend (`AUTH_RESEND_KEY`, from `AUTH_EMAIL_FROM`). For production.
 * - `capture`: the code is kept in the `emailOutbox` table instead of sent, for the offline demo and the tests
 *   (the demo prints it). Never for production: nobody receives anything.
 * - unset: no verification; an address is whatever was typed. Invitations still need their link's secret.
 */
import { Email } from "@convex-dev/auth/providers/Email";
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
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

const CODE_DIGITS = 8;
const CODE_LIFETIME_S = 15 * 60;

/** 8 random digits: typed by hand, and with Convex Auth's attempt limits far out of a guesser's reach. */
function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint32Array(CODE_DIGITS));
  return Array.from(bytes, (b) => String(b % 10)).join("");
}

const captureRef = makeFunctionReference<"mutation", { to: string; subject: string; code: string }, null>(
  "authEmail:capture",
);

export const verificationSubject = "Your sign-in code";

/** The provider Password's `verify` uses, or undefined when verification is off. */
export function emailVerificationProvider() {
  const delivery = emailDelivery();
  if (!delivery) return undefined;
  return Email({
    id: "email-code",
    maxAge: CODE_LIFETIME_S,
    generateVerificationToken: () => Promise.resolve(randomCode()),
    async sendVerificationRequest({ identifier: to, token: code }, ctx?: unknown) {
      if (delivery === "capture") {
        await (
          ctx as {
            runMutation: (ref: typeof captureRef, args: { to: string; subject: string; code: string }) => Promise<null>;
          }
        ).runMutation(captureRef, {
          to,
          subject: verificationSubject,
          code,
        });
        return;
      }
      await sendWithResend({
        apiKey: env.AUTH_RESEND_KEY,
        from: env.AUTH_EMAIL_FROM,
        to,
        subject: verificationSubject,
        text: `Your code is ${code}. It works once, for ${CODE_LIFETIME_S / 60} minutes. If you did not ask for it, ignore this email.`,
      });
    },
  });
}

/** Keeps a verification email instead of sending it (AUTH_EMAIL_DELIVERY=capture only). */
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
