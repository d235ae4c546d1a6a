/**
 * /signin: sign in or create an account (Convex Auth, password). `?returnTo=` says where to go afterwards (a path
 * on this site only; lib/ui/navigation.ts) and `?mode=signup` opens on "Create account". Signed-in visitors never
 * see this page: proxy.ts sends them on.
 */
import type { Metadata } from "next";
import { TIKTOK_CALLBACK_PATH } from "../../lib/connect/auth-code";
import { afterSignIn } from "../../lib/ui/navigation";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const destination = afterSignIn(first(params["returnTo"]));
  const mode = first(params["mode"]) === "signup" ? "signUp" : "signIn";
  const finishingConnect = destination.startsWith(TIKTOK_CALLBACK_PATH);
  return <SignInForm destination={destination} initialFlow={mode} finishingConnect={finishingConnect} />;
}
