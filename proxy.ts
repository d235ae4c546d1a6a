/**
 * Convex Auth on the Next.js server: proxies sign-in/sign-out at /api/auth, keeps the session cookies fresh, and
 * exchanges Convex Auth's own `?code=` — except on the TikTok callback, whose `code` is TikTok's
 * (lib/connect/auth-code.ts). Next 16 calls this file `proxy.ts` (formerly `middleware.ts`).
 *
 * Route protection: a signed-out visitor of an app page goes to /signin with the way back in `returnTo`; a
 * signed-in visitor of / or /signin goes on (to `returnTo` when it is a path on this site, else to Reports, the home
 * page). The TikTok callback is left alone: it sends signed-out visitors to sign in itself, keeping its `state` for
 * the way back. Only page loads (GET) are redirected: server actions (Convex Auth posts one after every sign-in and sign-out) go through.
 */
import {
  convexAuthNextjsMiddleware,
  createRouteMatcher,
  nextjsMiddlewareRedirect,
} from "@convex-dev/auth/nextjs/server";
import { convexUrl } from "./lib/config/convex-url";
import { convexAuthHandlesCode } from "./lib/connect/auth-code";
import { HOME_PATH } from "./lib/connect/paths";
import { afterSignIn, PROTECTED_PREFIXES, signInHref } from "./lib/ui/navigation";

// One list of the signed-in pages (lib/ui/navigation.ts), each with what is under it.
const isAppPage = createRouteMatcher(PROTECTED_PREFIXES.flatMap((prefix) => [prefix, `${prefix}/(.*)`]));
const isSignInPage = createRouteMatcher(["/signin"]);
const isLandingPage = createRouteMatcher(["/"]);

export default convexAuthNextjsMiddleware(
  async (request, { convexAuth }) => {
    if (request.method !== "GET" || request.headers.has("next-action")) return;
    if (isAppPage(request)) {
      if (!(await convexAuth.isAuthenticated())) {
        return nextjsMiddlewareRedirect(request, signInHref(`${request.nextUrl.pathname}${request.nextUrl.search}`));
      }
    } else if (isSignInPage(request) || isLandingPage(request)) {
      if (await convexAuth.isAuthenticated()) {
        const target = isSignInPage(request) ? afterSignIn(request.nextUrl.searchParams.get("returnTo")) : HOME_PATH;
        return nextjsMiddlewareRedirect(request, target);
      }
    }
  },
  { shouldHandleCode: (request) => convexAuthHandlesCode(request.nextUrl.pathname), convexUrl: convexUrl() },
);

export const config = {
  // Everything but static files and Next.js internals (Convex Auth's recommended matcher).
  matcher: ["/((?!.*\\..*|_next).*)", "/", "/(api|trpc)(.*)"],
};
