/**
 * Sign-in: Convex Auth with our email-and-password provider (convex/authPassword.ts). Addresses are normalised once,
 * at the door (lib/auth/email.ts), so `Lead@Corp.test` and `lead@corp.test` are one account. Where the deployment
 * sends email (AUTH_EMAIL_DELIVERY, convex/authEmail.ts), an address is proven with a one-time code before it gets a
 * session, and a forgotten password is reset the same way. After each sign-up or update the user is given a place
 * (convex/workspaces/provision.ts).
 */
import { convexAuth } from "@convex-dev/auth/server";
import { normalizeEmail } from "../lib/auth/email";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { mailboxPassword } from "./authPassword";
import { provisionUser } from "./workspaces/provision";

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [mailboxPassword()],
  callbacks: {
    async afterUserCreatedOrUpdated(ctx, { userId }) {
      await keepEmailNormalized(ctx, userId);
      // Also on updates: a user becomes eligible once their address is verified.
      await provisionUser(ctx, userId);
    },
  },
});

/**
 * users.email is compared with OWNER_EMAIL and with invitations, so it must be the normalised address whatever
 * Convex Auth was handed. Our provider hands it only normalised addresses; this is the guard for any path that
 * does not (Convex Auth copies sign-in parameters into the user document).
 */
async function keepEmailNormalized(ctx: MutationCtx, userId: Id<"users">): Promise<void> {
  const user = await ctx.db.get("users", userId);
  if (typeof user?.email !== "string") return;
  let normalized: string;
  try {
    normalized = normalizeEmail(user.email);
  } catch {
    // Not an address at all: keep no address, so it can match nothing.
    await ctx.db.patch("users", userId, { email: undefined });
    return;
  }
  if (normalized !== user.email) await ctx.db.patch("users", userId, { email: normalized });
}
