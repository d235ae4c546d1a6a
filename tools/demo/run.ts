// `npm run demo`: the whole app offline (tools/demo/stack.ts), opening on a full dashboard: a demo account whose
// workspace holds the simulator's three demo ad accounts (USD, EUR, JPY), connected through the real connect flow
// and synced for 90 days by the real sync (demo-workspace.ts). `--data empty` starts with no account instead: sign
// up (the email's code is printed here, see outbox.ts), connect the simulator's ad accounts by hand. Data lives in
// memory and is gone when this stops (Ctrl-C).
// It serves the production build (made once by `next build` when missing or older than its sources, build.ts):
// pages open at once, with no development overlay; `--next dev` runs the development server instead.
// `--json` prints the URLs as one JSON line once everything answers (the browser tests read it); with `--json` the
// data is empty unless `--data demo` says otherwise, since tests set their own scene.
import { parseArgs } from "node:util";
import { formatMoney } from "../../lib/format/numbers";
import {
  connectTikTok,
  demoAccount,
  sessionCookie,
  signUp,
  waitForSync,
  type Connected,
  type Session,
  type SyncedAccount,
} from "./demo-workspace.js";
import { runNextBuild, staleBuildReason } from "./build.js";
import { codeLine, watchOutbox } from "./outbox.js";
import { ensureFree, PortInUseError, startStack, type Backend } from "./stack.js";
import { PROJECT_ROOT } from "../convex-gateway/modules.js";

const USAGE = `Usage: npm run demo -- [options]
  --data demo|empty  demo (default): a signed-up demo account with three TikTok ad accounts connected and 90 days
                     synced; empty: no account yet (the first to sign up is admin; connect TikTok by hand)
  --dataset demo|showcase  with --data empty: the simulator's one demo ad account (default) or the demo workspace's
                     three (USD in Los Angeles, EUR in Berlin, JPY in Tokyo), to connect by hand or from a test
  --next start|dev   the production build (default; built first when missing or older than the sources) or the
                     Next.js dev server (compiles each page on its first visit; for working on the app)
  --port <n>         the app's port (default 3000); the gateway uses $CONVEX_GATEWAY_PORT (3210), the simulator $TIKTOK_SIM_PORT (8787)
  --any-ports        pick free ports for everything (tests)
  --no-crons         do not run the token sweep, the sync and the ledger cleanup on their schedules
  --json             print {"appUrl","gatewayUrl","simUrl","tokenEncryptionKey"[,"demo"]} on one line when ready
                     (empty data unless --data demo), and with demo data {"demoSynced"} when the sync is done;
                     serves the production build as it is (the caller builds first)
  --log              print the gateway's and Next.js's own lines`;

/** The demo's first sync: 90 days, as in production; all three accounts at once (the gateway runs one step at a time anyway). */
const DEMO_SYNC_ENV = { TIKTOK_SYNC_BACKFILL_DAYS: "90", TIKTOK_SYNC_PARALLELISM: "3" };
const BACKFILL_DAYS = Number(DEMO_SYNC_ENV.TIKTOK_SYNC_BACKFILL_DAYS);

interface Seeded {
  session: Session;
  connected: Connected;
}

/** Signs the demo account up as soon as Convex answers, and connects TikTok once the app's callback route does. */
async function seed(backend: Backend, nextReady: Promise<void>, account: { email: string; password: string }) {
  const session = await signUp(backend.gatewayUrl, account);
  await nextReady;
  const connected = await connectTikTok(backend.gatewayUrl, session);
  return { session, connected };
}

/** In dev, Next.js compiles a page on its first visit: visit the dashboard's pages now, while the sync runs. */
function warmUp(appUrl: string, session: Session): void {
  for (const path of ["/reports", "/connections"])
    void fetch(`${appUrl}${path}`, { headers: { Cookie: sessionCookie(session) }, redirect: "manual" })
      .then((res) => res.arrayBuffer())
      .catch(() => undefined);
}

/** The demo's own lines. Everything else the functions print (the sync's steps, the workpool's reports) only with --log. */
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main() {
  const t0 = Date.now();
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      dataset: { type: "string" },
      next: { type: "string", default: "start" },
      port: { type: "string" },
      "any-ports": { type: "boolean", default: false },
      "no-crons": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      log: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return say(USAGE);
  if (values.next !== "dev" && values.next !== "start") throw new Error("--next must be dev or start");
  const data = values.data ?? (values.json ? "empty" : "demo");
  if (data !== "demo" && data !== "empty") throw new Error("--data must be demo or empty");
  const dataset = values.dataset ?? "demo";
  if (dataset !== "demo" && dataset !== "showcase") throw new Error("--dataset must be demo or showcase");
  if (!values.log) console.log = console.info = console.debug = () => undefined;
  const anyPorts = values["any-ports"];
  const account = data === "demo" ? demoAccount() : undefined;
  const ports = {
    app: anyPorts ? 0 : Number(values.port ?? 3000),
    gateway: anyPorts ? 0 : Number(process.env.CONVEX_GATEWAY_PORT ?? 3210),
    sim: anyPorts ? 0 : Number(process.env.TIKTOK_SIM_PORT ?? 8787),
  };
  let buildSeconds = 0;
  // With --json (the browser tests, the benchmark) the caller has built already: a build here would only outlast
  // its start-up timeout, so the build there is served as it is.
  if (values.next === "start" && !values.json) {
    // A port in use is said at once, not after a build of a minute or more.
    if (ports.app) await ensureFree(ports.app, "app");
    if (ports.sim) await ensureFree(ports.sim, "simulator");
    if (ports.gateway) await ensureFree(ports.gateway, "gateway");
    const stale = staleBuildReason(PROJECT_ROOT);
    if (stale) {
      say(`  Building the app for production first (${stale}); later runs reuse the build.`);
      const builtFrom = Date.now();
      await runNextBuild(PROJECT_ROOT, values.log);
      buildSeconds = (Date.now() - builtFrom) / 1000;
    }
  }
  let seeding: Promise<Seeded> | undefined;
  const stack = await startStack({
    next: values.next,
    appPort: ports.app,
    gatewayPort: ports.gateway,
    simPort: ports.sim,
    runCrons: !values["no-crons"],
    log: values.log,
    dataset: account ? "showcase" : dataset,
    // With demo data the deployment's owner is the demo account (the app's own provisioning makes it admin).
    convexEnv: account ? { ...DEMO_SYNC_ENV, OWNER_EMAIL: account.email } : {},
    whileNextStarts: account
      ? (backend, nextReady) => {
          seeding = seed(backend, nextReady, account);
          seeding.catch(() => undefined); // awaited below, once the stack is up
        }
      : undefined,
  });
  const seeded = await seeding?.catch(async (error: unknown) => {
    await stack.close();
    throw new Error(
      `The demo workspace could not be set up: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  if (seeded) warmUp(stack.appUrl, seeded.session);
  // The demo sends no email: each sign-up's code is kept by the gateway, and shown here as it arrives (not with
  // --json, whose single line the browser tests read; they read the codes themselves). The demo account's own
  // code was used already.
  const outbox = values.json
    ? undefined
    : watchOutbox({
        gatewayUrl: stack.gatewayUrl,
        print: (email) => email.to !== account?.email && say(codeLine(email)),
      });
  const stop = () => {
    outbox?.stop();
    void stack.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (values.json) {
    say(
      JSON.stringify({
        appUrl: stack.appUrl,
        gatewayUrl: stack.gatewayUrl,
        simUrl: stack.simUrl,
        tokenEncryptionKey: stack.tokenEncryptionKey,
        ...(account ? { demo: account } : {}),
      }),
    );
  } else if (account) {
    say(`
  TikTok Ads on Convex: offline demo

  Open ${stack.appUrl} and sign in:
    email     ${account.email}
    password  ${account.password}

  Its workspace has the TikTok simulator's three demo ad accounts (USD, EUR, JPY), connected through TikTok's
  consent page and now syncing 90 days of campaigns and daily metrics (live on the Reports and Connections pages).
  To add someone, create an invite link on the Members page and open it in another browser (or a private window);
  their sign-in code is printed here. To start empty and connect by hand: npm run demo -- --data empty

  Convex (gateway, in memory)  ${stack.gatewayUrl}
  TikTok (simulator)           ${stack.simUrl}
  Ctrl-C stops everything; the data goes with it.
`);
  } else {
    say(`
  TikTok Ads on Convex: offline demo (empty)

  Open ${stack.appUrl} and create an account (the first one is the workspace admin).
  New accounts confirm their email with a code: no email is sent, the code is printed here.
  Then press Connect TikTok and Approve on the simulator's consent page.
  To add someone, create an invite link on the Members page and open it in another browser (or a private window).

  Convex (gateway, in memory)  ${stack.gatewayUrl}
  TikTok (simulator)           ${stack.simUrl}
  Ctrl-C stops everything; the data goes with it.
`);
  }
  if (!seeded) return;
  let synced: SyncedAccount[];
  try {
    synced = await waitForSync(stack.gatewayUrl, seeded.session, seeded.connected.workspaceId, {
      backfillDays: BACKFILL_DAYS,
      onProgress: (p) =>
        !values.json &&
        p.windowsPlanned > 0 &&
        say(
          `  Syncing: ${p.succeeded} of ${p.advertisers} ad accounts done, ${p.windowsDone} of ${p.windowsPlanned} report windows`,
        ),
    });
  } catch (error) {
    // The app keeps running: the Connections page shows what went wrong, and Sync now tries again.
    console.error(`  The demo's first sync stopped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const seconds = (Date.now() - t0) / 1000;
  if (values.json) return say(JSON.stringify({ demoSynced: { seconds, buildSeconds, accounts: synced } }));
  say(`
  ✓ ${BACKFILL_DAYS} days synced, ${seconds.toFixed(0)} s after the command${buildSeconds ? ` (${buildSeconds.toFixed(0)} s of it the one-time build)` : ""}. Spend over those days:
${synced.map((a) => `    ${a.name.padEnd(26)} ${formatMoney(a.spend, a.currency).padStart(16)}  (${a.timezone ?? "UTC"})`).join("\n")}
  The Reports page shows them: ${stack.appUrl}/reports
`);
}

/** Each server of the demo, and what moves it to another port. */
const MOVE_PORT: Record<PortInUseError["service"], [string, string]> = {
  app: ["the app", "npm run demo -- --port <port>"],
  gateway: [
    "the Convex gateway; a local Convex backend from npx convex dev?",
    "CONVEX_GATEWAY_PORT=<port> npm run demo",
  ],
  simulator: ["the TikTok simulator; npm run sim?", "TIKTOK_SIM_PORT=<port> npm run demo"],
};

main().catch((error: unknown) => {
  if (error instanceof PortInUseError) {
    const [what, move] = MOVE_PORT[error.service];
    console.error(`Port ${error.port} is in use (${what}): stop what uses it, or move it with ${move}`);
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
