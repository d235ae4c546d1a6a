/**
 * A limit per client (IP address) on the sign-in requests that can make the app email a code, for requests that
 * come through this site's /api/auth proxy (proxy.ts). Convex does not tell the sign-in action who called it, so this
 * is the only place a client's address is known.
 *
 * Best effort, on purpose: it lives in one server process's memory (each instance counts alone), and the client's
 * address comes from X-Forwarded-For, which only a trusted proxy in front (as on Vercel) makes reliable. Anyone can
 * also call the Convex deployment directly, past this site. The limits that hold whatever the client does are on the
 * Convex side, per address and per deployment (convex/authThrottle.ts); this one keeps one client from spending a
 * whole deployment's budget through the site.
 *
 * A throttled request is answered as Convex Auth's proxy answers one that sent a code (`{"tokens":null}`), so the
 * answer never tells whether a mail went out; the code page says how often codes can come (lib/auth/codes.ts).
 */

/** Requests that can email a code: a sign-up, a reset, or asking for a new verification code (no code sent). */
const MAILING_FLOWS = new Set(["signUp", "reset", "email-verification"]);

export interface ClientThrottleOptions {
  /** Requests a client may make in a row (default 10). */
  burst?: number;
  /** Then one more every this many milliseconds (default one a minute). */
  refillMs?: number;
  /** At most this many clients remembered; the longest-unseen are forgotten first (default 10,000). */
  maxClients?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

/** The client's address as the proxy in front reports it (the first X-Forwarded-For entry), else X-Real-IP. */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || "unknown";
}

/** Whether the request is a sign-in call that may email a code (read from a clone: the proxy reads the body after). */
export async function mayMailCode(request: Request, apiRoute = "/api/auth"): Promise<boolean> {
  if (request.method !== "POST") return false;
  const path = new URL(request.url).pathname.replace(/\/$/, "");
  if (path !== apiRoute) return false;
  let body: unknown;
  try {
    body = await request.clone().json();
  } catch {
    return false; // not JSON: Convex Auth's proxy refuses it itself
  }
  if (typeof body !== "object" || body === null) return false;
  const { action, args } = body as { action?: unknown; args?: { params?: { flow?: unknown; code?: unknown } } };
  const params = args?.params;
  return (
    action === "auth:signIn" &&
    typeof params?.flow === "string" &&
    MAILING_FLOWS.has(params.flow) &&
    params.code === undefined
  );
}

/**
 * A throttle for proxy.ts: answers a throttled request itself, or null to let Convex Auth's proxy handle it.
 * Token bucket per client: `burst` requests, then one per `refillMs`.
 */
export function codeRequestThrottle(options: ClientThrottleOptions = {}) {
  const burst = options.burst ?? 10;
  const refillMs = options.refillMs ?? 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();

  return async function throttle(request: Request): Promise<Response | null> {
    if (!(await mayMailCode(request))) return null;
    const key = clientAddress(request);
    const t = now();
    const last = buckets.get(key);
    const tokens = last ? Math.min(burst, last.tokens + (t - last.at) / refillMs) : burst;
    buckets.delete(key); // re-inserted below: the Map's order is then least recently seen first
    if (tokens < 1) {
      buckets.set(key, { tokens, at: t });
      return Response.json({ tokens: null });
    }
    buckets.set(key, { tokens: tokens - 1, at: t });
    while (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    return null;
  };
}
