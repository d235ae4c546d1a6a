// One WebSocket connection of Convex's sync protocol (what ConvexReactClient / ConvexClient speak; the client side
// is node_modules/convex/src/browser/sync/). The rules the client holds the server to:
//
// - Messages are handled strictly in order, one at a time (a queue per connection). Actions are the exception the
//   real backend makes too: they start in order but run alongside later messages, and answer when done.
// - Every Transition starts exactly at the last version sent on this connection ({ querySet, ts, identity }; a fresh
//   connection starts at 0/0/0) and ends at the new one. `ts` is the commit timestamp the results reflect.
// - A successful MutationResponse carries the mutation's commit ts; the client resolves the mutation only when a
//   later Transition reaches that ts, so one is always sent right after it.
// - Authenticate advances the identity version (baseVersion + 1) in a Transition when the token is good; a bad token
//   gets an AuthError and the connection is closed, as the real backend does; the client fetches a new token and
//   reconnects. An expired token met while running something gets an AuthError with authUpdateAttempted: false.
// - A mutation re-sent after a reconnect (same session id and request id) is answered from the first run, not run
//   again: the client counts on mutations being idempotent across reconnects.
// - A Ping goes out after 15 s of silence (the client reconnects after 60 s without any message).

import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { RawData, WebSocket } from "ws";
import { AuthFailure, type Identity, type TokenVerifier } from "./auth.js";
import type { Backend } from "./backend.js";
import type { LiveHub, LiveSubscriber } from "./live.js";
import { encodeTs, summary, type Outcome } from "./wire.js";

type AddQuery = {
  type: "Add";
  queryId: number;
  udfPath: string;
  args: JSONValue[];
  journal?: string | null;
  componentPath?: string;
};
type ClientMessage =
  | {
      type: "Connect";
      sessionId: string;
      connectionCount: number;
      lastCloseReason: string | null;
      maxObservedTimestamp?: string;
      clientTs?: number;
    }
  | { type: "Authenticate"; tokenType: "User" | "Admin" | "None"; value?: string; baseVersion: number }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (AddQuery | { type: "Remove"; queryId: number })[];
    }
  | { type: "Mutation"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Action"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Event"; eventType: string; event: unknown };

type StateVersion = { querySet: number; ts: bigint; identity: number };

interface Subscription {
  udfPath: string;
  args: Record<string, Value>;
  argsKey: string;
  journal: string | null;
  /** Why this query cannot run at all (bad arguments, a component path), if so. */
  invalid?: string;
  /** The key of the result last sent, to send only changes. */
  lastKey?: string;
}

type MutationResponse =
  | { type: "MutationResponse"; requestId: number; success: true; result: JSONValue; ts: string; logLines: string[] }
  | {
      type: "MutationResponse";
      requestId: number;
      success: false;
      result: string;
      logLines: string[];
      errorData?: JSONValue;
    };

const PING_AFTER_MS = 15_000;

/** Mutations already run, per client session, so a re-send after a reconnect is answered and not run twice. */
export class MutationLog {
  private readonly sessions = new Map<string, Map<number, Promise<{ response: MutationResponse; ts: bigint }>>>();

  constructor(
    private readonly maxSessions = 1000,
    private readonly maxPerSession = 500,
  ) {}

  get(sessionId: string, requestId: number) {
    return this.sessions.get(sessionId)?.get(requestId);
  }

  set(sessionId: string, requestId: number, result: Promise<{ response: MutationResponse; ts: bigint }>): void {
    let requests = this.sessions.get(sessionId);
    if (requests)
      this.sessions.delete(sessionId); // re-inserted below: most recently used last
    else requests = new Map();
    this.sessions.set(sessionId, requests);
    requests.set(requestId, result);
    if (requests.size > this.maxPerSession) requests.delete(requests.keys().next().value!);
    if (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

export interface SessionDeps {
  backend: Backend;
  hub: LiveHub;
  verifier: () => TokenVerifier;
  mutations: MutationLog;
  /** One line per function call when the gateway logs. */
  log: (line: string) => void;
  warn: (line: string) => void;
  onClosed: (session: SyncSession) => void;
}

function sameVersion(a: StateVersion, b: StateVersion): boolean {
  return a.querySet === b.querySet && a.ts === b.ts && a.identity === b.identity;
}

function encodeVersion(v: StateVersion) {
  return { querySet: v.querySet, ts: encodeTs(v.ts), identity: v.identity };
}

function argsObject(args: JSONValue[] | undefined): Record<string, Value> {
  const value = jsonToConvex(args?.[0] ?? {});
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) {
    throw new Error("arguments must be an object");
  }
  return value as Record<string, Value>;
}

/** A WebSocket message's text (ws hands it over as a Buffer unless `binaryType` is changed). */
function rawText(data: RawData): string {
  return Buffer.isBuffer(data)
    ? data.toString("utf8")
    : Array.isArray(data)
      ? Buffer.concat(data).toString("utf8")
      : Buffer.from(data).toString("utf8");
}

export class SyncSession implements LiveSubscriber {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** The version the client holds: the end of the last Transition sent. */
  private sent: StateVersion = { querySet: 0, ts: 0n, identity: 0 };
  private querySetVersion = 0;
  private identityVersion = 0;
  private identity: Identity | null = null;
  private tokenExpiresAt: number | null = null;
  private readonly queries = new Map<number, Subscription>();
  private refreshQueued = false;
  private sessionId: string | null = null;
  private clockSkew: number | undefined;
  private lastSentAt = Date.now();
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    ws.on("message", (data, isBinary) => {
      if (isBinary) return this.fatal("the sync protocol is JSON text");
      this.receive(rawText(data));
    });
    ws.on("close", () => this.dispose());
    ws.on("error", () => this.dispose());
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastSentAt >= PING_AFTER_MS) this.send({ type: "Ping" });
    }, PING_AFTER_MS / 3);
    this.pingTimer.unref();
    deps.hub.add(this);
  }

  /**
   * Closes the connection the way a backend restart would; the client reconnects and re-subscribes. Not graceful
   * (at shutdown) cuts the socket without waiting for the client's close frame.
   */
  drop(graceful = true): void {
    if (graceful) this.ws.close(1012, "InternalServerError: the gateway dropped this connection");
    else this.ws.terminate();
    this.dispose();
  }

  refresh(): void {
    if (this.refreshQueued || this.closed) return;
    this.refreshQueued = true;
    this.enqueue(async () => {
      this.refreshQueued = false;
      if (this.expired()) return;
      await this.transition({});
    });
  }

  private receive(raw: string): void {
    let message: ClientMessage;
    try {
      message = JSON.parse(raw) as ClientMessage;
    } catch {
      return this.fatal("a message that is not JSON");
    }
    this.enqueue(() => this.handle(message));
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (e) {
        this.deps.warn(`sync session failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        if (!this.closed) this.ws.close(1011, "InternalServerError: the gateway failed handling a message");
        this.dispose();
      }
    });
  }

  private async handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        if (typeof message.clientTs === "number") this.clockSkew = message.clientTs - Date.now();
        return;
      case "Authenticate":
        return this.authenticate(message);
      case "ModifyQuerySet":
        return this.modifyQuerySet(message);
      case "Mutation":
        return this.mutation(message);
      case "Action":
        return this.action(message);
      case "Event":
        return; // client telemetry
      default:
        return this.fatal(`an unknown message type ${(message as { type?: unknown }).type as string}`);
    }
  }

  private async authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>): Promise<void> {
    if (message.tokenType === "None") {
      this.identity = null;
      this.tokenExpiresAt = null;
    } else if (message.tokenType === "Admin") {
      return this.authError(message.baseVersion, "The Convex gateway accepts no admin keys.", true);
    } else {
      try {
        const verified = await this.deps.verifier().verify(message.value ?? "");
        this.identity = verified.identity;
        this.tokenExpiresAt = verified.expiresAt;
      } catch (e) {
        if (e instanceof AuthFailure) return this.authError(message.baseVersion, e.message, true);
        throw e;
      }
    }
    this.identityVersion = message.baseVersion + 1;
    await this.transition({ identityChanged: true });
  }

  private async modifyQuerySet(message: Extract<ClientMessage, { type: "ModifyQuerySet" }>): Promise<void> {
    if (message.baseVersion !== this.querySetVersion) {
      return this.fatal(
        `ModifyQuerySet from version ${message.baseVersion}, but the query set is at version ${this.querySetVersion}`,
      );
    }
    const added = new Set<number>();
    const removed = new Set<number>();
    for (const m of message.modifications) {
      if (m.type === "Add") {
        const sub: Subscription = {
          udfPath: m.udfPath,
          args: {},
          argsKey: JSON.stringify(m.args?.[0] ?? {}),
          journal: m.journal ?? null,
        };
        try {
          sub.args = argsObject(m.args);
        } catch (e) {
          sub.invalid = `Invalid arguments: ${e instanceof Error ? e.message : String(e)}`;
        }
        if (m.componentPath) sub.invalid = "Only admin auth can call functions of a component directly.";
        this.queries.set(m.queryId, sub);
        added.add(m.queryId);
        removed.delete(m.queryId);
      } else {
        this.queries.delete(m.queryId);
        added.delete(m.queryId);
        removed.add(m.queryId);
      }
    }
    this.querySetVersion = message.newVersion;
    await this.transition({ added, removed: [...removed] });
  }

  private async mutation(message: Extract<ClientMessage, { type: "Mutation" }>): Promise<void> {
    const known = this.sessionId !== null ? this.deps.mutations.get(this.sessionId, message.requestId) : undefined;
    let run = known;
    if (!run) {
      if (this.expired()) return;
      run = this.runMutation(message);
      if (this.sessionId !== null) this.deps.mutations.set(this.sessionId, message.requestId, run);
    }
    const { response } = await run;
    if (this.closed) return;
    this.send(response);
    if (response.success) {
      // The client resolves the mutation only once a Transition reaches its ts: always send one, even if empty.
      await this.transition({ force: true });
      void this.deps.hub.check();
    }
  }

  private async runMutation(
    message: Extract<ClientMessage, { type: "Mutation" }>,
  ): Promise<{ response: MutationResponse; ts: bigint }> {
    const started = Date.now();
    const outcome = message.componentPath
      ? componentRefused()
      : await this.callWithArgs("mutation", message.udfPath, message.args);
    const ts = await this.deps.hub.currentTs();
    this.deps.log(`ws M ${message.udfPath} ${summary(outcome)} ${Date.now() - started}ms`);
    const response: MutationResponse = outcome.ok
      ? {
          type: "MutationResponse",
          requestId: message.requestId,
          success: true,
          result: convexToJson(outcome.value),
          ts: encodeTs(ts),
          logLines: outcome.logLines,
        }
      : {
          type: "MutationResponse",
          requestId: message.requestId,
          success: false,
          result: outcome.errorMessage,
          logLines: outcome.logLines,
          ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
        };
    return { response, ts };
  }

  private action(message: Extract<ClientMessage, { type: "Action" }>): void {
    if (this.expired()) return;
    const started = Date.now();
    // Not awaited: an action may take long, and the connection keeps serving queries and mutations meanwhile.
    void (async () => {
      const outcome = message.componentPath
        ? componentRefused()
        : await this.callWithArgs("action", message.udfPath, message.args);
      this.deps.log(`ws A ${message.udfPath} ${summary(outcome)} ${Date.now() - started}ms`);
      void this.deps.hub.check();
      this.enqueue(async () => {
        // Reflect what the action wrote before answering, so a page sees its results when the promise resolves.
        await this.transition({});
        this.send(
          outcome.ok
            ? {
                type: "ActionResponse",
                requestId: message.requestId,
                success: true,
                result: convexToJson(outcome.value),
                logLines: outcome.logLines,
              }
            : {
                type: "ActionResponse",
                requestId: message.requestId,
                success: false,
                result: outcome.errorMessage,
                logLines: outcome.logLines,
                ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
              },
        );
      });
    })();
  }

  private async callWithArgs(kind: "mutation" | "action", udfPath: string, args: JSONValue[]): Promise<Outcome> {
    let decoded: Record<string, Value>;
    try {
      decoded = argsObject(args);
    } catch (e) {
      return {
        ok: false,
        errorMessage: `Invalid arguments: ${e instanceof Error ? e.message : String(e)}`,
        logLines: [],
      };
    }
    return this.deps.backend.call(kind, udfPath, decoded, this.identity);
  }

  /**
   * Sends the Transition from the version the client holds to the current one: re-runs every query when the commit
   * timestamp or the identity moved (only new ones otherwise) and includes only results that changed.
   */
  private async transition({
    added = new Set<number>(),
    removed = [],
    identityChanged = false,
    force = false,
  }: {
    added?: Set<number>;
    removed?: number[];
    identityChanged?: boolean;
    force?: boolean;
  }): Promise<void> {
    const current = await this.deps.hub.currentTs();
    const ts = current > this.sent.ts ? current : this.sent.ts;
    const rerunAll = identityChanged || ts !== this.sent.ts;
    const toRun = [...this.queries].filter(([id]) => rerunAll || added.has(id));
    const results = await Promise.all(
      toRun.map(async ([id, sub]) => {
        if (sub.invalid) {
          return {
            id,
            sub,
            outcome: { ok: false, errorMessage: sub.invalid, logLines: [] } as Outcome,
            key: `invalid:${sub.invalid}`,
          };
        }
        const { outcome, key } = await this.deps.hub.evaluate(this.identity, sub.udfPath, sub.args, sub.argsKey, ts);
        return { id, sub, outcome, key };
      }),
    );
    if (this.closed) return;
    const modifications: Record<string, JSONValue>[] = removed.map((queryId) => ({ type: "QueryRemoved", queryId }));
    for (const { id, sub, outcome, key } of results) {
      if (!this.queries.has(id) || (!added.has(id) && sub.lastKey === key)) continue;
      sub.lastKey = key;
      modifications.push(
        outcome.ok
          ? {
              type: "QueryUpdated",
              queryId: id,
              value: convexToJson(outcome.value),
              logLines: outcome.logLines,
              journal: sub.journal,
            }
          : {
              type: "QueryFailed",
              queryId: id,
              errorMessage: outcome.errorMessage,
              logLines: outcome.logLines,
              journal: sub.journal,
              ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
            },
      );
    }
    const end: StateVersion = { querySet: this.querySetVersion, ts, identity: this.identityVersion };
    if (!force && modifications.length === 0 && sameVersion(end, this.sent)) return;
    this.send({
      type: "Transition",
      startVersion: encodeVersion(this.sent),
      endVersion: encodeVersion(end),
      modifications,
      ...(this.clockSkew !== undefined ? { clientClockSkew: this.clockSkew, serverTs: Date.now() * 1_000_000 } : {}),
    });
    this.sent = end;
  }

  /** True (and the client told, and the connection closed) when the token the connection runs as has expired. */
  private expired(): boolean {
    if (this.tokenExpiresAt === null || Date.now() < this.tokenExpiresAt) return false;
    this.authError(this.identityVersion, "Convex token identity expired", false);
    return true;
  }

  private authError(baseVersion: number, error: string, authUpdateAttempted: boolean): void {
    this.send({ type: "AuthError", error, baseVersion, authUpdateAttempted });
    this.ws.close(1000, "AuthError");
    this.dispose();
  }

  private fatal(error: string): void {
    this.deps.warn(`sync protocol violation: ${error}`);
    this.send({ type: "FatalError", error: `The Convex gateway received ${error}` });
    this.ws.close(1011, "FatalError");
    this.dispose();
  }

  private send(message: Record<string, unknown>): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(message));
    this.lastSentAt = Date.now();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    this.deps.hub.remove(this);
    this.deps.onClosed(this);
  }
}

function componentRefused(): Outcome {
  return { ok: false, errorMessage: "Only admin auth can call functions of a component directly.", logLines: [] };
}
