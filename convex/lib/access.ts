/**
 * Access control, one line per public function. Every public query, mutation and action is built with one of:
 *
 *   signedInQuery / signedInMutation / signedInAction
 *                                             any signed-in user (e.g. "which workspaces am I in?"; completing an
 *                                             OAuth attempt or accepting an invite, whose workspace comes from the
 *                                             stored state or invite)
 *   memberQuery(cap) / memberMutation(cap) / memberAction(cap)
 *                                             a member of the `workspaceId` argument whose role grants `cap`
 *
 * Identity comes from `ctx.auth` only; `workspaceId` merely says which of the caller's workspaces is meant, and
 * is checked against their membership. Refusals are ConvexErrors with a code the UI can act on.
 * convex/access.test.ts proves every public function refuses anonymous callers, other workspaces and, for
 * writes, ops members, so a function added later without a builder fails the suite.
 */
import { getAuthUserId } from "@convex-dev/auth/server";
import { customAction, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { ConvexError, v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { action, internalQuery, mutation, query, type QueryCtx } from "../_generated/server";
import { can, type Capability, type Role } from "../../lib/workspaces/roles";

export type AccessErrorCode = "UNAUTHENTICATED" | "FORBIDDEN";

export function accessError(code: AccessErrorCode, message: string) {
  return new ConvexError({ code, message });
}

export async function requireUserId(ctx: Pick<QueryCtx, "auth">): Promise<Id<"users">> {
  const userId = await getAuthUserId(ctx);
  if (!userId) throw accessError("UNAUTHENTICATED", "Sign in to continue");
  return userId;
}

export interface Membership {
  userId: Id<"users">;
  workspaceId: Id<"workspaces">;
  role: Role;
}

export async function requireMember(
  ctx: Pick<QueryCtx, "auth" | "db">,
  workspaceId: Id<"workspaces">,
  capability: Capability,
): Promise<Membership> {
  const userId = await requireUserId(ctx);
  const member: Doc<"members"> | null = await ctx.db
    .query("members")
    .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId))
    .unique();
  // Same answer whether the workspace does not exist or is someone else's: nothing to learn by probing ids.
  if (!member) throw accessError("FORBIDDEN", "You are not a member of this workspace");
  if (!can(member.role, capability)) {
    throw accessError(
      "FORBIDDEN",
      capability === "admin"
        ? "Only a workspace admin can do this"
        : "Your role can view but not change this; ask an admin for the marketer role",
    );
  }
  return { userId, workspaceId, role: member.role };
}

/**
 * For the mutation that writes the result of an external call (TikTok answered after seconds, a person waited):
 * whether `userId`, whom the action authenticated before the call, still belongs to the workspace with a role that
 * grants `capability`. Membership and roles can change while TikTok answers, so the write checks again.
 */
export async function stillAllowed(
  ctx: Pick<QueryCtx, "db">,
  workspaceId: Id<"workspaces">,
  userId: Id<"users">,
  capability: Capability,
): Promise<boolean> {
  const member = await ctx.db
    .query("members")
    .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId))
    .unique();
  return member !== null && can(member.role, capability);
}

export const signedInQuery = customQuery(query, {
  args: {},
  input: async (ctx) => ({ ctx: { userId: await requireUserId(ctx) }, args: {} }),
});

export const signedInMutation = customMutation(mutation, {
  args: {},
  input: async (ctx) => ({ ctx: { userId: await requireUserId(ctx) }, args: {} }),
});

export const signedInAction = customAction(action, {
  args: {},
  input: async (ctx) => ({ ctx: { userId: await requireUserId(ctx) }, args: {} }),
});

const workspaceArg = { workspaceId: v.id("workspaces") };

export function memberQuery(capability: Capability) {
  return customQuery(query, {
    args: workspaceArg,
    input: async (ctx, { workspaceId }) => ({
      ctx: { membership: await requireMember(ctx, workspaceId, capability) },
      args: { workspaceId },
    }),
  });
}

export function memberMutation(capability: Capability) {
  return customMutation(mutation, {
    args: workspaceArg,
    input: async (ctx, { workspaceId }) => ({
      ctx: { membership: await requireMember(ctx, workspaceId, capability) },
      args: { workspaceId },
    }),
  });
}

/** Actions have no database: membership is checked by an internal query, which runs as the same caller. */
export function memberAction(capability: Capability) {
  return customAction(action, {
    args: workspaceArg,
    input: async (ctx, { workspaceId }) => {
      const membership: Membership = await ctx.runQuery(internal.lib.access.membershipFor, { workspaceId, capability });
      return { ctx: { membership }, args: { workspaceId } };
    },
  });
}

export const membershipFor = internalQuery({
  args: {
    workspaceId: v.id("workspaces"),
    capability: v.union(v.literal("read"), v.literal("write"), v.literal("admin")),
  },
  handler: (ctx, { workspaceId, capability }) => requireMember(ctx, workspaceId, capability),
});
