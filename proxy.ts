/**
 * Convex Auth on the Next.js server: proxies sign-in/sign-out at /api/auth, keeps the session cookies fresh, and
 * exchanges Convex Auth's own `?code=` — except on the TikTok callback, whose `code` is TikTok's
 * (lib/connect/auth-code.ts). Next 16 calls this file `proxy.ts` (formerly `middleware.ts`). No route protection yet.
 */
import { convexAuthNextjsMiddleware } from "@convex-dev/auth/nextjs/server";
import { convexAuthHandlesCode } from "./lib/connect/auth-code";

export default convexAuthNextjsMiddleware(undefined, {
  shouldHandleCode: (request) => convexAuthHandlesCode(request.nextUrl.pathname),
});

export const config = {
  // Everything but static files and Next.js internals (Convex Auth's recommended matcher).
  matcher: ["/((?!.*\\..*|_next).*)", "/", "/(api|trpc)(.*)"],
};
