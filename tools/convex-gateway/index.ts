// Entry point of the Convex gateway: a local stand-in for a Convex deployment, for tests and the offline demo only
// (production uses real Convex). The unmodified `convex` clients talk to it over Convex's HTTP API and sync protocol;
// our real functions in convex/ run in this process on convex-test. startGateway() wires the pieces:
//
//   backend.ts        convex-test with our modules and components; resolves, runs and reports functions
//   auth.ts           JWT verification against convex/auth.config.ts → identities
//   http-api.ts       /api/query|mutation|action|function|run
//   http-actions.ts   convex/http.ts routes (Convex Auth's /.well-known/*) on the same origin
//   sync-protocol.ts  /api/<version>/sync WebSocket sessions
//   live.ts           commit detection → subscriptions re-run
//   crons.ts          convex/crons.ts jobs, on demand or on schedule
//   control.ts        /_gateway/* test endpoints
//   server.ts         the HTTP server and routing

import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { WebSocket } from "ws";
import { generateAuthKeys, type AuthKeys } from "./auth-keys.js";
import { parseAuthConfig, TokenVerifier } from "./auth.js";
import { Backend } from "./backend.js";
import { CronTimer, loadCrons, type CronJob } from "./crons.js";
import { runCron } from "./control.js";
import { LiveHub } from "./live.js";
import { installLogCapture, printLine } from "./log-capture.js";
import { importFresh, PROJECT_ROOT } from "./modules.js";
import { createGatewayServer } from "./server.js";
import { MutationLog, SyncSession } from "./sync-protocol.js";

export { generateAuthKeys, signJwt, type AuthKeys } from "./auth-keys.js";
export type { CronJob } from "./crons.js";

export interface GatewayOptions {
  /** Default 0: any free port (the CLI defaults to 3210, like Convex's local backend). */
  port?: number;
  /** Default 127.0.0.1. The /_gateway endpoints have no auth: do not listen beyond this machine. */
  host?: string;
  /**
   * Environment variables for our Convex functions (TIKTOK_*, TOKEN_ENCRYPTION_KEY, JWT_PRIVATE_KEY, JWKS, SITE_URL…).
   * Functions read `process.env`, so these are set on this process until close() (one environment per process).
   * CONVEX_CLOUD_URL and CONVEX_SITE_URL default to the gateway's URL, as a deployment sets them to its own.
   */
  env?: Record<string, string>;
  /** Print one line per request and function call, and the functions' console output. */
  log?: boolean;
  /** Enforce Convex's per-transaction limits (off by default). */
  transactionLimits?: boolean;
  /** Run convex/crons.ts jobs on their schedules (they can always be run on demand). */
  runCrons?: boolean;
  /** When JWT_PRIVATE_KEY and JWKS are both unset, generate a throwaway pair so Convex Auth can sign users in. */
  generateAuthKeys?: boolean;
  /** How often to look for commits made outside the gateway's requests (scheduled functions). Default 250 ms. */
  pollIntervalMs?: number;
  /** Default: the project's convex/ folder. */
  convexDir?: string;
}

export interface Gateway {
  /** The deployment URL for the clients (NEXT_PUBLIC_CONVEX_URL), also its site URL. */
  url: string;
  /** Stops serving, cancels pending scheduled functions and restores the environment. */
  close(): Promise<void>;
  /** Closes every sync WebSocket as a backend restart would; returns how many. */
  dropConnections(): number;
  /** The jobs of convex/crons.ts. */
  crons: CronJob[];
}

const print = (line: string) => printLine(`[convex-gateway] ${line}`);

/** The process environment, changed for the gateway's lifetime and put back afterwards. */
function environment() {
  const saved = new Map<string, string | undefined>();
  return {
    set(name: string, value: string) {
      if (!saved.has(name)) saved.set(name, process.env[name]);
      process.env[name] = value;
    },
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      saved.clear();
    },
  };
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const host = options.host ?? "127.0.0.1";
  // The /_gateway doors have no auth and read every table (password hashes included): never beyond this machine.
  if (!isLoopbackAddress(host)) {
    throw new Error(
      `The gateway listens only on a loopback address (127.0.0.1, ::1 or localhost); refusing ${JSON.stringify(host.slice(0, 64))}`,
    );
  }
  const env = environment();
  for (const [name, value] of Object.entries(options.env ?? {})) env.set(name, value);
  if (options.generateAuthKeys && !process.env.JWT_PRIVATE_KEY && !process.env.JWKS) {
    const authKeys: Record<keyof AuthKeys, string> = generateAuthKeys();
    for (const [name, value] of Object.entries(authKeys)) env.set(name, value);
  }
  const uninstallLogCapture = installLogCapture();
  try {
    return await serve(
      options,
      () => {
        env.restore();
        uninstallLogCapture();
      },
      (name, value) => env.set(name, value),
    );
  } catch (e) {
    env.restore();
    uninstallLogCapture();
    throw e;
  }
}

async function serve(
  options: GatewayOptions,
  release: () => void,
  setEnv: (name: string, value: string) => void,
): Promise<Gateway> {
  const convexDir = options.convexDir ?? join(PROJECT_ROOT, "convex");
  const log = options.log ? print : () => {};
  const warn = (line: string) => print(`warning: ${line}`);

  const backend = await Backend.create({ convexDir, transactionLimits: options.transactionLimits ?? false }, warn, log);
  const hub = new LiveHub(backend, options.pollIntervalMs ?? 250, warn);
  const sessions = new Set<SyncSession>();
  const mutations = new MutationLog();
  const crons = await loadCrons(backend);
  let url = "";
  let verifier = new TokenVerifier([], () => Promise.resolve(null)); // replaced below, before the first request can arrive
  const getVerifier = () => verifier;

  const dropConnections = () => {
    const all = [...sessions];
    for (const s of all) s.drop();
    return all.length;
  };

  const { server, wss } = createGatewayServer({
    api: { backend, hub, verifier: getVerifier, log },
    httpActions: { backend, hub, verifier: getVerifier },
    control: { url: () => url, backend, hub, crons, dropConnections, log },
    onSyncSocket: (ws: WebSocket) => {
      const session = new SyncSession(ws, {
        backend,
        hub,
        verifier: getVerifier,
        mutations,
        log,
        warn,
        onClosed: (s) => sessions.delete(s),
      });
      sessions.add(session);
    },
    log,
    warn,
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  url = `http://${urlHost}:${port}`;

  // A deployment sets these to its own URLs; Convex Auth signs tokens with CONVEX_SITE_URL as the issuer.
  if (!process.env.CONVEX_CLOUD_URL) setEnv("CONVEX_CLOUD_URL", url);
  if (!process.env.CONVEX_SITE_URL) setEnv("CONVEX_SITE_URL", url);

  try {
    // auth.config.ts reads the environment when it loads: load it now that the environment is complete.
    const siteOrigins = new Set([new URL(url).origin, new URL(process.env.CONVEX_SITE_URL!).origin]);
    const authConfigFile = join(convexDir, "auth.config.ts");
    const authConfig = existsSync(authConfigFile) ? await importFresh(authConfigFile) : { default: { providers: [] } };
    verifier = new TokenVerifier(parseAuthConfig(authConfig.default, warn), async (target) => {
      const u = new URL(target);
      // Our own origin: ask convex/http.ts in-process (what Convex Auth publishes), no network round trip.
      const response = siteOrigins.has(u.origin)
        ? await backend.fetch(u.pathname + u.search, { method: "GET" }, null)
        : await fetch(target);
      if (!response.ok) throw new Error(`${target} answered ${response.status}`);
      return (await response.json()) as unknown;
    });
  } catch (e) {
    server.close();
    throw e;
  }

  hub.start();
  const cronTimer = options.runCrons
    ? new CronTimer(crons, async (job) => void (await runCron({ backend, hub, log }, job)), warn)
    : null;
  cronTimer?.start();

  let closing: Promise<void> | null = null;
  return {
    url,
    crons,
    dropConnections,
    close() {
      closing ??= (async () => {
        await cronTimer?.stop();
        hub.stop();
        for (const s of [...sessions]) s.drop(false);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await backend.cancelPending().catch((e: unknown) => warn(`could not cancel scheduled functions: ${String(e)}`));
        release();
      })();
      return closing;
    },
  };
}

function isLoopbackAddress(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}
