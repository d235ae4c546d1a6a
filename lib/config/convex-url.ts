/**
 * The Convex deployment the Next.js server talks to, read when a request is served, never when the app is built.
 *
 * `next build` copies every `process.env.NEXT_PUBLIC_*` it can see into the built code, server code included. A
 * build made on a machine whose .env.local names a deployment would then talk to that deployment whatever the
 * server is started with (the demo and the browser tests start it pointed at the local gateway). So `CONVEX_URL`,
 * which Next never inlines, wins when set; `NEXT_PUBLIC_CONVEX_URL` (what `npx convex dev` writes) is the
 * fallback. Both are read by name at run time for the same reason.
 */
const SERVER_NAME = "CONVEX_URL";
const PUBLIC_NAME = "NEXT_PUBLIC_CONVEX_URL";

export function convexUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  return env[SERVER_NAME]?.trim() || env[PUBLIC_NAME]?.trim() || undefined;
}
