/**
 * The OAuth `state` of a connect attempt: random (256 bits), stored only as its SHA-256, single use, valid for
 * 10 minutes, bound to the user and workspace that started it, and carrying a same-origin `returnTo`.
 * Unknown, replayed, expired or someone else's states are refused with a reason the callback page can explain
 * (Nango's oauth.controller does the same; cal.com's echoed JSON state is what we leave behind).
 */
import { v } from "convex/values";
import { DEFAULT_RETURN_TO, MAX_PATH_LENGTH, sameSitePath } from "../../lib/connect/paths";
import { HOUR, RateLimiter } from "@convex-dev/rate-limiter";
import { components } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { pruneBatch } from "../retention";

export const STATE_TTL_MS = 10 * 60_000;

/** A path on this site, or the default: never another origin (`//evil.test`, `https://…`, `/\\evil.test`). */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value === "") return DEFAULT_RETURN_TO;
  const path = sameSitePath(value);
  // The input is not echoed: it is whatever the caller sent.
  if (!path)
    throw new Error(`returnTo must be a path on this site such as /connections, at most ${MAX_PATH_LENGTH} characters`);
  return path;
}

/**
 * Connect attempts per person: each one may spend an exchange call from the app's shared TikTok budget, so one
 * member (or a stolen session) cannot burn it on junk codes. A burst of 10, then one every 2 minutes; a person
 * retrying a denied consent a few times never notices.
 */
const connectAttempts = new RateLimiter(components.rateLimiter, {
  connectStart: { kind: "token bucket", rate: 30, period: HOUR, capacity: 10 },
});

/** Saves a new state, or says how long this person must wait before starting another attempt. */
export const save = internalMutation({
  args: {
    stateHash: v.string(),
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    returnTo: v.string(),
    now: v.number(),
  },
  returns: v.union(v.object({ ok: v.literal(true) }), v.object({ ok: v.literal(false), retryAfterMs: v.number() })),
  handler: async (ctx, { stateHash, workspaceId, userId, returnTo, now }) => {
    const allowed = await connectAttempts.limit(ctx, "connectStart", { key: userId });
    if (!allowed.ok) return { ok: false as const, retryAfterMs: allowed.retryAfter };
    await ctx.db.insert("oauthStates", { stateHash, workspaceId, userId, returnTo, expiresAt: now + STATE_TTL_MS });
    // Housekeeping: a few long-dead states go with every new one, so the table never grows without bound.
    await pruneBatch(ctx, "oauthStates", now);
    return { ok: true as const };
  },
});

export const consumeOutcome = v.union(
  v.object({ ok: v.literal(true), workspaceId: v.id("workspaces"), returnTo: v.string() }),
  v.object({
    ok: v.literal(false),
    reason: v.union(
      v.literal("unknown_state"),
      v.literal("already_used"),
      v.literal("expired_state"),
      v.literal("wrong_user"),
    ),
  }),
);

/** Uses up a state atomically: the first valid use wins, every later one is "already_used". */
export const consume = internalMutation({
  args: { stateHash: v.string(), userId: v.id("users"), now: v.number() },
  returns: consumeOutcome,
  handler: async (ctx, { stateHash, userId, now }) => {
    const state = await ctx.db
      .query("oauthStates")
      .withIndex("by_hash", (q) => q.eq("stateHash", stateHash))
      .unique();
    if (!state) return { ok: false as const, reason: "unknown_state" as const };
    if (state.consumedAt !== undefined) return { ok: false as const, reason: "already_used" as const };
    // Someone else's link does not burn the owner's attempt.
    if (state.userId !== userId) return { ok: false as const, reason: "wrong_user" as const };
    await ctx.db.patch("oauthStates", state._id, { consumedAt: now });
    if (state.expiresAt <= now) return { ok: false as const, reason: "expired_state" as const };
    return { ok: true as const, workspaceId: state.workspaceId, returnTo: state.returnTo };
  },
});
