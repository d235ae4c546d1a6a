/**
 * Convex Auth on the Next.js server: proxies sign-in/sign-out at /api/auth, keeps the session cookies fresh, and
 * exchanges Convex Auth's own `?code=` — except on the TikTok callback, whose `code` is TikTok's
 * (lib/connect/auth-code.ts). Next 16 calls this file `proxy.ts` (formerly `middleware.ts`).
 *
 * Route protection: a signed-out visitor of an app page goes to /signin with the way back in `returnTo`; a
 * signed-in visitor of / or /signin goes on (to `returnTo` when it is a path on this site, else to Reports, the home
 * page). The TikTok callback is left alone: it sends signed-out visitors to sign in itself, keeping its `state` for
 * the way back. Only page loads (GET) are redirected: server actions (Convex Auth posts one after every sign-in and sign-out) go through.
 *
 * Every response it returns, redirects and Convex Auth's own answers included, carries the Content-Security-Policy
 * with a nonce made for it (lib/config/content-security-policy.ts); the headers that never change are next.config.ts's.
 * Sign-in requests that can email a code are limited per client first (lib/auth/client-throttle.ts).
 */
import {
  convexAuthNextjsMiddleware,
  createRouteMatcher,
  nextjsMiddlewareRedirect,
} from "@convex-dev/auth/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { codeRequestThrottle } from "./lib/auth/client-throttle";
import { contentSecurityPolicy, CSP_HEADER, newNonce } from "./lib/config/content-security-policy";
import { convexUrl } from "./lib/config/convex-url";
import { convexAuthHandlesCode } from "./lib/connect/auth-code";
import { HOME_PATH } from "./lib/connect/paths";
import { afterSignIn, PROTECTED_PREFIXES, signInHref } from "./lib/ui/navigation";

// One list of the signed-in pages (lib/ui/navigation.ts), each with what is under it.
const isAppPage = createRouteMatcher(PROTECTED_PREFIXES.flatMap((prefix) => [prefix, `${prefix}/(.*)`]));
const isSignInPage = createRouteMatcher(["/signin"]);
const isLandingPage = createRouteMatcher(["/"]);

// Resolved once, when the server loads this file: Convex Auth and the policy's connect-src name the same deployment.
const deployment = convexUrl();
const development = process.env.NODE_ENV === "development";
// Best effort per client (IP) on requests that can make the app email a code; Convex holds the firm limits.
const throttleCodeRequests = codeRequestThrottle();

const authProxy = convexAuthNextjsMiddleware(
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
  { shouldHandleCode: (request) => convexAuthHandlesCode(request.nextUrl.pathname), convexUrl: deployment },
);

export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    convexUrl: deployment,
    development,
    // Next.js's own server speaks http; behind a TLS proxy it takes the protocol from X-Forwarded-Proto.
    secure: request.nextUrl.protocol === "https:",
  });
  // On the request too: Next.js reads the nonce from the request's policy and puts it on the scripts it renders
  // (Next.js docs, guides/content-security-policy). Convex Auth passes the request's headers on to the page.
  request.headers.set(CSP_HEADER, policy);
  const response =
    (await throttleCodeRequests(request)) ??
    (await authProxy(request, event)) ??
    NextResponse.next({ request: { headers: request.headers } });
  response.headers.set(CSP_HEADER, policy);
  return response;
}

export const config = {
  // Everything but static files and Next.js internals (Convex Auth's recommended matcher).
  matcher: ["/((?!.*\\..*|_next).*)", "/", "/(api|trpc)(.*)"],
};
