/**
 * /invite#token=…: where an invitation link leads. The secret is in the fragment, so the server never sees it; the
 * client view reads it, keeps it for the sign-in round trip, and joins once the visitor is signed in with the
 * invited address.
 */
import type { Metadata } from "next";
import { InviteView } from "./invite-view";

export const metadata: Metadata = { title: "Invitation" };

export default function InvitePage() {
  return <InviteView />;
}
