// The HTTP actions of convex/http.ts (today only Convex Auth's: /.well-known/openid-configuration and
// /.well-known/jwks.json), run through convex-test's `t.fetch`. A deployment serves them on its separate
// `*.convex.site` origin; the gateway serves them on its one origin, beside /api/* (CONVEX_SITE_URL defaults to
// the gateway's URL for that reason).

import type { IncomingHttpHeaders } from "node:http";
import { AuthFailure, identityFromHeader, type Identity, type TokenVerifier } from "./auth.js";
import type { Backend } from "./backend.js";
import type { LiveHub } from "./live.js";

export interface HttpActionDeps {
  backend: Backend;
  hub: LiveHub;
  verifier: () => TokenVerifier;
}

/** Hop-by-hop headers describe this connection, not the request, and must not be forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

export async function handleHttpAction(
  deps: HttpActionDeps,
  method: string,
  pathAndQuery: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<Response> {
  let identity: Identity | null;
  try {
    identity = (await identityFromHeader(headers.authorization, deps.verifier()))?.identity ?? null;
  } catch (e) {
    if (e instanceof AuthFailure)
      return new Response(e.body(), { status: e.status, headers: { "content-type": "application/json" } });
    throw e;
  }
  const forwarded = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) forwarded.append(name, v);
  }
  const init: RequestInit = { method, headers: forwarded };
  if (method !== "GET" && method !== "HEAD" && body.length > 0) init.body = new Uint8Array(body);
  const response = await deps.backend.fetch(pathAndQuery, init, identity);
  if (method !== "GET" && method !== "HEAD") void deps.hub.check();
  return response;
}
