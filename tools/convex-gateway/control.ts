// The gateway's own endpoints under /_gateway, for tests and the demo only (a deployment has nothing like them):
// they run internal functions and write documents with no auth at all, which is why the gateway listens on
// 127.0.0.1 by default and must never be exposed.
//
//   GET  /_gateway/health                 { ok, url, components, crons }
//   GET  /_gateway/crons                  the jobs of convex/crons.ts with their next scheduled run
//   POST /_gateway/crons/<name>           runs a job now, waits for it and for what it scheduled (due now)
//   POST /_gateway/run                    { kind?, path, args? }: any function, internal ones included
//   POST /_gateway/seed                   { table, document } or { table, documents: [...] } → { ids }
//   POST /_gateway/patch                  { id, fields }: sets fields of a document
//   GET  /_gateway/tables/<table>         { documents } (up to ?limit=, default 1000), oldest first
//   POST /_gateway/settle                 { horizonMs?, timeoutMs? }: waits for scheduled functions (504 if not done)
//   POST /_gateway/drop-connections       closes every sync WebSocket, as a backend restart would
//
// Function results use the HTTP API's shape ({ status, value | errorMessage, errorData?, logLines }, 560 on error).

import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Backend } from "./backend.js";
import { nextRun, type CronJob } from "./crons.js";
import type { JsonAnswer } from "./http-api.js";
import type { LiveHub } from "./live.js";
import { httpBody, STATUS_FUNCTION_FAILED, summary, type Outcome } from "./wire.js";

export interface ControlDeps {
  url: () => string;
  backend: Backend;
  hub: LiveHub;
  crons: CronJob[];
  dropConnections: () => number;
  log: (line: string) => void;
}

const json = (status: number, body: unknown): JsonAnswer => ({ status, body: JSON.stringify(body) });

function parseBody(text: string): Record<string, unknown> {
  if (!text) return {};
  const body: unknown = JSON.parse(text);
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new Error("the body must be a JSON object");
  return body as Record<string, unknown>;
}

function objectArg(raw: unknown, what: string): Record<string, Value> {
  const value = jsonToConvex((raw ?? {}) as JSONValue);
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) {
    throw new Error(`${what} must be an object`);
  }
  return value as Record<string, Value>;
}

function outcomeAnswer(outcome: Outcome, extra: Record<string, unknown> = {}): JsonAnswer {
  return json(outcome.ok ? 200 : STATUS_FUNCTION_FAILED, { ...httpBody(outcome), ...extra });
}

/** Runs a cron job as the scheduler would (no identity, internal functions allowed) and waits for its work. */
export async function runCron(deps: Pick<ControlDeps, "backend" | "hub" | "log">, job: CronJob, horizonMs = 0) {
  const started = Date.now();
  const outcome = await deps.backend.call("any", job.functionPath, job.args, null, true);
  const settle = await deps.backend.settle({ horizonMs });
  await deps.hub.check();
  deps.log(`cron "${job.name}" (${job.functionPath}) ${summary(outcome)} ${Date.now() - started}ms`);
  return { outcome, settle };
}

export async function handleControl(
  deps: ControlDeps,
  method: string,
  url: URL,
  bodyText: string,
): Promise<JsonAnswer> {
  const path = url.pathname;
  let body: Record<string, unknown>;
  try {
    body = parseBody(bodyText);
  } catch (e) {
    return json(400, { error: e instanceof Error ? e.message : String(e) });
  }
  const number = (name: string): number | undefined => {
    const raw = body[name] ?? url.searchParams.get(name) ?? undefined;
    return raw === undefined ? undefined : Number(raw);
  };

  if (method === "GET" && path === "/_gateway/health") {
    return json(200, {
      ok: true,
      url: deps.url(),
      components: deps.backend.componentPaths,
      crons: deps.crons.map((c) => c.name),
    });
  }

  if (method === "GET" && path === "/_gateway/crons") {
    const now = Date.now();
    return json(200, {
      crons: deps.crons.map((c) => {
        const next = nextRun(c.schedule, now);
        return {
          name: c.name,
          function: c.functionPath,
          args: convexToJson(c.args),
          schedule: c.schedule,
          nextRunAt: next === null ? null : new Date(next).toISOString(),
        };
      }),
    });
  }

  if (method === "POST" && path.startsWith("/_gateway/crons/")) {
    const name = decodeURIComponent(path.slice("/_gateway/crons/".length));
    const job = deps.crons.find((c) => c.name === name);
    if (!job) return json(404, { error: `no cron named "${name}"`, crons: deps.crons.map((c) => c.name) });
    const { outcome, settle } = await runCron(deps, job, number("horizonMs") ?? 0);
    return outcomeAnswer(outcome, { cron: job.name, function: job.functionPath, settled: settle.settled });
  }

  if (method === "POST" && path === "/_gateway/run") {
    const kind = body.kind ?? "any";
    if (kind !== "any" && kind !== "query" && kind !== "mutation" && kind !== "action") {
      return json(400, { error: "`kind` must be query, mutation or action" });
    }
    if (typeof body.path !== "string" || !body.path)
      return json(400, { error: '`path` must name a function, e.g. "tiktok/tokens:sweep"' });
    let args: Record<string, Value>;
    try {
      args = objectArg(body.args, "`args`");
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
    const started = Date.now();
    const outcome = await deps.backend.call(kind, body.path, args, null, true);
    deps.log(`run ${body.path} ${summary(outcome)} ${Date.now() - started}ms`);
    void deps.hub.check();
    return outcomeAnswer(outcome);
  }

  if (method === "POST" && path === "/_gateway/seed") {
    if (typeof body.table !== "string" || !body.table) return json(400, { error: "`table` must name a table" });
    const raw = body.documents ?? (body.document !== undefined ? [body.document] : undefined);
    if (!Array.isArray(raw) || raw.length === 0)
      return json(400, { error: "give `document` or a non-empty `documents` array" });
    let documents: Record<string, Value>[];
    try {
      documents = raw.map((d) => objectArg(d, "each document"));
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
    try {
      const ids = await deps.backend.seed(body.table, documents);
      await deps.hub.check();
      return json(200, { ids });
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  if (method === "POST" && path === "/_gateway/patch") {
    if (typeof body.id !== "string" || !body.id) return json(400, { error: "`id` must be a document id" });
    try {
      await deps.backend.patch(body.id, objectArg(body.fields, "`fields`"));
      await deps.hub.check();
      return json(200, { ok: true });
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  if (method === "GET" && path.startsWith("/_gateway/tables/")) {
    const table = decodeURIComponent(path.slice("/_gateway/tables/".length));
    try {
      const documents = await deps.backend.table(table, number("limit") ?? 1000);
      return json(200, { documents: documents.map((d) => convexToJson(d)) });
    } catch (e) {
      return json(400, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  if (method === "POST" && path === "/_gateway/settle") {
    const result = await deps.backend.settle({
      horizonMs: number("horizonMs") ?? 0,
      timeoutMs: number("timeoutMs") ?? 30_000,
    });
    await deps.hub.check();
    return json(result.settled ? 200 : 504, result);
  }

  if (method === "POST" && path === "/_gateway/drop-connections") {
    return json(200, { dropped: deps.dropConnections() });
  }

  return json(404, { error: `no gateway endpoint ${method} ${path}` });
}
