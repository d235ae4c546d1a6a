/**
 * /signin/reset: a forgotten password, reset by a code emailed to the address (convex/authPassword.ts, the reset
 * flows). `?returnTo=` is where to go once signed in, as on /signin (a path on this site only).
 */
import type { Metadata } from "next";
import { afterSignIn } from "../../../lib/ui/navigation";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ResetPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const returnTo = (await searchParams)["returnTo"];
  return <ResetForm destination={afterSignIn(Array.isArray(returnTo) ? returnTo[0] : returnTo)} />;
}
