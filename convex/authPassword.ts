/**
 * Email and password sign-in: Convex Auth's Password provider (node_modules/@convex-dev/auth/src/providers/
 * Password.ts), rewritten where attacks on the running app showed it trusts the caller too much. Flows (the `flow`
 * parameter): signUp, signIn, email-verification (send a code, or check one), reset (send a code) and
 * reset-verification (check it and set a new password). Where the deployment sends no email (AUTH_EMAIL_DELIVERY
 * unset) there is no verification and no reset, as before.
 *
 * What differs from Convex Auth's provider, and why:
 * - The address is normalised once (lib/auth/email.ts) and only the normalised address is handed on. Convex Auth
 *   copies `params.email` into `users.email`, the code's record and the email's recipient, so a raw parameter
 *   ("  OWNER@Corp.Test ") could rewrite an account's stored address without signing in, and a variant ("\u212Aate")
 *   could be mailed a code for kate's account.
 * - Asking for a code (email-verification or reset without one) answers the same for a registered address, an unknown
 *   one and a throttled one (convex/authThrottle.ts): only the mailbox learns whether a code was sent. Checking a code
 *   for an unknown address fails like a wrong code, and a wrong password like an unknown address.
 * - Whoever proves the mailbox decides the password. A sign-up with an address that already has an account sends a
 *   code instead of failing with "already exists" (which told anyone the address was registered, and let a stranger
 *   who signed up first with someone else's address, never verifying it, lock its owner out). The code step carries
 *   the password chosen at sign-up; once the code is right, that password replaces the account's, and every other
 *   session of the account ends. A squatter never had a session or a workspace (provisioning and invitations wait
 *   for a verified address: convex/workspaces/provision.ts, invites.ts), so after this they have nothing.
 * - Password reset by emailed code (Convex Auth's `reset` flows), for the page at /signin/reset.
 */
import { ConvexCredentials } from "@convex-dev/auth/providers/ConvexCredentials";
import {
  createAccount,
  invalidateSessions,
  modifyAccountCredentials,
  retrieveAccount,
  signInViaProvider,
  type GenericActionCtxWithAuthConfig,
} from "@convex-dev/auth/server";
import { ConvexError, type Value } from "convex/values";
import { Scrypt } from "lucia";
import { EmailInputError, normalizeEmail } from "../lib/auth/email";
import type { DataModel, Doc, Id } from "./_generated/dataModel";
import { emailCodeProvider, emailVerificationRequired, type CodePurpose } from "./authEmail";
import { mayMailCode } from "./authThrottle";
import { invalidArgument } from "./lib/bounds";

export const PROVIDER_ID = "password";
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
const MAX_CODE_LENGTH = 32;

/** Convex Auth's own words for these outcomes (lib/ui/errors.ts reads them), one per outcome whatever the cause. */
const INVALID_CREDENTIALS = "InvalidSecret";
const INVALID_CODE = "Could not verify code";

type Ctx = GenericActionCtxWithAuthConfig<DataModel>;
type Params = Partial<Record<string, Value | undefined>>;
type Outcome = { userId: Id<"users">; sessionId?: Id<"authSessions"> } | null;

const codeProviders: Record<CodePurpose, ReturnType<typeof emailCodeProvider>> = {
  verify: emailCodeProvider("verify"),
  reset: emailCodeProvider("reset"),
};

const scrypt = new Scrypt();

/** The provider convex/auth.ts registers. */
export function mailboxPassword() {
  return ConvexCredentials<DataModel>({
    id: PROVIDER_ID,
    authorize: (params, ctx) => authorize(params, ctx),
    // The hashes Convex Auth's Password provider writes, so accounts made before this provider keep working.
    crypto: {
      hashSecret: (password) => scrypt.hash(password),
      verifySecret: (password, hash) => scrypt.verify(hash, password),
    },
    extraProviders: [codeProviders.verify, codeProviders.reset],
  });
}

/** Runs for every flow: the one place to bound what a visitor sends before a password is hashed or a code compared. */
function checkedParams(params: Params): { email: string; forward: Params } {
  for (const [name, max] of [
    ["password", MAX_PASSWORD_LENGTH],
    ["newPassword", MAX_PASSWORD_LENGTH],
    ["code", MAX_CODE_LENGTH],
  ] as const) {
    const value = params[name];
    if (value !== undefined && typeof value !== "string") throw invalidArgument(`${name} must be text`);
    if (typeof value === "string" && value.length > max)
      throw invalidArgument(`${name} must be at most ${max} characters`);
  }
  let email: string;
  try {
    email = normalizeEmail(params.email);
  } catch (error) {
    if (error instanceof EmailInputError) throw invalidArgument(error.message);
    throw error;
  }
  // Everything Convex Auth is handed carries the normalised address, never the caller's.
  return { email, forward: { ...params, email } };
}

export function checkPasswordRequirements(password: unknown): string {
  if (typeof password !== "string" || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw invalidArgument(`Choose a password of ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

async function authorize(params: Params, ctx: Ctx): Promise<Outcome> {
  const { email, forward } = checkedParams(params);
  const mailbox = emailVerificationRequired();
  switch (params.flow) {
    case "signUp":
      return mailbox ? signUpProvingMailbox(ctx, email, forward) : signUpUnverified(ctx, email, forward);
    case "signIn":
      return signIn(ctx, email, forward, mailbox);
    case "email-verification":
      if (!mailbox) throw new Error("Email verification is not enabled on this deployment");
      return typeof forward.code === "string"
        ? checkCode(ctx, email, forward)
        : askForCode(ctx, "verify", email, forward);
    case "reset":
      if (!mailbox) throw resetUnavailable();
      return askForCode(ctx, "reset", email, forward);
    case "reset-verification":
      if (!mailbox) throw resetUnavailable();
      return checkResetCode(ctx, email, forward);
    default:
      throw invalidArgument('flow must be "signUp", "signIn", "email-verification", "reset" or "reset-verification"');
  }
}

function resetUnavailable() {
  return new ConvexError({
    code: "RESET_UNAVAILABLE" as const,
    message:
      "This deployment does not send email, so a password cannot be reset by code. Ask the person who runs it to set AUTH_EMAIL_DELIVERY.",
  });
}

/** The account for an address, or null (Convex Auth throws "InvalidAccountId" for an unknown one). */
async function accountFor(ctx: Ctx, email: string): Promise<Doc<"authAccounts"> | null> {
  try {
    return (await retrieveAccount<DataModel>(ctx, { provider: PROVIDER_ID, account: { id: email } })).account;
  } catch (error) {
    if (error instanceof Error && error.message === "InvalidAccountId") return null;
    throw error;
  }
}

/**
 * Mails a code to an account's address, unless the address or the deployment has had its share of codes. Always
 * answers null ("a code is on its way"), whether or not a mail went out: the answer never tells the caller which.
 */
async function mailCode(ctx: Ctx, purpose: CodePurpose, account: Doc<"authAccounts">, forward: Params) {
  if (!(await mayMailCode(ctx, account.providerAccountId))) return null;
  // The params without a code: Convex Auth sends one when there is no code, and checks it when there is.
  const { code: _omitted, ...request } = forward;
  await signInViaProvider(ctx, codeProviders[purpose], { accountId: account._id, params: request });
  return null;
}

async function askForCode(ctx: Ctx, purpose: CodePurpose, email: string, forward: Params): Promise<Outcome> {
  const account = await accountFor(ctx, email);
  if (account !== null) await mailCode(ctx, purpose, account, forward);
  return null;
}

/** Without email: Convex Auth's sign-up as it was (an address in use is refused, nothing can prove who owns it). */
async function signUpUnverified(ctx: Ctx, email: string, forward: Params): Promise<Outcome> {
  const password = checkPasswordRequirements(forward.password);
  const { user } = await createAccount<DataModel>(ctx, {
    provider: PROVIDER_ID,
    account: { id: email, secret: password },
    profile: { email },
  });
  return { userId: user._id };
}

/**
 * With email: a new address gets an account and a code; an address with an account and this password signs in (or
 * gets a code while unverified); an address with an account and another password gets a code, and the password
 * takes effect when the code comes back (checkCode). Nothing here tells a caller whether the address was registered.
 */
async function signUpProvingMailbox(ctx: Ctx, email: string, forward: Params): Promise<Outcome> {
  const password = checkPasswordRequirements(forward.password);
  let account: Doc<"authAccounts">;
  try {
    ({ account } = await createAccount<DataModel>(ctx, {
      provider: PROVIDER_ID,
      account: { id: email, secret: password },
      profile: { email },
      // Never link to another user by address here: the address is unproven until the code comes back.
      shouldLinkViaEmail: false,
    }));
  } catch (error) {
    if (!(error instanceof Error && /already exists/.test(error.message))) throw error;
    const existing = await accountFor(ctx, email);
    if (existing === null) throw error;
    return mailCode(ctx, "verify", existing, forward);
  }
  if (account.emailVerified) return { userId: account.userId };
  return mailCode(ctx, "verify", account, forward);
}

let dummyHash: Promise<string> | undefined;

async function signIn(ctx: Ctx, email: string, forward: Params, mailbox: boolean): Promise<Outcome> {
  const password = forward.password;
  if (typeof password !== "string" || password === "") throw invalidArgument("Enter your password");
  let account: Doc<"authAccounts">;
  try {
    ({ account } = await retrieveAccount<DataModel>(ctx, {
      provider: PROVIDER_ID,
      account: { id: email, secret: password },
    }));
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    if (error.message === "InvalidAccountId") {
      // Spend the time a password check takes, so an unknown address does not answer faster than a wrong password.
      await scrypt.verify(await (dummyHash ??= scrypt.hash("an account nobody has")), password);
      throw new Error(INVALID_CREDENTIALS, { cause: error });
    }
    if (error.message === "InvalidSecret") throw new Error(INVALID_CREDENTIALS, { cause: error });
    throw error;
  }
  if (mailbox && !account.emailVerified) return mailCode(ctx, "verify", account, forward);
  return { userId: account.userId };
}

/**
 * The code step of sign-up (or of signing in to an unproven address). The code proves the mailbox; the password
 * sent with it (the one the person chose on the form) becomes the account's, so a password set by whoever signed
 * up with the address before cannot survive its owner's proof. The password is required: were it optional, a
 * client that left it out would keep a squatter's password on the proven account.
 */
async function checkCode(ctx: Ctx, email: string, forward: Params): Promise<Outcome> {
  if (forward.password === undefined)
    throw invalidArgument("Send the password chosen at sign-up (or sign-in) together with the code");
  const password = checkPasswordRequirements(forward.password);
  const account = await accountFor(ctx, email);
  if (account === null) throw new Error(INVALID_CODE);
  // Convex Auth checks that the code belongs to this address (Email's `authorize`), consumes it, marks the address
  // verified and opens a session; it throws on a wrong, used or expired code.
  const result = await signInViaProvider(ctx, codeProviders.verify, { accountId: account._id, params: forward });
  if (result === null || result.userId !== account.userId) throw new Error(INVALID_CODE);
  await replacePassword(ctx, email, password, result);
  return result;
}

/** The code step of a reset: the code proves the mailbox, and the new password replaces the old one. */
async function checkResetCode(ctx: Ctx, email: string, forward: Params): Promise<Outcome> {
  const newPassword = checkPasswordRequirements(forward.newPassword);
  if (typeof forward.code !== "string") throw invalidArgument("Enter the code from the email");
  const account = await accountFor(ctx, email);
  if (account === null) throw new Error(INVALID_CODE);
  const result = await signInViaProvider(ctx, codeProviders.reset, { accountId: account._id, params: forward });
  if (result === null || result.userId !== account.userId) throw new Error(INVALID_CODE);
  await replacePassword(ctx, email, newPassword, result);
  return result;
}

/** Sets the account's password and ends every other session of its user (a squatter's or a thief's included). */
async function replacePassword(
  ctx: Ctx,
  email: string,
  password: string,
  kept: { userId: Id<"users">; sessionId: Id<"authSessions"> },
) {
  await modifyAccountCredentials(ctx, { provider: PROVIDER_ID, account: { id: email, secret: password } });
  await invalidateSessions(ctx, { userId: kept.userId, except: [kept.sessionId] });
}
