/**
 * Where the pages send people: back to where they were after signing in (a path on this site only), to sign in
 * with the way back attached, and the Connections page's `?tiktok=` outcome read once and removed.
 */
import { CONNECT_OUTCOMES, isConnectOutcome, type ConnectOutcome } from "../connect/outcomes";
import { can, type Role } from "../workspaces/roles";
import { HOME_PATH, sameSitePath } from "../connect/paths";

export const SIGN_IN_PATH = "/signin";

/** Pages that need a signed-in visitor (the proxy sends others to sign in). */
export const PROTECTED_PREFIXES = ["/reports", "/campaigns", "/connections", "/activity", "/members"] as const;

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The app's main navigation for a role: every member reads Reports, Campaigns, Connections, Activity and Members
 * (each page hides the controls a role may not use; only admins change members). Members waits for the role, so the
 * header does not offer a page before it knows the visitor belongs to a workspace.
 */
export function appNavigation(role: Role | null): NavItem[] {
  return [
    { href: "/reports", label: "Reports" },
    { href: "/campaigns", label: "Campaigns" },
    { href: "/connections", label: "Connections" },
    { href: "/activity", label: "Activity" },
    ...(role !== null && can(role, "read") ? [{ href: "/members", label: "Members" }] : []),
  ];
}

/** Whether `pathname` is `href` or a page under it (for aria-current). */
export function isCurrentSection(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function isSignInPath(path: string): boolean {
  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  return pathname === SIGN_IN_PATH || pathname === `${SIGN_IN_PATH}/`;
}

/** After signing in: `returnTo` when it is a path on this site (and not the sign-in page itself), else Reports. */
export function afterSignIn(returnTo: string | null | undefined): string {
  const path = sameSitePath(returnTo);
  if (!path || isSignInPath(path)) return HOME_PATH;
  return path;
}

/** The sign-in page, with the way back when there is one worth keeping. */
export function signInHref(returnTo?: string): string {
  const path = sameSitePath(returnTo);
  if (!path || isSignInPath(path) || path === "/") return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?returnTo=${encodeURIComponent(path)}`;
}

/** Route handlers (the TikTok callback) are not pages: the browser must load them itself, not the client router. */
export function needsDocumentNavigation(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

export interface OutcomeBanner {
  outcome: ConnectOutcome;
  tone: "success" | "info" | "error";
  message: string;
}

/** The banner for a `?tiktok=` value, or null for none or an unknown one (never echo arbitrary text). */
export function outcomeBanner(value: string | string[] | null | undefined): OutcomeBanner | null {
  const single = Array.isArray(value) ? value[0] : value;
  if (!isConnectOutcome(single)) return null;
  const { tone, message } = CONNECT_OUTCOMES[single];
  return { outcome: single, tone, message };
}

/** The same address (path, query, hash) without one query parameter, for history.replaceState. */
export function withoutParam(href: string, name: string): string {
  const url = new URL(href, "http://placeholder.invalid");
  url.searchParams.delete(name);
  return `${url.pathname}${url.search}${url.hash}`;
}
