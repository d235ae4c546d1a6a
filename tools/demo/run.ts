// `npm run demo`: the whole app offline (tools/demo/stack.ts): sign up (the email's code is printed here, see
// outbox.ts), connect the simulator's demo advertiser and watch it on the Connections page. Data lives in memory and
// is gone when this stops (Ctrl-C).
// `--json` prints the URLs as one JSON line once everything answers (the browser tests read it).
import { parseArgs } from "node:util";
import { codeLine, watchOutbox } from "./outbox.js";
import { PortInUseError, startStack } from "./stack.js";

const USAGE = `Usage: npm run demo -- [options]
  --next dev|start   Next.js dev server (default; compiles pages on first visit) or the production build (run next build first)
  --port <n>         the app's port (default 3000); the gateway uses $CONVEX_GATEWAY_PORT (3210), the simulator $TIKTOK_SIM_PORT (8787)
  --any-ports        pick free ports for everything (tests)
  --no-crons         do not run the token sweep and ledger cleanup on their schedules
  --json             print {"appUrl","gatewayUrl","simUrl","tokenEncryptionKey"} on one line when ready
  --log              print the gateway's and Next.js's own lines`;

async function main() {
  const { values } = parseArgs({
    options: {
      next: { type: "string", default: "dev" },
      port: { type: "string" },
      "any-ports": { type: "boolean", default: false },
      "no-crons": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      log: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (values.next !== "dev" && values.next !== "start") throw new Error("--next must be dev or start");
  const anyPorts = values["any-ports"];
  const stack = await startStack({
    next: values.next,
    appPort: anyPorts ? 0 : Number(values.port ?? 3000),
    gatewayPort: anyPorts ? 0 : Number(process.env.CONVEX_GATEWAY_PORT ?? 3210),
    simPort: anyPorts ? 0 : Number(process.env.TIKTOK_SIM_PORT ?? 8787),
    runCrons: !values["no-crons"],
    log: values.log,
  });
  // The demo sends no email: each sign-up's code is kept by the gateway, and shown here as it arrives (not with
  // --json, whose single line the browser tests read; they read the codes themselves).
  const outbox = values.json
    ? undefined
    : watchOutbox({ gatewayUrl: stack.gatewayUrl, print: (email) => console.log(codeLine(email)) });
  const stop = () => {
    outbox?.stop();
    void stack.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (values.json) {
    console.log(
      JSON.stringify({
        appUrl: stack.appUrl,
        gatewayUrl: stack.gatewayUrl,
        simUrl: stack.simUrl,
        tokenEncryptionKey: stack.tokenEncryptionKey,
      }),
    );
    return;
  }
  console.log(`
  TikTok Ads on Convex: offline demo

  Open ${stack.appUrl} and create an account (the first one is the workspace admin).
  New accounts confirm their email with a code: no email is sent, the code is printed here.
  Then press Connect TikTok and Approve on the simulator's consent page.
  To add someone, create an invite link on the Members page and open it in another browser (or a private window).

  Convex (gateway, in memory)  ${stack.gatewayUrl}
  TikTok (simulator)           ${stack.simUrl}
  Ctrl-C stops everything; the data goes with it.
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
