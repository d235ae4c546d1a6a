/**
 * Where a new user belongs. The first user of a fresh deployment becomes admin of a new workspace; everyone after
 * joins the workspaces an admin invited their email to, with the invited role. Someone signing up uninvited gets
 * no workspace (the app tells them to ask an admin): ad accounts and budgets are not open to whoever finds the URL.
 */
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function provisionNewUser(ctx: MutationCtx, userId: Id<"users">): Promise<void> {
  const user = await ctx.db.get(userId);
  const email = user?.email ? normalizeEmail(user.email) : undefined;

  const anyWorkspace = await ctx.db.query("workspaces").first();
  if (!anyWorkspace) {
    const workspaceId = await ctx.db.insert("workspaces", { name: "My workspace", createdBy: userId });
    await ctx.db.insert("members", { workspaceId, userId, role: "admin", email });
    return;
  }
  if (!email) return;
  const invites = await ctx.db
    .query("invites")
    .withIndex("by_email", (q) => q.eq("email", email))
    .collect();
  for (const invite of invites) {
    const already = await ctx.db
      .query("members")
      .withIndex("by_workspace_user", (q) => q.eq("workspaceId", invite.workspaceId).eq("userId", userId))
      .unique();
    if (!already) await ctx.db.insert("members", { workspaceId: invite.workspaceId, userId, role: invite.role, email });
    await ctx.db.delete(invite._id);
  }
}
