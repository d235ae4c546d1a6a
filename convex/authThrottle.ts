/**
 * How often the app may email a sign-in or reset code. Without a limit, anyone could make the app mail an address
 * again and again (a nuisance for its owner, a cost and a reputation risk for the sender), and each new code ends
 * the one before (Convex Auth keeps one code per account), so a flood also keeps the real owner from signing in.
 *
 * Two limits, both with @convex-dev/rate-limiter (the component the TikTok governor already uses):
 * - per address: a few codes, then one every few minutes. This is the limit people meet.
 * - per deployment: a cap on all code emails together, however many addresses and clients ask.
 *
 * "Per client" cannot mean per IP address here: the sign-in action is public and Convex does not tell an action who
 * called it, and anyone can call the deployment directly, past the Next.js app. So the Convex side bounds what any
 * number of clients together can cause (the deployment cap), and the Next.js proxy adds a best-effort limit per IP
 * for requests that come through the site (lib/auth/client-throttle.ts).
 *
 * A throttled request is answered exactly like one that sent a mail (the caller learns nothing, and cannot tell
 * a throttled address from a registered or unknown one); the code page says codes are limited and when to ask again.
 * This module decides; it does not send (convex/authEmail.ts) nor answer (convex/authPassword.ts).
 */
import { HOUR, RateLimiter } from "@convex-dev/rate-limiter";
import { CODE_LIMITS } from "../lib/auth/codes";
import { components } from "./_generated/api";

/** The limits the code page tells people about (lib/auth/codes.ts), as token buckets. */
export const CODES_PER_ADDRESS = {
  kind: "token bucket",
  rate: CODE_LIMITS.perAddress.perHour,
  period: HOUR,
  capacity: CODE_LIMITS.perAddress.inARow,
} as const;
export const CODES_PER_DEPLOYMENT = {
  kind: "token bucket",
  rate: CODE_LIMITS.perDeployment.perHour,
  period: HOUR,
  capacity: CODE_LIMITS.perDeployment.inARow,
} as const;

const limiter = new RateLimiter(components.rateLimiter, {
  signInCodePerAddress: CODES_PER_ADDRESS,
  signInCodePerDeployment: CODES_PER_DEPLOYMENT,
});

type LimiterCtx = Parameters<typeof limiter.limit>[0];

/**
 * Takes one code email from both budgets; false when either is spent (then nothing is sent). The address is the
 * normalised one (lib/auth/email.ts), so case and spaces cannot multiply an address's budget. The deployment budget
 * is only taken once the address has one left, so a single hammered address does not eat everyone's.
 */
export async function mayMailCode(ctx: LimiterCtx, email: string): Promise<boolean> {
  const perAddress = await limiter.limit(ctx, "signInCodePerAddress", { key: email });
  if (!perAddress.ok) return false;
  const perDeployment = await limiter.limit(ctx, "signInCodePerDeployment");
  return perDeployment.ok;
}
