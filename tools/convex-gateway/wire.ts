// What goes over the wire, in the shapes the `convex` client expects (node_modules/convex/src/browser/sync/protocol.ts
// and http_client.ts): timestamps as base64 little-endian u64, function paths in canonical form, and function
// errors as `[Request ID: …] Server Error\nUncaught …` text plus `errorData` for a ConvexError, so `error.data`
// survives the trip.

import { randomBytes } from "node:crypto";
import { convexToJson, type JSONValue, type Value } from "convex/values";

/** A Convex timestamp (u64) as the sync protocol encodes it: 8 bytes little-endian, base64. */
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

export function decodeTs(encoded: string): bigint {
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== 8) throw new Error(`a timestamp is 8 bytes, got ${bytes.length}`);
  return bytes.readBigUInt64LE();
}

/** `workspaces/members` → `workspaces/members:default`; `foo.js:bar` → `foo:bar` (as the client canonicalizes). */
export function canonicalPath(udfPath: string): { modulePath: string; exportName: string; canonical: string } {
  const colon = udfPath.indexOf(":");
  const rawModule = colon === -1 ? udfPath : udfPath.slice(0, colon);
  const exportName = colon === -1 ? "default" : udfPath.slice(colon + 1);
  const modulePath = rawModule.replace(/\.js$/, "");
  return { modulePath, exportName, canonical: `${modulePath}:${exportName}` };
}

/** The outcome of running one Convex function, before it is put in an HTTP body or a sync message. */
export type Outcome =
  | { ok: true; value: Value; logLines: string[] }
  | { ok: false; errorMessage: string; errorData?: JSONValue; logLines: string[] };

/** A failure the gateway itself decides (unknown function, wrong kind): reported like a function error. */
export class GatewayFunctionError extends Error {
  override name = "GatewayFunctionError";
}

function isConvexError(e: unknown): e is Error & { data: Value } {
  // ConvexError marks itself with a registered symbol, so this works across copies of the `convex` package.
  return typeof e === "object" && e !== null && Symbol.for("ConvexError") in e;
}

/**
 * A thrown error as a dev deployment reports it. ConvexError keeps its data as `errorData` (the client turns it back
 * into `error.data`); other errors keep their message (a production deployment would say only "Server Error").
 */
export function describeError(e: unknown): { errorMessage: string; errorData?: JSONValue } {
  const requestId = randomBytes(8).toString("hex");
  const prefix = `[Request ID: ${requestId}] Server Error\n`;
  if (e instanceof GatewayFunctionError) return { errorMessage: prefix + e.message };
  if (isConvexError(e)) {
    return { errorMessage: `${prefix}Uncaught ConvexError: ${e.message}`, errorData: convexToJson(e.data ?? null) };
  }
  if (e instanceof Error) return { errorMessage: `${prefix}Uncaught ${e.name || "Error"}: ${e.message}` };
  return { errorMessage: `${prefix}Uncaught ${String(e)}` };
}

/** "ok", or the error in one short line, for the gateway's request log. */
export function summary(outcome: Outcome): string {
  if (outcome.ok) return "ok";
  const line = outcome.errorMessage.replace(/^\[Request ID: \w+\] Server Error\n/, "").split("\n")[0] ?? "";
  return `error: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
}

/** The HTTP status Convex uses for "the function ran and failed" (STATUS_CODE_UDF_FAILED in http_client.ts). */
export const STATUS_FUNCTION_FAILED = 560;

/** The body of `/api/query|mutation|action` answers. */
export function httpBody(outcome: Outcome): Record<string, JSONValue> {
  if (outcome.ok) return { status: "success", value: convexToJson(outcome.value), logLines: outcome.logLines };
  return {
    status: "error",
    errorMessage: outcome.errorMessage,
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
    logLines: outcome.logLines,
  };
}
