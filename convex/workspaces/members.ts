/**
 * Workspaces and their members: which workspaces am I in (any signed-in user), and member management (admins).
 */
import { ConvexError, v } from "convex/values";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { memberMutation, memberQuery, signedInQuery } from "../lib/access";
import { normalizeEmail } from "./provision";
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
      const workspace = await ctx.db.get(m.workspaceId);
      if (workspace) out.push({ workspaceId: m.workspaceId, name: workspace.name, role: m.role });
    }
    return out;
  },
});

export const list = memberQuery("admin")({
  args: {},
  returns: v.object({
    members: v.array(v.object({ memberId: v.id("members"), email: v.optional(v.string()), role: roleValidator, you: v.boolean() })),
    invites: v.array(v.object({ inviteId: v.id("invites"), email: v.string(), role: roleValidator })),
  }),
  handler: async (ctx, { workspaceId }) => {
    const members = await ctx.db
      .query("members")
      .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId))
      .take(500);
    const invites = await ctx.db
      .query("invites")
      .withIndex("by_workspace_email", (q) => q.eq("workspaceId", workspaceId))
      .take(500);
    return {
      members: members.map((m) => ({ memberId: m._id, email: m.email, role: m.role, you: m.userId === ctx.membership.userId })),
      invites: invites.map((i) => ({ inviteId: i._id, email: i.email, role: i.role })),
    };
  },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Adds a member by email: at once if they have an account, else as an invitation claimed when they sign up. */
export const add = memberMutation("admin")({
  args: { email: v.string(), role: roleValidator },
  returns: v.union(v.literal("added"), v.literal("invited"), v.literal("already_member")),
  handler: async (ctx, { workspaceId, email: rawEmail, role }) => {
    const email = normalizeEmail(rawEmail);
    if (!EMAIL.test(email)) throw new ConvexError({ code: "INVALID", message: `"${rawEmail}" is not an email address` });
    const user = await ctx.db
      .query("users")
      .withIndex("email", (q) => q.eq("email", email))
      .unique();
    if (user) {
      const existing = await ctx.db
        .query("members")
        .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId).eq("userId", user._id))
        .unique();
      if (existing) return "already_member";
      await ctx.db.insert("members", { workspaceId, userId: user._id, role, email });
      return "added";
    }
    const invite = await ctx.db
      .query("invites")
      .withIndex("by_workspace_email", (q) => q.eq("workspaceId", workspaceId).eq("email", email))
      .unique();
    if (invite) await ctx.db.patch(invite._id, { role });
    else await ctx.db.insert("invites", { workspaceId, email, role, invitedBy: ctx.membership.userId });
    return "invited";
  },
});

async function otherAdmins(ctx: MutationCtx, workspaceId: Id<"workspaces">, except: Id<"members">): Promise<number> {
  const admins = await ctx.db
    .query("members")
    .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId))
    .filter((q) => q.eq(q.field("role"), "admin"))
    .take(2);
  return admins.filter((a) => a._id !== except).length;
}

async function memberOfWorkspace(ctx: MutationCtx, workspaceId: Id<"workspaces">, memberId: Id<"members">) {
  const member = await ctx.db.get(memberId);
  if (!member || member.workspaceId !== workspaceId) throw new ConvexError({ code: "NOT_FOUND", message: "No such member in this workspace" });
  return member;
}

export const setRole = memberMutation("admin")({
  args: { memberId: v.id("members"), role: roleValidator },
  returns: v.null(),
  handler: async (ctx, { workspaceId, memberId, role }) => {
    const member = await memberOfWorkspace(ctx, workspaceId, memberId);
    if (member.role === "admin" && role !== "admin" && (await otherAdmins(ctx, workspaceId, memberId)) === 0) {
      throw new ConvexError({ code: "LAST_ADMIN", message: "A workspace needs at least one admin; make someone else admin first" });
    }
    await ctx.db.patch(memberId, { role });
    return null;
  },
});

export const remove = memberMutation("admin")({
  args: { memberId: v.id("members") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, memberId }) => {
    const member = await memberOfWorkspace(ctx, workspaceId, memberId);
    if (member.role === "admin" && (await otherAdmins(ctx, workspaceId, memberId)) === 0) {
      throw new ConvexError({ code: "LAST_ADMIN", message: "A workspace needs at least one admin; make someone else admin first" });
    }
    await ctx.db.delete(memberId);
    return null;
  },
});

export const cancelInvite = memberMutation("admin")({
  args: { inviteId: v.id("invites") },
  returns: v.null(),
  handler: async (ctx, { workspaceId, inviteId }) => {
    const invite = await ctx.db.get(inviteId);
    if (invite && invite.workspaceId === workspaceId) await ctx.db.delete(inviteId);
    return null;
  },
});
