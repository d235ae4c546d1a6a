// The whole app on one machine with no network and no accounts: the TikTok simulator as TikTok, the Convex gateway
// as the Convex deployment (our real functions on convex-test), and the Next.js app pointed at both. `npm run demo`
// and the browser tests (e2e/) both start it through startStack(); nothing here is used in production.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { startGateway, type Gateway } from "../convex-gateway/index.js";
import { PROJECT_ROOT } from "../convex-gateway/modules.js";
import {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  start as startSim,
  type DatasetOption,
  type Sim,
} from "../tiktok-sim/index.js";
import { handledRefusalFilter } from "./next-output.js";

export interface StackOptions {
  /** `dev` compiles pages on first visit (the demo); `start` serves the production build (`next build` first). */
  next: "dev" | "start";
  /** 0 or unset: any free port. */
  appPort?: number;
  gatewayPort?: number;
  simPort?: number;
  /** Run convex/crons.ts on their schedules (the demo); tests trigger them through the gateway instead. */
  runCrons?: boolean;
  /** Print the gateway's and Next.js's own lines. */
  log?: boolean;
  /** The simulator's ad accounts: "demo" (one, the default) or "showcase" (the demo workspace's three). */
  dataset?: DatasetOption;
  /** More Convex environment for the gateway (e.g. the sync settings). */
  convexEnv?: Record<string, string>;
  /**
   * Called once the simulator and the gateway answer, before Next.js does, with a promise of Next.js answering:
   * work that needs only Convex (signing up, the sync) starts while Next.js compiles.
   */
  whileNextStarts?: (backend: Backend, nextReady: Promise<void>) => void;
}

/** The parts of the stack that answer before Next.js does. */
export interface Backend {
  appUrl: string;
  gatewayUrl: string;
  simUrl: string;
}

export interface Stack {
  /** The web app, e.g. http://localhost:3000. */
  appUrl: string;
  /** The Convex gateway (NEXT_PUBLIC_CONVEX_URL); its /_gateway/* endpoints drive tests. */
  gatewayUrl: string;
  /** The TikTok simulator; its /_sim/* endpoints play TikTok's and the advertiser's side. */
  simUrl: string;
  /** The key the tokens are sealed with in this run (tests open stored tokens with it). */
  tokenEncryptionKey: string;
  close(): Promise<void>;
}

export const CALLBACK_PATH = "/api/auth/tiktok/callback";

/** A port the stack needs is taken: which one, for what (run.ts names the setting that moves it). */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: "app" | "gateway" | "simulator",
  ) {
    super(`Port ${port} (${service}) is in use`);
  }
}

/** Rethrows a listen error on a taken port as a PortInUseError. */
const portTaken = (port: number | undefined, service: PortInUseError["service"]) => (error: unknown) => {
  throw (error as NodeJS.ErrnoException | null)?.code === "EADDRINUSE"
    ? new PortInUseError((error as { port?: number }).port ?? port ?? 0, service)
    : error;
};

/** Fails if the port is taken, as Next.js would when it listens (every address); Next itself only prints a stack. */
export async function ensureFree(port: number, service: PortInUseError["service"]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, () => server.close(() => resolve()));
  }).catch(portTaken(port, service));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Next.js exited with code ${child.exitCode} before serving ${url}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Next.js did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Prints Next.js's error output line by line, less the refusals a page already explains (next-output.ts). */
function printErrors(stream: Readable): void {
  const filter = handledRefusalFilter();
  let quiet: NodeJS.Timeout | undefined;
  const print = (lines: string[]) => {
    for (const line of lines) process.stderr.write(`${line}\n`);
  };
  createInterface({ input: stream })
    .on("line", (line) => {
      print(filter.line(line));
      // A held block is decided when the next line comes, or after a quiet moment (a failure may be the last line).
      clearTimeout(quiet);
      quiet = setTimeout(() => print(filter.end()), 300);
      quiet.unref();
    })
    .on("close", () => {
      clearTimeout(quiet);
      print(filter.end());
    });
}

/** The demo deployment's Convex environment: the simulator as TikTok, the app's callback, codes kept, not sent. */
export function demoDeploymentEnv(args: { appUrl: string; simUrl: string; tokenEncryptionKey: string }) {
  return {
    SITE_URL: args.appUrl,
    TIKTOK_APP_ID: DEFAULT_APP_ID,
    TIKTOK_APP_SECRET: DEFAULT_APP_SECRET,
    TIKTOK_ENVIRONMENT: "local",
    TIKTOK_API_ORIGIN: args.simUrl,
    TIKTOK_REDIRECT_URI: `${args.appUrl}${CALLBACK_PATH}`,
    TOKEN_ENCRYPTION_KEY: args.tokenEncryptionKey,
    TOKEN_ENCRYPTION_KEY_ID: "demo",
    // New accounts confirm their address with a code, as in production; nothing is sent: the codes stay in the
    // emailOutbox table, where the demo prints them (run.ts) and the browser tests read them.
    AUTH_EMAIL_DELIVERY: "capture",
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const appPort = options.appPort || (await freePort());
  // localhost, not 127.0.0.1: the browser's cookies and TikTok's redirect must agree on one origin.
  const appUrl = `http://localhost:${appPort}`;
  // Next.js gets the environment as it was before the gateway put the Convex functions' settings (the token key,
  // the TikTok secret, the sign-in keys) on this process: the web server must work without any of them, as in
  // production, where they live only on the Convex deployment.
  const webEnv = { ...process.env };
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    if (options.appPort) await ensureFree(appPort, "app");
    const sim: Sim = await startSim({
      port: options.simPort ?? 0,
      dataset: options.dataset ?? "demo",
      redirectUris: [`${appUrl}${CALLBACK_PATH}`],
    }).catch(portTaken(options.simPort, "simulator"));
    closers.push(() => sim.close());

    const tokenEncryptionKey = randomBytes(32).toString("base64");
    const gateway: Gateway = await startGateway({
      port: options.gatewayPort ?? 0,
      generateAuthKeys: true,
      runCrons: options.runCrons ?? false,
      log: options.log ?? false,
      env: { ...demoDeploymentEnv({ appUrl, simUrl: sim.url, tokenEncryptionKey }), ...options.convexEnv },
    }).catch(portTaken(options.gatewayPort, "gateway"));
    closers.push(() => gateway.close());

    const next = spawn(
      process.execPath,
      [join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), options.next, "-p", String(appPort)],
      {
        cwd: PROJECT_ROOT,
        // CONVEX_URL too: a build that inlined another NEXT_PUBLIC_CONVEX_URL must still talk to the gateway.
        env: {
          ...webEnv,
          CONVEX_URL: gateway.url,
          NEXT_PUBLIC_CONVEX_URL: gateway.url,
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(appPort),
        },
        // Next's errors (a port in use, a failing render) always show, less the sign-in refusals the page explains
        // (next-output.ts); its chatter only with --log, which shows everything.
        stdio: ["ignore", options.log ? "inherit" : "ignore", options.log ? "inherit" : "pipe"],
      },
    );
    if (next.stderr) printErrors(next.stderr);
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          if (next.exitCode !== null) return resolve();
          next.once("exit", () => resolve());
          next.kill("SIGTERM");
          setTimeout(() => next.kill("SIGKILL"), 5_000).unref();
        }),
    );
    const nextReady = waitForHttp(`${appUrl}/signin`, options.next === "dev" ? 120_000 : 60_000, next);
    options.whileNextStarts?.({ appUrl, gatewayUrl: gateway.url, simUrl: sim.url }, nextReady);
    await nextReady;
    return { appUrl, gatewayUrl: gateway.url, simUrl: sim.url, tokenEncryptionKey, close };
  } catch (error) {
    await close();
    throw error;
  }
}
