/**
 * The Convex schema: sign-in (Convex Auth's tables), workspaces with members and roles, and the TikTok call
 * ledger. Connections, advertisers, campaigns and report rows arrive with the work that uses them.
 */
import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { callAttemptFields } from "./tiktok/validators";
import { roleValidator } from "./workspaces/roles";

export default defineSchema({
  ...authTables,

  workspaces: defineTable({
    name: v.string(),
    createdBy: v.id("users"),
  }),

  members: defineTable({
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    role: roleValidator,
    /** Copied from the user at joining, for listing members without reading auth tables. */
    email: v.optional(v.string()),
  })
    .index("by_workspace_user", ["workspaceId", "userId"])
    .index("by_user", ["userId"]),

  /** An admin's invitation of an email address that has no account yet; claimed at sign-up. */
  invites: defineTable({
    workspaceId: v.id("workspaces"),
    email: v.string(),
    role: roleValidator,
    invitedBy: v.id("users"),
  })
    .index("by_email", ["email"])
    .index("by_workspace_email", ["workspaceId", "email"]),

  /** A connect attempt's OAuth state, stored hashed; see convex/tiktok/oauthState.ts. */
  oauthStates: defineTable({
    stateHash: v.string(),
    workspaceId: v.id("workspaces"),
    userId: v.id("users"),
    returnTo: v.string(),
    expiresAt: v.number(),
    consumedAt: v.optional(v.number()),
  })
    .index("by_hash", ["stateHash"])
    .index("by_expires", ["expiresAt"]),

  tiktokCalls: defineTable(callAttemptFields).index("by_at", ["at"]),
});
