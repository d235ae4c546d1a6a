/**
 * The logic of GET /api/auth/tiktok/callback, free of Next.js and Convex so every branch is a unit test.
 *
 * TikTok sends the advertiser back with `auth_code` (and the same value as `code`) and our `state`, or without a
 * code when they declined (docs/tiktok-api.md §4). We read `auth_code`, falling back to `code`; a signed-out visitor
 * is sent to sign in and brought back (the state stays valid for its 10 minutes); otherwise one call completes
 * the connection, and every path ends in a redirect to a page that says what happened. Nothing is stored here.
 */
import { isConnectOutcome, type ConnectOutcome } from "../../../../../lib/connect/outcomes";
import { DEFAULT_RETURN_TO, sameSitePath } from "../../../../../lib/connect/paths";

export interface CompleteResult {
  outcome: ConnectOutcome;
  /** A same-origin path chosen when the attempt started. */
  returnTo?: string;
}

export interface CallbackDeps {
  /** The signed-in user's Convex token, or undefined when signed out. */
  getConvexToken(): Promise<string | undefined>;
  /** Runs the completing action as that user. */
  complete(args: { state: string; authCode: string }, token: string): Promise<CompleteResult>;
  signInPath?: string;
}

/** Only paths on this site; anything else falls back to the Connections page. */
function samePath(value: string | undefined): string {
  return sameSitePath(value) ?? DEFAULT_RETURN_TO;
}

function redirect(origin: string, path: string, outcome?: ConnectOutcome): Response {
  const target = new URL(path, origin);
  if (outcome) target.searchParams.set("tiktok", outcome);
  // The callback's own address holds TikTok's auth code and our state: never send it on as a Referer.
  return new Response(null, {
    status: 303,
    headers: { Location: target.toString(), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

export async function handleTikTokCallback(url: URL, deps: CallbackDeps): Promise<Response> {
  const params = url.searchParams;
  const authCode = params.get("auth_code") || params.get("code") || undefined;
  const state = params.get("state") || undefined;

  const token = await deps.getConvexToken();
  if (!token) {
    const back = `${url.pathname}${url.search}`;
    return redirect(url.origin, `${deps.signInPath ?? "/signin"}?returnTo=${encodeURIComponent(back)}`);
  }
  if (!state) return redirect(url.origin, DEFAULT_RETURN_TO, "missing_state");
  if (!authCode) return redirect(url.origin, DEFAULT_RETURN_TO, params.has("error") ? "denied" : "missing_code");

  let result: CompleteResult;
  try {
    result = await deps.complete({ state, authCode }, token);
  } catch {
    // The action's own failures come back as outcomes; a throw means it never ran properly.
    return redirect(url.origin, DEFAULT_RETURN_TO, "failed");
  }
  const outcome = isConnectOutcome(result.outcome) ? result.outcome : "failed";
  return redirect(url.origin, samePath(result.returnTo), outcome);
}
