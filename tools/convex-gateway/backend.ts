// Our real Convex functions, executed in this process by convex-test: the one place that touches convex-test.
// It resolves a function path the way a deployment does (public only, unless the caller is trusted, and of the kind
// asked for), runs it as an identity, collects its console output, and reports failures in Convex's wire form.
// It also answers "has anything been committed since?" (the commit timestamp), which drives live updates, and
// "is any scheduled function running or due?", which `settle` waits on.

import { convexTest, type TestConvexForDataModel } from "convex-test";
import {
  makeFunctionReference,
  type GenericMutationCtx,
  type GenericQueryCtx,
  type GenericSchema,
  type SchemaDefinition,
} from "convex/server";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Identity } from "./auth.js";
import { collectLogs } from "./log-capture.js";
import { componentSources, importModule, moduleMap, type ModuleMap } from "./modules.js";
import { canonicalPath, describeError, GatewayFunctionError, type Outcome } from "./wire.js";

export type FunctionKind = "query" | "mutation" | "action";

type TestConvex = ReturnType<typeof convexTest>;
type Accessor = Omit<TestConvex, "registerComponent">;
/** The data model convex-test's accessor is typed with (the generic one: schemas are loaded at run time). */
type TestDataModel = TestConvex extends TestConvexForDataModel<infer DataModel> ? DataModel : never;
type QueryCtx = GenericQueryCtx<TestDataModel>;
type MutationCtx = GenericMutationCtx<TestDataModel>;
/** convex-test has it on every accessor; its type does not say so. */
type WithComponentRun = { runInComponent<T>(componentPath: string, fn: (ctx: MutationCtx) => Promise<T>): Promise<T> };

interface RegisteredFunction {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
}

const KIND_NAME: Record<FunctionKind, string> = { query: "Query", mutation: "Mutation", action: "Action" };

function kindOf(fn: RegisteredFunction): FunctionKind | null {
  return fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
}

export interface SettleResult {
  settled: boolean;
  /** Still running / due when `settled` is false. */
  running: number;
  due: number;
  waitedMs: number;
}

export interface BackendOptions {
  convexDir: string;
  /** Enforce Convex's per-transaction limits (convex-test's `transactionLimits`). */
  transactionLimits?: boolean;
}

export class Backend {
  private tsFallback = false;
  private lastFallbackTs = 0n;

  private constructor(
    private readonly t: TestConvex,
    readonly convexDir: string,
    private readonly modules: ModuleMap,
    readonly componentPaths: string[],
    private readonly warn: (message: string) => void,
    private readonly echo: (line: string) => void,
  ) {}

  /** `echo` receives the functions' console lines (they also go back to the caller as logLines). */
  static async create(
    options: BackendOptions,
    warn: (message: string) => void,
    echo: (line: string) => void = () => {},
  ): Promise<Backend> {
    const modules = moduleMap(options.convexDir);
    const schemaModule = (await importModule(modules, options.convexDir, "schema")) as {
      default: SchemaDefinition<GenericSchema, boolean>;
    } | null;
    if (!schemaModule) throw new Error(`${options.convexDir} has no schema.ts`);
    const t = convexTest({
      schema: schemaModule.default,
      modules,
      transactionLimits: options.transactionLimits ?? false,
    });
    const components = await componentSources(options.convexDir);
    for (const c of components) t.registerComponent(c.name, c.schema, c.modules);
    return new Backend(
      t,
      options.convexDir,
      modules,
      components.map((c) => c.name),
      warn,
      echo,
    );
  }

  /** A module of convex/ (e.g. "crons", "auth.config"), or null. */
  loadModule(modulePath: string): Promise<Record<string, unknown> | null> {
    return importModule(this.modules, this.convexDir, modulePath);
  }

  /** Finds a function as a deployment would, or throws the error a client would see. */
  async resolve(
    udfPath: string,
    expected: FunctionKind | "any",
    allowInternal: boolean,
  ): Promise<{ kind: FunctionKind; path: string }> {
    const { modulePath, exportName, canonical } = canonicalPath(udfPath);
    const notFound = () =>
      new GatewayFunctionError(
        `Could not find ${allowInternal ? "" : "public "}function for '${canonical}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      );
    if (modulePath.startsWith("_generated/") || modulePath.split("/").includes("..")) throw notFound();
    const mod = await this.loadModule(modulePath);
    const fn = mod?.[exportName] as RegisteredFunction | undefined;
    const kind = fn ? kindOf(fn) : null;
    if (!fn || !kind || (!allowInternal && fn.isPublic !== true)) throw notFound();
    if (expected !== "any" && kind !== expected) {
      throw new GatewayFunctionError(
        `Trying to execute ${canonical} as ${KIND_NAME[expected]}, but it is defined as ${KIND_NAME[kind]}.`,
      );
    }
    return { kind, path: canonical };
  }

  private as(identity: Identity | null): Accessor {
    return identity ? this.t.withIdentity(identity) : this.t;
  }

  /**
   * Runs a function and reports how it went; never throws. `allowInternal` is for the gateway's test endpoints and
   * crons: clients can only reach public functions.
   */
  async call(
    expected: FunctionKind | "any",
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    allowInternal = false,
  ): Promise<Outcome & { kind?: FunctionKind }> {
    const logLines: string[] = [];
    let kind: FunctionKind | undefined;
    try {
      const resolved = await this.resolve(udfPath, expected, allowInternal);
      kind = resolved.kind;
      const accessor = this.as(identity);
      // accessor.query / .mutation / .action, untyped: the path is only known at run time.
      const run = accessor[resolved.kind] as unknown as (ref: unknown, args: Record<string, Value>) => Promise<Value>;
      const value = await collectLogs(logLines, () => run(makeFunctionReference(resolved.path), args));
      return { ok: true, value: value ?? null, logLines, kind };
    } catch (e) {
      return { ok: false, ...describeError(e), logLines, ...(kind ? { kind } : {}) };
    } finally {
      for (const line of logLines) this.echo(`${udfPath} ${line}`);
    }
  }

  /** An HTTP action of convex/http.ts (Convex Auth's routes), as `identity`. */
  fetch(pathAndQuery: string, init: RequestInit, identity: Identity | null): Promise<Response> {
    return this.as(identity).fetch(pathAndQuery, init);
  }

  /**
   * The timestamp of the latest commit (any table, any component, scheduled functions included), in ns; 0 before
   * the first. convex-test keeps it for `getSnapshotTs`, so one cheap read answers "did anything change?".
   * Should that internal ever go away, a clock stands in: every check then counts as a change (slower, still right).
   */
  async snapshotTs(): Promise<bigint> {
    if (!this.tsFallback) {
      try {
        const ts: unknown = await this.t.query(() => {
          const convex = (globalThis as { Convex?: { syscall(op: string, args: string): string } }).Convex;
          return Promise.resolve(
            jsonToConvex(JSON.parse(convex!.syscall("1.0/getSnapshotTs", "{}")) as JSONValue) as bigint,
          );
        });
        if (typeof ts === "bigint") return ts;
        throw new Error(`unexpected snapshot ts ${String(ts)}`);
      } catch (e) {
        this.tsFallback = true;
        this.warn(
          `convex-test's snapshot timestamp is unavailable (${e instanceof Error ? e.message : String(e)}); re-checking every subscription on every tick instead`,
        );
      }
    }
    const now = BigInt(Date.now()) * 1_000_000n;
    this.lastFallbackTs = now > this.lastFallbackTs ? now : this.lastFallbackTs + 1n;
    return this.lastFallbackTs;
  }

  /** Inserts documents as they are (test seeding); returns their ids. */
  seed(table: string, documents: Record<string, Value>[]): Promise<string[]> {
    return this.t.run(async (ctx) => {
      const ids: string[] = [];
      for (const doc of documents) ids.push(await ctx.db.insert(table as never, doc));
      return ids;
    });
  }

  /** Sets fields of a document (test setup, e.g. making a connection due for its check). */
  async patch(id: string, fields: Record<string, Value>): Promise<void> {
    await this.t.run(async (ctx) => {
      if ((await ctx.db.get(id as never)) === null) throw new Error(`no document ${id}`);
      await ctx.db.patch(id as never, fields as never);
    });
  }

  /** The documents of a table of the app (oldest first), for tests' "what is stored" checks. */
  table(name: string, limit: number): Promise<Record<string, Value>[]> {
    // The table is named at run time, so its documents' type is convex-test's generic `any` one.
    return this.t.query((ctx) => ctx.db.query(name).take(limit) as Promise<Record<string, Value>[]>);
  }

  private async scheduledIn<T>(componentPath: string, fn: (ctx: QueryCtx) => Promise<T>): Promise<T> {
    // The app's own table can be read without a commit; a component's only through a (write-free) mutation.
    if (componentPath === "") return await this.t.query(fn);
    return await (this.t as unknown as WithComponentRun).runInComponent(componentPath, fn);
  }

  /** Scheduled functions running now, and pending ones due by `until` (epoch ms), across the app and its components. */
  async scheduledBacklog(until: number): Promise<{ running: number; due: number; nextAt?: number }> {
    const limit = until;
    let running = 0;
    let due = 0;
    let nextAt: number | undefined;
    for (const path of ["", ...this.componentPaths]) {
      const jobs = await this.scheduledIn<{ scheduledTime: number; state: { kind: string } }[]>(path, (ctx) =>
        ctx.db.system.query("_scheduled_functions").order("desc").take(2000),
      );
      for (const job of jobs) {
        if (job.state.kind === "inProgress") running++;
        else if (job.state.kind === "pending") {
          if (job.scheduledTime <= limit) {
            due++;
            nextAt = Math.min(nextAt ?? Infinity, job.scheduledTime);
          }
        }
      }
    }
    return { running, due, ...(nextAt !== undefined ? { nextAt } : {}) };
  }

  /**
   * Waits until no scheduled function is running and none is due by now + `horizonMs` (those due later are left
   * alone), or until `timeoutMs` passes. Functions that schedule others are followed: their children are pending
   * and due as soon as the parent commits. Scheduled functions fire on convex-test's real timers meanwhile.
   */
  async settle({
    horizonMs = 0,
    timeoutMs = 30_000,
  }: { horizonMs?: number; timeoutMs?: number } = {}): Promise<SettleResult> {
    const started = Date.now();
    const until = started + horizonMs;
    for (;;) {
      await this.t.finishInProgressScheduledFunctions();
      const { running, due, nextAt } = await this.scheduledBacklog(until);
      const waitedMs = Date.now() - started;
      if (running === 0 && due === 0) return { settled: true, running, due, waitedMs };
      if (waitedMs > timeoutMs) return { settled: false, running, due, waitedMs };
      const untilNext = nextAt !== undefined ? nextAt - Date.now() : 0;
      await new Promise((r) => setTimeout(r, Math.min(Math.max(untilNext, 5), 100)));
    }
  }

  /** Cancels every pending scheduled function (at close, so none fires against a stopped gateway). */
  async cancelPending(): Promise<void> {
    for (const path of ["", ...this.componentPaths]) {
      const run = (fn: (ctx: MutationCtx) => Promise<void>) =>
        path === "" ? this.t.run(fn) : (this.t as unknown as WithComponentRun).runInComponent(path, fn);
      await run(async (ctx) => {
        const pending = await ctx.db.system
          .query("_scheduled_functions")
          .filter((q) => q.eq(q.field("state.kind"), "pending"))
          .collect();
        for (const job of pending) await ctx.scheduler.cancel(job._id);
      });
    }
  }
}
