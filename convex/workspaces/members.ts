/**
 * Workspaces and their members: which workspaces am I in (any signed-in user), who is in this one with which role
 * (every member reads it), and member management (admins): invitations by link, roles, removal.
 */
import { ConvexError, v } from "convex/values";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { EmailInputError, normalizeEmail } from "../../lib/auth/email";
import { randomToken, sha256Hex } from "../../lib/secrets/keyring";
import { internal } from "../_generated/api";
import { memberAction, memberMutation, memberQuery, signedInQuery } from "../lib/access";
import { can } from "../../lib/workspaces/roles";
import { invalidArgument } from "../lib/bounds";
import { roleValidator } from "./roles";

export const mine = signedInQuery({
  args: {},
  returns: v.array(v.object({ workspaceId: v.id("workspaces"), name: v.string(), role: roleValidator })),
  handler: async (ctx) => {
    const memberships = await ctx.db
      .query("members")
      .withIndex("by_user", (q) => q.eq("userId", ctx.userId))
      .take(100);
    const out = [];
    for (const m of memberships) {
      const workspace = await ctx.db.get("workspaces", m.workspaceId);
      if (workspace) out.push({ workspaceId: m.workspaceId, name: workspace.name, role: m.role });
    }
    return out;
  },
});

/**
 * Who is in the workspace, with their roles: every member may read it (ops need to know whom to ask). Pending
 * invitations are the admins' business (an invitee is not a member yet): only an admin gets them; others get none.
 */
export const list = memberQuery("read")({
  args: {},
  returns: v.object({
    members: v.array(
      v.object({ memberId: v.id("members"), email: v.optional(v.string()), role: roleValidator, you: v.boolean() }),
    ),
    invites: v.array(
      v.object({
        inviteId: v.id("invitations"),
        email: v.string(),
        role: roleValidator,
        createdAt: v.number(),
        expiresAt: v.number(),
      }),
    ),
  }),
  handler: async (ctx, { workspaceId }) => {
    const members = await ctx.db
      .query("members")
      .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId))
      .take(500);
    const invites = can(ctx.membership.role, "admin")
      ? await ctx.db
          .query("invitations")
          .withIndex("by_workspace_email", (q) => q.eq("workspaceId", workspaceId))
          .take(500)
      : [];
    return {
      members: members.map((m) => ({
        memberId: m._id,
        email: m.email,
        role: m.role,
        you: m.userId === ctx.membership.userId,
      })),
      invites: invites.map((i) => ({
        inviteId: i._id,
        email: i.email,
        role: i.role,
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
      })),
    };
  },
});

/**
 * Invites someone by email with a role. The answer carries the link's secret, shown once for the admin to copy and
 * send: only its SHA-256 is stored, and whoever claims it must be signed in with this address
 * (convex/workspaces/invites.ts). An action, because the secret needs real randomness.
 */
export const invite = memberAction("admin")({
  args: { email: v.string(), role: roleValidator },
  returns: v.object({ inviteId: v.id("invitations"), email: v.string(), token: v.string(), expiresAt: v.number() }),
  handler: async (
    ctx,
    { workspaceId, email: rawEmail, role },
  ): Promise<{ inviteId: Id<"invitations">; email: string; token: string; expiresAt: number }> => {
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch (error) {
      if (error instanceof EmailInputError) throw invalidArgument(error.message);
      throw error;
    }
    const token = randomToken(32);
    const created: { inviteId: Id<"invitations">; expiresAt: number } | null = await ctx.runMutation(
      internal.workspaces.invites.create,
      {
        workspaceId,
        invitedBy: ctx.membership.userId,
        email,
        role,
        tokenHash: await sha256Hex(token),
        now: Date.now(),
      },
    );
    if (!created) throw new ConvexError({ code: "FORBIDDEN", message: "Only a workspace admin can do this" });
    return { ...created, email, token };
  },
});

/** Ends the pending invitations someone made, when they leave the workspace or stop being its admin. */
async function revokeInvitationsBy(ctx: MutationCtx, workspaceId: Id<"workspaces">, userId: Id<"users">) {
  for (const invite of await ctx.db
    .query("invitations")
    .withIndex("by_workspace_email", (q) => q.eq("workspaceId", workspaceId))
    .collect()) {
    if (invite.invitedBy === userId) await ctx.db.delete("invitations", invite._id);
  }
}

async function otherAdmins(ctx: MutationCtx, workspaceId: Id<"workspaces">, except: Id<"members">): Promise<number> {
  const admins = await ctx.db
    .query("members")
    .withIndex("by_workspace_role", (q) => q.eq("workspaceId", workspaceId).eq("role", "admin"))
    .take(2);
  return admins.filter((a) => a._id !== except).length;
}

async function memberOfWorkspace(ctx: MutationCtx, workspaceId: Id<"workspaces">, memberId: Id<"members">) {
  const member = await ctx.db.get("members", memberId);
  if (!member || member.workspaceId !== workspaceId)
    throw new ConvexError({ code: "NOT_FOUND", message: "No such member in this workspace" });
  return member;
}

export const setRole = memberMutation("admin")({
  args: { memberId: v.id("members"), role: roleValidator },
  returns: v.null(),
  handler: async (ctx, { workspaceId, memberId, role }) => {
    const member = await memberOfWorkspace(ctx, workspaceId, memberId);
    if (member.role === "admin" && role !== "admin" && (await otherAdmins(ctx, workspaceId, memberId)) === 0) {
      throw new ConvexError({
        code: "LAST_ADMIN",
        message: "A workspace needs at least one admin; make someone else admin first",
      });
    }
    await ctx.db.patch("members", memberId, { role });
    if (member.role === "admin" && role !== "admin") await revokeInvitationsBy(ctx, workspaceId, member.userId);
    return null;
  },
});

export const remove = memberMutation("admin")({
  args: { memberId: v.id("members") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, memberId }) => {
    const member = await memberOfWorkspace(ctx, workspaceId, memberId);
    if (member.role === "admin" && (await otherAdmins(ctx, workspaceId, memberId)) === 0) {
      throw new ConvexError({
        code: "LAST_ADMIN",
        message: "A workspace needs at least one admin; make someone else admin first",
      });
    }
    await ctx.db.delete("members", memberId);
    await revokeInvitationsBy(ctx, workspaceId, member.userId);
    return null;
  },
});

export const cancelInvite = memberMutation("admin")({
  args: { inviteId: v.id("invitations") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, inviteId }) => {
    const invite = await ctx.db.get("invitations", inviteId);
    if (invite && invite.workspaceId === workspaceId) await ctx.db.delete("invitations", inviteId);
    return null;
  },
});
