/**
 * Sign-in: Convex Auth with the Password provider (email + password). Addresses are normalised once, at the door
 * (lib/auth/email.ts), so `Lead@Corp.test` and `lead@corp.test` are one account. Where the deployment sends email
 * (AUTH_EMAIL_DELIVERY, convex/authEmail.ts), a new account confirms its address with a one-time code before it
 * gets a session. After each sign-up or update the user is given a place (convex/workspaces/provision.ts).
 */
import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";
import { EmailInputError, normalizeEmail } from "../lib/auth/email";
import { emailVerificationProvider } from "./authEmail";
import { invalidArgument } from "./lib/bounds";
import { provisionUser } from "./workspaces/provision";

const MAX_PASSWORD_LENGTH = 256;
const MAX_CODE_LENGTH = 32;

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [
    Password({
      // Runs first for every flow (sign-up, sign-in, code check): the one place to bound what a visitor sends
      // before a password is hashed or a code compared.
      profile(params) {
        for (const [name, max] of [
          ["password", MAX_PASSWORD_LENGTH],
          ["newPassword", MAX_PASSWORD_LENGTH],
          ["code", MAX_CODE_LENGTH],
        ] as const) {
          const value = params[name];
          if (typeof value === "string" && value.length > max)
            throw invalidArgument(`${name} must be at most ${max} characters`);
        }
        try {
          return { email: normalizeEmail(params.email) };
        } catch (error) {
          if (error instanceof EmailInputError) throw invalidArgument(error.message);
          throw error;
        }
      },
      validatePasswordRequirements(password) {
        if (password.length < 8 || password.length > MAX_PASSWORD_LENGTH) {
          throw invalidArgument(`Choose a password of 8 to ${MAX_PASSWORD_LENGTH} characters`);
        }
      },
      verify: emailVerificationProvider(),
    }),
  ],
  callbacks: {
    async afterUserCreatedOrUpdated(ctx, { userId }) {
      // Also on updates: a user becomes eligible once their address is verified.
      await provisionUser(ctx, userId);
    },
  },
});
