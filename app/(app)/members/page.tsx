/** /members: who is in the workspace and with which role (every member reads it); admins add, re-role and remove people here. */
import type { Metadata } from "next";
import { MembersView } from "./members-view";

export const metadata: Metadata = { title: "Members" };

export default function MembersPage() {
  return <MembersView />;
}
