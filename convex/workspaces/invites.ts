/**
 * Invitations, claimable only by proof. An admin creates one (members.invite, an action, for real randomness): the
 * link carries a 256-bit single-use secret, stored only as its SHA-256 and shown once to the admin to copy. The
 * invitee opens the link, signs in or creates an account with the invited address (verified first, where the
 * deployment sends email), and joins with the invited role. An invite expires after 7 days, and an admin can revoke
 * it (or replace it by inviting the same address again, which ends the old link).
 *
 * Nothing is claimed by merely signing up with an address: that let whoever registered first take an admin seat.
 */
import { ConvexError, v } from "convex/values";
import { sha256Hex } from "../../lib/secrets/keyring";
import type { Doc } from "../_generated/dataModel";
import { internalMutation, type QueryCtx } from "../_generated/server";
import { signedInMutation, signedInQuery, stillAllowed } from "../lib/access";
import { boundString } from "../lib/bounds";
import { emailVerificationRequired } from "../authEmail";
import { roleValidator } from "./roles";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
/** A link's secret is 32 random bytes, base64url: 43 characters. Anything longer is not ours. */
export const MAX_INVITE_TOKEN_LENGTH = 64;

/** Stores a new invitation (replacing a pending one for the same address) for an admin checked again here. */
export const create = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    invitedBy: v.id("users"),
    email: v.string(),
    role: roleValidator,
    tokenHash: v.string(),
    now: v.number(),
  },
  returns: v.union(v.object({ inviteId: v.id("invitations"), expiresAt: v.number() }), v.null()),
  handler: async (ctx, args) => {
    if (!(await stillAllowed(ctx, args.workspaceId, args.invitedBy, "admin"))) return null;
    const pending = await ctx.db
      .query("invitations")
      .withIndex("by_workspace_email", (q) => q.eq("workspaceId", args.workspaceId).eq("email", args.email))
      .collect();
    for (const old of pending) await ctx.db.delete("invitations", old._id);
    const expiresAt = args.now + INVITE_TTL_MS;
    const inviteId = await ctx.db.insert("invitations", {
      workspaceId: args.workspaceId,
      email: args.email,
      role: args.role,
      invitedBy: args.invitedBy,
      tokenHash: args.tokenHash,
      createdAt: args.now,
      expiresAt,
    });
    return { inviteId, expiresAt };
  },
});

type InviteProblem = "unknown" | "expired" | "wrong_email" | "unverified";

const PROBLEM_MESSAGES: Record<InviteProblem, string> = {
  unknown: "This invitation link is not valid: it was used already, revoked, or mistyped. Ask an admin for a new one.",
  expired: "This invitation has expired. Ask an admin to invite you again.",
  wrong_email: "This invitation is for another email address. Sign in with the address it was sent to.",
  unverified: "Confirm your email address first (we sent you a code), then open the invitation again.",
};

async function inviteFor(ctx: Pick<QueryCtx, "db">, token: string): Promise<Doc<"invitations"> | null> {
  if (token.length === 0) return null;
  const tokenHash = await sha256Hex(token);
  return ctx.db
    .query("invitations")
    .withIndex("by_token_hash", (q) => q.eq("tokenHash", tokenHash))
    .unique();
}

/** Whether the signed-in user may claim this invite now, and if not, why. */
function problemWith(
  invite: Doc<"invitations"> | null,
  user: Doc<"users"> | null,
  now: number,
  inviterStillAdmin: boolean,
): InviteProblem | null {
  // An invitation is only as good as its admin: one removed or demoted since cannot let anyone in (least of all a
  // second address of their own).
  if (!invite || !inviterStillAdmin) return "unknown";
  if (invite.expiresAt <= now) return "expired";
  if (!user?.email || user.email !== invite.email) return "wrong_email";
  if (emailVerificationRequired() && user.emailVerificationTime === undefined) return "unverified";
  return null;
}

const tokenArg = { token: v.string() };

/**
 * What the invitation page shows a signed-in visitor holding a link: where it leads and whether they can join.
 * `now` is passed in (queries do not read the clock).
 */
export const preview = signedInQuery({
  args: { ...tokenArg, now: v.number() },
  returns: v.union(
    v.object({
      ok: v.literal(true),
      workspaceName: v.string(),
      role: roleValidator,
      email: v.string(),
      alreadyMember: v.boolean(),
    }),
    v.object({
      ok: v.literal(false),
      problem: v.union(v.literal("unknown"), v.literal("expired"), v.literal("wrong_email"), v.literal("unverified")),
      message: v.string(),
    }),
  ),
  handler: async (ctx, { token, now }) => {
    boundString("token", token, MAX_INVITE_TOKEN_LENGTH);
    const invite = await inviteFor(ctx, token);
    const inviterStillAdmin =
      invite !== null && (await stillAllowed(ctx, invite.workspaceId, invite.invitedBy, "admin"));
    const problem = problemWith(invite, await ctx.db.get("users", ctx.userId), now, inviterStillAdmin);
    if (problem || !invite)
      return { ok: false as const, problem: problem ?? "unknown", message: PROBLEM_MESSAGES[problem ?? "unknown"] };
    const workspace = await ctx.db.get("workspaces", invite.workspaceId);
    const member = await ctx.db
      .query("members")
      .withIndex("by_workspace_user", (q) => q.eq("workspaceId", invite.workspaceId).eq("userId", ctx.userId))
      .unique();
    return {
      ok: true as const,
      workspaceName: workspace?.name ?? "a workspace",
      role: invite.role,
      email: invite.email,
      alreadyMember: member !== null,
    };
  },
});

/** Joins the invite's workspace with its role; the link is used up. A current member keeps the role they have. */
export const accept = signedInMutation({
  args: tokenArg,
  returns: v.object({ workspaceId: v.id("workspaces") }),
  handler: async (ctx, { token }) => {
    boundString("token", token, MAX_INVITE_TOKEN_LENGTH);
    const invite = await inviteFor(ctx, token);
    const inviterStillAdmin =
      invite !== null && (await stillAllowed(ctx, invite.workspaceId, invite.invitedBy, "admin"));
    const problem = problemWith(invite, await ctx.db.get("users", ctx.userId), Date.now(), inviterStillAdmin);
    if (problem || !invite)
      throw new ConvexError({
        code: "INVITE_INVALID",
        problem: problem ?? "unknown",
        message: PROBLEM_MESSAGES[problem ?? "unknown"],
      });
    const member = await ctx.db
      .query("members")
      .withIndex("by_workspace_user", (q) => q.eq("workspaceId", invite.workspaceId).eq("userId", ctx.userId))
      .unique();
    if (!member)
      await ctx.db.insert("members", {
        workspaceId: invite.workspaceId,
        userId: ctx.userId,
        role: invite.role,
        email: invite.email,
      });
    await ctx.db.delete("invitations", invite._id);
    return { workspaceId: invite.workspaceId };
  },
});
