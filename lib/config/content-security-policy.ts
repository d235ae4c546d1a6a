/**
 * The Content-Security-Policy of the web app, built for each response with a nonce of its own. proxy.ts sets it on
 * the request, where Next.js finds the nonce and puts it on its own scripts, and on the response. The headers that
 * never change are lib/config/security-headers.ts's.
 *
 * What the app needs, and so all the policy allows:
 * - scripts: only those carrying this response's nonce, and the scripts they load ('strict-dynamic': Next.js loads
 *   its page chunks from its runtime). No inline handler or injected `<script>` runs. 'unsafe-eval' only in
 *   development, where React rebuilds server error stacks with eval (Next.js docs, guides/content-security-policy).
 * - style elements: our own stylesheets and Next.js's nonce-carrying ones. Style attributes are allowed
 *   ('unsafe-inline' for `style-src-attr` only): React renders `style` props into the server's HTML (skeleton sizes,
 *   the chart legend's colours), an attribute has no selector to read the page with, and anything it could load is
 *   still held to `img-src`/`font-src` ('self', through `default-src`). In development Next.js injects unnonced
 *   style elements, so there style elements may be inline too.
 * - connections: this site (Convex Auth's /api/auth proxy) and the Convex deployment, over HTTP and its WebSocket.
 * - forms post only here; Connect leaves for TikTok by a location change, which `form-action` does not govern.
 * - no plugins, no `<base>`, no framing.
 * `upgrade-insecure-requests` only when the page itself came over https: on plain http (local runs, the browser
 * tests) it would send the page's own requests and the local Convex WebSocket to https/wss, where nothing listens.
 */

export const CSP_HEADER = "Content-Security-Policy";

export interface PolicyInputs {
  /** Fresh for every response (`newNonce`). */
  nonce: string;
  /** The deployment the browser's Convex client talks to (lib/config/convex-url.ts); undefined when unset. */
  convexUrl: string | undefined;
  /** `next dev`: React needs eval for its debugging, and Next.js injects unnonced styles. */
  development: boolean;
  /** The page was served over https. */
  secure: boolean;
}

export function contentSecurityPolicy({ nonce, convexUrl, development, secure }: PolicyInputs): string {
  const directives: string[][] = [
    ["default-src", "'self'"],
    // 'self' is for browsers older than CSP 3, which ignore 'strict-dynamic' (newer ones ignore 'self' beside it).
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ["style-src-attr", "'unsafe-inline'"],
    ["connect-src", "'self'", ...convexSources(convexUrl)],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(secure ? [["upgrade-insecure-requests"]] : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/**
 * The deployment's origin and its WebSocket (the Convex client syncs over `wss://`, or `ws://` for a local backend).
 * Only the parsed origin enters the policy, so a stray `;` or space in the variable cannot add a directive; a value
 * that is no http(s) URL adds nothing (the page then says the app is not configured).
 */
function convexSources(convexUrl: string | undefined): string[] {
  if (!convexUrl) return [];
  let url: URL;
  try {
    url = new URL(convexUrl);
  } catch {
    return [];
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return [];
  return [url.origin, `${url.protocol === "https:" ? "wss" : "ws"}://${url.host}`];
}

/** 128 random bits in base64: unguessable, and in the form Next.js reads back from the header. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** A policy read back into its directives and their sources (for checks of a response's header). */
export function parsePolicy(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}
