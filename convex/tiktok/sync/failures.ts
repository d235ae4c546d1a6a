/**
 * What a failed step means for its run, following the connection rules (lib/connect/failures.ts): a revoked token
 * marks the connection needs_reauth; an expired one is refreshed by the token sweep and the run waits for it; an
 * account TikTok refuses (40001, confirmed by advertiser/info) is marked unreachable; transient failures retry with
 * back-off, MAX_ATTEMPTS in a row at most. Anything else fails the run.
 *
 * One advertiser's failure never touches another's run. Not here: catching the failure and acting on the answer
 * (runStep and afterStep, step.ts), and a budget deferral, which is no failure at all.
 */
import { v, type Infer } from "convex/values";
import { needsReauth } from "../../../lib/connect/failures";
import { TikTokAuthError, TikTokError, TikTokPermissionError } from "../../../lib/tiktok/errors";
import { backoffDelay } from "../../../lib/tiktok/retry";
import { internal } from "../../_generated/api";
import { internalMutation } from "../../_generated/server";
import { advertiserRow } from "../connectionRecords";
import { connectionErrorValidator } from "../validators";
import { ended } from "./queue";

/** Transient failures in a row before a run gives up (the next scheduled run starts afresh). */
const MAX_ATTEMPTS = 5;

const effectValidator = v.union(
  v.literal("retry"),
  v.literal("reauth"),
  v.literal("refresh"),
  v.literal("unreachable"),
  v.literal("fail"),
);

/** What a failure means for the run (lib/connect/failures.ts decides "only the advertiser can fix this"). */
export function failureEffect(error: unknown): Infer<typeof effectValidator> {
  if (error instanceof TikTokAuthError && error.problem === "token_expired") return "refresh";
  if (needsReauth(error)) return "reauth";
  // Only a loss advertiser/info confirmed (runStep) marks the account; another 40001 fails this run alone.
  if (error instanceof TikTokPermissionError)
    return (error as { accountLost?: boolean }).accountLost ? "unreachable" : "fail";
  if (error instanceof TikTokError && error.retryable) return "retry";
  return "fail";
}

/**
 * Records a failed step: the run tries again later (returns the wait, in ms), or fails (returns null); marks the
 * connection or the account when TikTok says so.
 */
export const failStep = internalMutation({
  args: {
    runId: v.id("syncRuns"),
    error: connectionErrorValidator,
    effect: effectValidator,
    connectionId: v.id("connections"),
    now: v.number(),
  },
  returns: v.union(v.number(), v.null()),
  handler: async (ctx, { runId, error, effect, connectionId, now }): Promise<number | null> => {
    const run = await ctx.db.get("syncRuns", runId);
    if (!run || run.status !== "running") return null;
    const attempts = run.attempts + 1;
    if (effect === "retry" && attempts < MAX_ATTEMPTS) {
      await ctx.db.patch("syncRuns", runId, { attempts, lastError: error });
      return Math.max(
        5_000,
        backoffDelay(attempts, {
          baseDelayMs: 15_000,
          maxDelayMs: 5 * 60_000,
          minDelayMs: 5_000,
          random: Math.random,
        }),
      );
    }
    const connection = await ctx.db.get("connections", connectionId);
    if (effect === "reauth" && connection?.status === "active") {
      await ctx.db.patch("connections", connectionId, { status: "needs_reauth", lastError: error, failures: 0 });
    }
    if (effect === "refresh" && connection?.status === "active" && attempts < MAX_ATTEMPTS) {
      // TikTok says the token expired and the connection can refresh it: the token sweep does that now, and the run
      // comes back once it has.
      await ctx.db.patch("connections", connectionId, { nextCheckAt: now });
      await ctx.scheduler.runAfter(0, internal.tiktok.tokens.sweep, {});
      await ctx.db.patch("syncRuns", runId, { attempts, lastError: error });
      return 60_000;
    }
    if (effect === "unreachable") {
      const advertiser = await advertiserRow(ctx, run.workspaceId, run.advertiserId);
      if (advertiser?.accessible) await ctx.db.patch("advertisers", advertiser._id, { accessible: false, lostAt: now });
    }
    await ctx.db.patch("syncRuns", runId, { ...ended("failed", now), attempts, lastError: error });
    return null;
  },
});
