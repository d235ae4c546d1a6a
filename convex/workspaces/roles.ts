/**
 * Roles and what they may do. Every public function names the capability it needs (convex/lib/access.ts).
 *
 * - admin: everything, and manages members.
 * - marketer: connects ad accounts, creates, pauses and re-budgets campaigns; reads everything.
 * - ops: reads connections, campaigns, reports and the call log; changes nothing.
 */
import { v } from "convex/values";

export const ROLES = ["admin", "marketer", "ops"] as const;
export type Role = (typeof ROLES)[number];
export const roleValidator = v.union(v.literal("admin"), v.literal("marketer"), v.literal("ops"));

export type Capability = "read" | "write" | "admin";

const GRANTS: Record<Role, readonly Capability[]> = {
  admin: ["read", "write", "admin"],
  marketer: ["read", "write"],
  ops: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}
