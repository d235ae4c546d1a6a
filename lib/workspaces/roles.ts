/**
 * Roles and what they may do: the one list of roles and the one table of grants. Convex checks them on every public
 * function (convex/lib/access.ts, through `can`); the pages use the same `can` to hide what a role may not use.
 *
 * - admin: everything, and manages members.
 * - marketer: connects ad accounts, creates, pauses and re-budgets campaigns; reads everything.
 * - ops: reads connections, campaigns, reports and the call log; changes nothing.
 */

export const ROLES = ["admin", "marketer", "ops"] as const;
export type Role = (typeof ROLES)[number];

export type Capability = "read" | "write" | "admin";

const GRANTS: Record<Role, readonly Capability[]> = {
  admin: ["read", "write", "admin"],
  marketer: ["read", "write"],
  ops: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}
