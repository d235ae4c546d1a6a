// Live updates: notices commits and tells every sync session to re-run its queries.
//
// Anything can write: a client's mutation or action, a scheduled function convex-test fires on a real timer, a cron,
// a test seeding data. Rather than hooking each, the hub polls the latest commit timestamp (one cheap read, every
// `intervalMs` and right after every write the gateway itself started) and, when it moved, asks each session to
// refresh. Sessions re-run their queries and send a Transition only for results that changed. Query results are
// shared between sessions for the same identity, function, arguments and timestamp.

import { convexToJson, type Value } from "convex/values";
import type { Identity } from "./auth.js";
import type { Backend } from "./backend.js";
import type { Outcome } from "./wire.js";

export interface LiveSubscriber {
  /** Schedule a re-run of this subscriber's queries (coalesced by the subscriber). */
  refresh(): void;
}

export interface QueryResult {
  outcome: Outcome;
  /** Equal keys mean equal results: only changed results are sent. */
  key: string;
}

export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private lastTs = -1n;
  private checking: Promise<void> | null = null;
  private checkAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private cacheTs = -1n;
  private cache = new Map<string, Promise<QueryResult>>();

  constructor(
    private readonly backend: Backend,
    private readonly intervalMs: number,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  add(subscriber: LiveSubscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** The latest commit timestamp: the `ts` of the next Transition. */
  currentTs(): Promise<bigint> {
    return this.backend.snapshotTs();
  }

  /**
   * Looks for new commits now and, if there are, asks every subscriber to refresh. Calls during a check make it
   * look once more, so a write that lands while a check is reading is never missed.
   */
  check(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.checkAgain = false;
        try {
          const ts = await this.backend.snapshotTs();
          if (ts === this.lastTs) continue;
          this.lastTs = ts;
          for (const s of this.subscribers) s.refresh();
        } catch (e) {
          this.warn(`live update check failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      } while (this.checkAgain);
    })().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** Runs a query as `identity`, sharing the result with other sessions asking the same thing at the same `ts`. */
  evaluate(
    identity: Identity | null,
    udfPath: string,
    args: Record<string, Value>,
    argsKey: string,
    ts: bigint,
  ): Promise<QueryResult> {
    if (ts !== this.cacheTs) {
      this.cacheTs = ts;
      this.cache = new Map();
    }
    const key = `${identity?.tokenIdentifier ?? ""}\u0000${udfPath}\u0000${argsKey}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.backend.call("query", udfPath, args, identity).then((outcome) => ({
        outcome,
        key: outcome.ok
          ? `ok:${JSON.stringify(convexToJson(outcome.value))}`
          : `error:${outcome.errorMessage.replace(/^\[Request ID: [0-9a-f]+\] /, "")}:${JSON.stringify(outcome.errorData ?? null)}`,
      }));
      this.cache.set(key, result);
    }
    return result;
  }
}
