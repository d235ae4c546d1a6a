// `npm run sim`: runs the simulator as a standalone process for local development and browser tests.
// Prints the API base, the app id and an example consent URL (never the app secret), and stops cleanly
// on SIGINT/SIGTERM. All behaviour lives in index.ts; this file only reads flags and environment.

import { parseArgs } from "node:util";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, start } from "./index.js";
import type { DatasetOption, Flavor, Tier, TokenMode } from "./types.js";

const USAGE = `Usage: npm run sim -- [options]
  --port <n>            port (default $TIKTOK_SIM_PORT or 8787)
  --host <h>            host (default 127.0.0.1)
  --seed <n>            dataset and behaviour seed (default 1)
  --dataset <name>      demo | showcase | small | bench | <advertisers>x<campaigns> (default demo)
  --tier <t>            basic | tier2 | tier3 | tier4 (default basic)
  --token-mode <m>      long_lived | expiring (default long_lived)
  --flavor <f>          production | sandbox (default production)
  --app-id <id>         default $TIKTOK_APP_ID or ${DEFAULT_APP_ID}
  --app-secret <s>      default $TIKTOK_APP_SECRET or the simulator's default
  --redirect-uri <uri>  registered redirect URI (repeatable; default: any http(s) URI)
  --advertiser-qps <n>  per advertiser and path requests/second before 40133, or "off" (default 10)
  --log                 print one line per request`;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`--${name} must be one of ${allowed.join(", ")}`);
  return value as T;
}

function dataset(value: string | undefined): DatasetOption | undefined {
  if (value === undefined) return undefined;
  if (value === "demo" || value === "showcase" || value === "small" || value === "bench") return value;
  const m = /^(\d+)x(\d+)$/.exec(value);
  if (!m) throw new Error("--dataset must be demo, showcase, small, bench or <advertisers>x<campaigns> (e.g. 5x200)");
  return { advertisers: Number(m[1]), campaignsPerAdvertiser: Number(m[2]) };
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      dataset: { type: "string" },
      tier: { type: "string" },
      "token-mode": { type: "string" },
      flavor: { type: "string" },
      "app-id": { type: "string" },
      "app-secret": { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "advertiser-qps": { type: "string" },
      log: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const appId = values["app-id"] ?? process.env.TIKTOK_APP_ID ?? DEFAULT_APP_ID;
  const redirectUris = values["redirect-uri"];
  const datasetOption = dataset(values.dataset);
  const tier = oneOf<Tier>("tier", values.tier, ["basic", "tier2", "tier3", "tier4"]);
  const tokenMode = oneOf<TokenMode>("token-mode", values["token-mode"], ["long_lived", "expiring"]);
  const flavor = oneOf<Flavor>("flavor", values.flavor, ["production", "sandbox"]);
  const seed = integer("seed", values.seed);
  const advertiserQps =
    values["advertiser-qps"] === "off" ? false : integer("advertiser-qps", values["advertiser-qps"]);
  const sim = await start({
    port: integer("port", values.port ?? process.env.TIKTOK_SIM_PORT) ?? 8787,
    ...(values.host ? { host: values.host } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(datasetOption ? { dataset: datasetOption } : {}),
    ...(tier ? { tier } : {}),
    ...(tokenMode ? { tokenMode } : {}),
    ...(flavor ? { flavor } : {}),
    appId,
    appSecret: values["app-secret"] ?? process.env.TIKTOK_APP_SECRET ?? DEFAULT_APP_SECRET,
    ...(redirectUris && redirectUris.length > 0 ? { redirectUris } : {}),
    ...(advertiserQps !== undefined ? { advertiserPathQps: advertiserQps } : {}),
    log: values.log ?? false,
  });

  const exampleRedirect = redirectUris?.[0] ?? "http://localhost:3000/api/auth/tiktok/callback";
  const consent = new URL(`${sim.url}/portal/auth`);
  consent.searchParams.set("app_id", appId);
  consent.searchParams.set("redirect_uri", exampleRedirect);
  consent.searchParams.set("state", "example-state");
  const advertisers = sim.control.advertisers();
  console.log(`TikTok API simulator listening
  API base:     ${sim.apiBase}
  App id:       ${appId}
  Advertisers:  ${advertisers.length} (${[...new Set(advertisers.map((a) => a.currency))].join(", ")})
  Consent URL:  ${consent.toString()}
  Control:      ${sim.url}/_sim/state`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the simulator`);
    sim.close().then(
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
      `Port ${port} is in use (another simulator?): stop what uses it, or pick another port with TIKTOK_SIM_PORT=<port> npm run sim`,
    );
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(2);
});
