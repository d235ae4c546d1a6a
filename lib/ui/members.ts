/**
 * Roles as the Members page names and explains them (what each may do, as lib/workspaces/roles.ts grants it),
 * whom a non-admin asks for access, and invitation links.
 */
import { ROLES, type Role } from "../workspaces/roles";

export type { Role };

const ROLE_WORDS: Record<Role, { label: string; description: string }> = {
  admin: { label: "Admin", description: "Everything a marketer can do, and manages members." },
  marketer: {
    label: "Marketer",
    description: "Connects ad accounts and manages campaigns; reads reports and activity.",
  },
  ops: {
    label: "Ops",
    description: "Reads reports, campaigns, connections and activity, and can start a sync; changes nothing else.",
  },
};

/** Every role, in lib/workspaces/roles.ts's order, with its name and what it may do, for pickers and hints. */
export const ROLE_CHOICES: ReadonlyArray<{ value: Role; label: string; description: string }> = ROLES.map((value) => ({
  value,
  ...ROLE_WORDS[value],
}));

export function roleLabel(role: Role): string {
  return ROLE_WORDS[role]?.label ?? role;
}

/**
 * The link an invitee opens. The secret travels in the fragment (`#`), which browsers never send to a server, so it
 * stays out of access logs and Referer headers; the invitation page reads it in the browser.
 */
export function inviteLink(origin: string, token: string): string {
  return `${origin}/invite#token=${encodeURIComponent(token)}`;
}

/** The secret of an invitation link's fragment (`#token=…`), or null. */
export function inviteTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? token : null;
}

/** "Expires in 7 days", "Expires in 3 hours", "Expired". */
export function inviteExpiry(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  if (left <= 0) return "Expired";
  const hours = Math.floor(left / 3_600_000);
  // Whole days to the nearest: a 7-day invitation made a moment ago (or read with a clock a few seconds behind)
  // "expires in 7 days", neither 6 nor 8.
  if (hours >= 48) return `Expires in ${Math.round(left / 86_400_000)} days`;
  if (hours >= 1) return `Expires in ${hours} hour${hours === 1 ? "" : "s"}`;
  return "Expires within the hour";
}

/**
 * Whom a member who is not an admin asks to add someone or change a role: the admins by address ("a@x.com or
 * b@x.com"), two at most, or "an admin" when none has an address on record.
 */
export function whomToAsk(members: ReadonlyArray<{ email?: string; role: Role }>): string {
  const emails = members.flatMap((m) => (m.role === "admin" && m.email ? [m.email] : []));
  if (emails.length === 0) return "an admin";
  if (emails.length <= 2) return emails.join(" or ");
  return `an admin (${emails.slice(0, 2).join(", ")} or another)`;
}
