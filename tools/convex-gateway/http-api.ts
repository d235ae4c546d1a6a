// Convex's HTTP API, as ConvexHttpClient (and so `fetchQuery`/`fetchMutation`/`fetchAction` from "convex/nextjs",
// and Convex Auth's Next.js server helpers) call it: see node_modules/convex/src/browser/http_client.ts.
//
//   POST /api/query | /api/mutation | /api/action   { path, args: [convexToJson(args)], format }
//   POST /api/query_at_ts                           same, plus `ts` (answered at the latest state)
//   POST /api/function                              { path, args: convexToJson(args), format } (any kind)
//   POST /api/run/<module path>/<function>          { args, format } (Convex's documented REST form)
//   POST /api/query_ts                              → { ts }
//
// Answers `{ status: "success", value, logLines }`, or `{ status: "error", errorMessage, errorData?, logLines }` with
// HTTP 560 when the function failed. A bad token is HTTP 401 with `{ code, message }`, as Convex does.

import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { AuthFailure, identityFromHeader, type Identity, type TokenVerifier } from "./auth.js";
import type { Backend, FunctionKind } from "./backend.js";
import type { LiveHub } from "./live.js";
import { encodeTs, httpBody, STATUS_FUNCTION_FAILED, summary } from "./wire.js";

export interface ApiDeps {
  backend: Backend;
  hub: LiveHub;
  verifier: () => TokenVerifier;
  log: (line: string) => void;
}

export interface JsonAnswer {
  status: number;
  body: string;
}

const json = (status: number, body: unknown): JsonAnswer => ({ status, body: JSON.stringify(body) });
const badRequest = (message: string) => json(400, { code: "BadJsonBody", message });

const ENDPOINTS: Record<string, FunctionKind | "any"> = {
  "/api/query": "query",
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
  "/api/function": "any",
};

/** True for the paths this module answers; everything else under /api belongs to convex/http.ts. */
export function isFunctionApi(pathname: string): boolean {
  return pathname in ENDPOINTS || pathname === "/api/query_ts" || pathname.startsWith("/api/run/");
}

/** The call's arguments: `[args]` (the clients) or `args` (the REST form); missing means `{}`. */
function argsOf(raw: unknown): Record<string, Value> {
  const encoded: unknown = Array.isArray(raw) ? (raw[0] ?? {}) : (raw ?? {});
  const value = jsonToConvex(encoded as JSONValue);
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) {
    throw new Error("`args` must be an object");
  }
  return value as Record<string, Value>;
}

export async function handleFunctionApi(
  deps: ApiDeps,
  pathname: string,
  bodyText: string,
  authorization: string | undefined,
): Promise<JsonAnswer> {
  if (pathname === "/api/query_ts") return json(200, { ts: encodeTs(await deps.hub.currentTs()) });

  let body: Record<string, unknown>;
  try {
    body = (bodyText ? JSON.parse(bodyText) : {}) as Record<string, unknown>;
    if (typeof body !== "object" || body === null) throw new Error("not an object");
  } catch {
    return badRequest("The request body must be a JSON object");
  }
  let kind: FunctionKind | "any";
  let path: unknown;
  if (pathname.startsWith("/api/run/")) {
    // /api/run/workspaces/members/mine → workspaces/members:mine
    const segments = pathname.slice("/api/run/".length).split("/").filter(Boolean).map(decodeURIComponent);
    if (segments.length < 2) return badRequest("/api/run/ needs a module path and a function name");
    kind = "any";
    path = `${segments.slice(0, -1).join("/")}:${segments.at(-1)}`;
  } else {
    kind = ENDPOINTS[pathname]!;
    path = body.path;
  }
  if (typeof path !== "string" || !path) return badRequest('`path` must name a function, e.g. "messages:list"');
  if (body.componentPath)
    return json(401, { code: "Unauthorized", message: "Only admin auth can call functions of a component directly" });
  let args: Record<string, Value>;
  try {
    args = argsOf(body.args);
  } catch (e) {
    return badRequest(`Invalid arguments: ${e instanceof Error ? e.message : String(e)}`);
  }

  let identity: Identity | null;
  try {
    identity = (await identityFromHeader(authorization, deps.verifier()))?.identity ?? null;
  } catch (e) {
    if (e instanceof AuthFailure) return { status: e.status, body: e.body() };
    throw e;
  }

  const started = Date.now();
  const outcome = await deps.backend.call(kind, path, args, identity);
  deps.log(
    `http ${(outcome.kind ?? kind).charAt(0).toUpperCase()} ${path} ${summary(outcome)} ${Date.now() - started}ms`,
  );
  // Writes change what subscribers see: tell the live hub now rather than at its next tick.
  if (outcome.kind !== "query") void deps.hub.check();
  return json(outcome.ok ? 200 : STATUS_FUNCTION_FAILED, httpBody(outcome));
}
