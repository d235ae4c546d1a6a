// `tsx tools/convex-gateway/cli.ts`: runs the Convex gateway as a standalone process for the demo and browser tests
// (test and demo only; production uses real Convex). Prints the URL to use as NEXT_PUBLIC_CONVEX_URL and stops cleanly
// on SIGINT/SIGTERM. The environment of our Convex functions is this process's (set it, or use
// `tsx --env-file=.env.convex tools/convex-gateway/cli.ts`). All behaviour lives in index.ts.

import { parseArgs } from "node:util";
import { startGateway } from "./index.js";

const USAGE = `Usage: tsx tools/convex-gateway/cli.ts [options]
  --port <n>              port (default $CONVEX_GATEWAY_PORT or 3210, like Convex's local backend)
  --host <h>              host (default 127.0.0.1; the /_gateway endpoints have no auth)
  --run-crons             run convex/crons.ts jobs on their schedules (always: POST /_gateway/crons/<name>)
  --transaction-limits    enforce Convex's per-transaction limits
  --generate-auth-keys    if JWT_PRIVATE_KEY and JWKS are unset, use a throwaway key pair for sign-in
  --log                   print one line per request and function call, and the functions' console output`;

/** Variables our functions need for sign-in and the TikTok connection (.env.convex.example); missing ones are reported. */
const EXPECTED_ENV = [
  "SITE_URL",
  "JWT_PRIVATE_KEY",
  "JWKS",
  "TOKEN_ENCRYPTION_KEY",
  "TIKTOK_APP_ID",
  "TIKTOK_APP_SECRET",
  "TIKTOK_REDIRECT_URI",
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "run-crons": { type: "boolean" },
      "transaction-limits": { type: "boolean" },
      "generate-auth-keys": { type: "boolean" },
      log: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const rawPort = values.port ?? process.env.CONVEX_GATEWAY_PORT ?? "3210";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${rawPort}`);

  const gateway = await startGateway({
    port,
    ...(values.host ? { host: values.host } : {}),
    runCrons: values["run-crons"] ?? false,
    transactionLimits: values["transaction-limits"] ?? false,
    generateAuthKeys: values["generate-auth-keys"] ?? false,
    log: values.log ?? false,
  });
  const missing = EXPECTED_ENV.filter((name) => !process.env[name]);
  console.log(`Convex gateway listening (test and demo only: data lives in memory; production uses real Convex)
  Deployment URL:  ${gateway.url}   (NEXT_PUBLIC_CONVEX_URL)
  Site URL:        ${process.env.CONVEX_SITE_URL}   (CONVEX_SITE_URL: Convex Auth's token issuer and /.well-known routes)
  Crons:           ${gateway.crons.map((c) => c.name).join(", ") || "none"} (${values["run-crons"] ? "on schedule, and " : ""}POST /_gateway/crons/<name>)
  Test endpoints:  ${gateway.url}/_gateway/health${missing.length ? `\n  Not set:         ${missing.join(", ")} (functions that need them will fail)` : ""}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the gateway`);
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  if ((err as NodeJS.ErrnoException | null)?.code === "EADDRINUSE") {
    const port = (err as { port?: number }).port;
    console.error(
      `Port ${port} is in use (another gateway, or a local Convex backend from npx convex dev?): stop what uses it, or pick another port with CONVEX_GATEWAY_PORT=<port> npm run gateway`,
    );
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(2);
});
