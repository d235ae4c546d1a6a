/** Roles as the Members page names and explains them, and what an add by email did. */
import type { Role } from "../../convex/workspaces/roles";

export type { Role };

export const ROLES: ReadonlyArray<{ value: Role; label: string; description: string }> = [
  { value: "admin", label: "Admin", description: "Everything, including managing members." },
  { value: "marketer", label: "Marketer", description: "Connects ad accounts and manages campaigns." },
  { value: "ops", label: "Ops", description: "Sees connections, campaigns and reports; changes nothing." },
];

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

export type AddResult = "added" | "invited" | "already_member";

export function addResultMessage(result: AddResult, email: string, role: Role): string {
  const who = email.trim().toLowerCase();
  switch (result) {
    case "added":
      return `${who} was added as ${roleLabel(role)}.`;
    case "invited":
      return `${who} was invited as ${roleLabel(role)}. They join when they create an account with this email.`;
    case "already_member":
      return `${who} is already a member. Change their role in the list.`;
  }
}
