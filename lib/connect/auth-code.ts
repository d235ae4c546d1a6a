/**
 * Which requests' `?code=` belongs to Convex Auth.
 *
 * Convex Auth's Next.js proxy treats a `code` query parameter on any page load as its own sign-in code (OAuth or
 * magic link) and exchanges it; when that fails it clears the session cookies. TikTok's redirect carries
 * `?auth_code=…&code=…&state=…` (the same value twice, docs/tiktok-api.md §4), so on the TikTok callback Convex Auth
 * must leave `code` alone: otherwise it would try to sign in with TikTok's code, sign the user out, and strip the
 * code before the callback route ever saw the request.
 */

/** Where TikTok sends the advertiser back (TIKTOK_REDIRECT_URI is this path on the app's origin). */
export const TIKTOK_CALLBACK_PATH = "/api/auth/tiktok/callback";

/** False on the TikTok callback (with or without a trailing slash); true everywhere else, Convex Auth's default. */
export function convexAuthHandlesCode(pathname: string): boolean {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  return path !== TIKTOK_CALLBACK_PATH;
}
