/**
 * Sign-in: Convex Auth with the Password provider (email + password). Addresses are normalised once, at the door
 * (lib/auth/email.ts), so `Lead@Corp.test` and `lead@corp.test` are one account. Where the deployment sends email
 * (AUTH_EMAIL_DELIVERY, convex/authEmail.ts), a new account confirms its address with a one-time code before it
 * gets a session. After each sign-up or update the user is given a place (convex/workspaces/provision.ts).
 */
import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";
import { ConvexError } from "convex/values";
import { EmailInputError, normalizeEmail } from "../lib/auth/email";
import { emailVerificationProvider } from "./authEmail";
import { provisionUser } from "./workspaces/provision";

const MAX_PASSWORD_LENGTH = 256;

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [
    Password({
      profile(params) {
        try {
          return { email: normalizeEmail(params.email) };
        } catch (error) {
          if (error instanceof EmailInputError) throw new ConvexError({ code: "INVALID", message: error.message });
          throw error;
        }
      },
      validatePasswordRequirements(password) {
        if (password.length < 8 || password.length > MAX_PASSWORD_LENGTH) {
          throw new ConvexError({ code: "INVALID", message: `Choose a password of 8 to ${MAX_PASSWORD_LENGTH} characters` });
        }
      },
      verify: emailVerificationProvider(),
    }),
  ],
  callbacks: {
    async afterUserCreatedOrUpdated(ctx, { userId }) {
      // Also on updates: a user becomes eligible once their address is verified.
      await provisionUser(ctx as never, userId);
    },
  },
});
