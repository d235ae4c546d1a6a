/**
 * The HTTP headers every response of the web app carries unchanged (wired in next.config.ts), and the stricter
 * referrer rule of the TikTok callback, whose query holds a one-time auth code and our OAuth state. The
 * Content-Security-Policy is not here: it carries a nonce made per response, so proxy.ts sets it
 * (lib/config/content-security-policy.ts).
 */
export interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

export const TIKTOK_CALLBACK_SOURCE = "/api/auth/tiktok/callback";

export const SECURITY_HEADERS: HeaderRule[] = [
  {
    source: "/:path*",
    headers: [
      // No page of this app may be framed (clickjacking of Connect, Disconnect or a campaign change): the policy's
      // frame-ancestors 'none', and this for browsers that predate it.
      { key: "X-Frame-Options", value: "DENY" },
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      // Ignored over plain http (local development); keeps browsers on https once a deployment has been seen there.
      { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
    ],
  },
  {
    // Listed last so it wins for this path: the callback's address must never travel in a Referer.
    source: TIKTOK_CALLBACK_SOURCE,
    headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
  },
];
