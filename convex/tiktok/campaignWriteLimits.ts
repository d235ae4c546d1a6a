/**
 * How many campaign changes one person, and one ad account, may send to TikTok in a short time: enough that a
 * marketer never meets the limit, few enough that a script, a stolen session or fifteen quick presses cannot run an
 * ad account into TikTok's per-advertiser limit (40133, docs/tiktok-api.md §3) or spend the app's shared TikTok
 * budget on changes. Counted in TikTok write calls: one per campaign change, one per 20 campaigns of a bulk status
 * change (TikTok's batch), so pausing 100 campaigns at once counts 5.
 *
 *   per person      10 in a row, then one every 2 seconds. By hand a change takes a press and TikTok's answer
 *                   (a second or more), and many campaigns at once are one bulk change; only a script keeps going.
 *   per ad account  20 in a row, then one a second, for everyone who changes it (across workspaces: TikTok's
 *                   limit is the advertiser's), so a few marketers at work on one account together never meet it.
 *
 * campaignOperations.begin takes from both after every check of the request and before it claims the key, so
 * refused input, a replayed key and a change that changes nothing use none of it, and a refusal writes nothing.
 */
import { MINUTE, RateLimiter } from "@convex-dev/rate-limiter";
import { ConvexError } from "convex/values";
import { components } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

export const CAMPAIGN_WRITE_LIMITS = {
  campaignWritesPerPerson: { kind: "token bucket", rate: 30, period: MINUTE, capacity: 10 },
  campaignWritesPerAccount: { kind: "token bucket", rate: 60, period: MINUTE, capacity: 20 },
} as const;

const limiter = new RateLimiter(components.rateLimiter, CAMPAIGN_WRITE_LIMITS);

/** "2 seconds", "1 minute": how long to wait, as the page says it. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * Takes `writes` from the person's and the account's allowance, or takes nothing and throws RATE_LIMITED with
 * `retryAfterMs` and the wait in words (the longer of the two when both are spent).
 */
export async function takeCampaignWrites(
  ctx: MutationCtx,
  who: { userId: Id<"users">; advertiserId: string; writes: number },
): Promise<void> {
  const person = { key: who.userId, count: who.writes };
  const account = { key: who.advertiserId, count: who.writes };
  // Both are checked before either is taken: a refusal leaves both as they were.
  const mine = await limiter.check(ctx, "campaignWritesPerPerson", person);
  const theirs = await limiter.check(ctx, "campaignWritesPerAccount", account);
  const personWait = mine.ok ? 0 : mine.retryAfter;
  const accountWait = theirs.ok ? 0 : theirs.retryAfter;
  if (personWait > 0 || accountWait > 0) {
    const scope = accountWait > personWait ? ("account" as const) : ("person" as const);
    const retryAfterMs = Math.ceil(Math.max(personWait, accountWait));
    const wait = waitInWords(retryAfterMs);
    throw new ConvexError({
      code: "RATE_LIMITED" as const,
      scope,
      retryAfterMs,
      message:
        scope === "person"
          ? `Too many campaign changes from you in a short time; nothing was sent to TikTok. Try again in ${wait}`
          : `Too many changes to this ad account in a short time, from everyone working on it; nothing was sent to TikTok. Try again in ${wait}`,
    });
  }
  await limiter.limit(ctx, "campaignWritesPerPerson", person);
  await limiter.limit(ctx, "campaignWritesPerAccount", account);
}
