/**
 * Sign-in: Convex Auth with the Password provider (email + password, fully local: no third party).
 * A new user is given a place right after sign-up (convex/workspaces/provision.ts).
 */
import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";
import { provisionNewUser } from "./workspaces/provision";

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [Password],
  callbacks: {
    async afterUserCreatedOrUpdated(ctx, { userId, existingUserId }) {
      if (existingUserId) return; // a returning user: nothing to provision
      await provisionNewUser(ctx as never, userId);
    },
  },
});
