/**
 * Where a user belongs when they first arrive. The first user of a fresh deployment becomes admin of a new
 * workspace; when `OWNER_EMAIL` is set on the deployment, only that address may (so a stranger who finds a new
 * deployment's URL first cannot take it). Everyone else joins through an invitation link (convex/workspaces/
 * invites.ts); signing up uninvited gives no workspace, and nothing is handed out for merely using an address.
 * Where email is verified, an unverified address gets nothing until it is verified.
 */
import type { Id } from "../_generated/dataModel";
import { env as deploymentEnv, type MutationCtx } from "../_generated/server";
import { normalizeEmail } from "../../lib/auth/email";
import { emailVerificationRequired } from "../authEmail";

/** OWNER_EMAIL, normalised; undefined when unset (then the first sign-up becomes admin). */
export function ownerEmail(env: Record<string, string | undefined> = deploymentEnv): string | undefined {
  const raw = env.OWNER_EMAIL?.trim();
  return raw ? normalizeEmail(raw) : undefined;
}

/** Idempotent: runs after every sign-up and user update, and does something only for the deployment's first admin. */
export async function provisionUser(ctx: MutationCtx, userId: Id<"users">): Promise<void> {
  const user = await ctx.db.get("users", userId);
  if (!user?.email) return;
  if (emailVerificationRequired() && user.emailVerificationTime === undefined) return;
  const anyWorkspace = await ctx.db.query("workspaces").first();
  if (anyWorkspace) return;
  const owner = ownerEmail();
  if (owner !== undefined && user.email !== owner) return;
  const workspaceId = await ctx.db.insert("workspaces", { name: "My workspace", createdBy: userId });
  await ctx.db.insert("members", { workspaceId, userId, role: "admin", email: user.email });
}
