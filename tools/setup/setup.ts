// `npm run setup`: sets every variable our Convex functions read on the Convex deployment in one go, from .env.convex.
// Checks the whole file first (any problem: nothing is set), reads what the deployment already has (in memory, never
// printed), generates the keys neither has, and sends the changes in one `npx convex env set --force` with the values
// on stdin: no secret on a command line, in a temporary file or on the screen. Risky production settings are refused
// unless accepted by name (risks.ts). cli.ts runs it; tests pass a fake runner.

import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { parseArgs } from "node:util";
import type { CommandResult, ConvexRunner } from "./convex-cli.js";
import { formatDotenv, parseDotenv } from "./dotenv.js";
import { keyGenerators, type KeyGenerators } from "./keys.js";
import { planChanges, type Plan, type Row } from "./plan.js";
import { isRiskId, reviewRisks, RISK_IDS, RISKS, type RiskId } from "./risks.js";
import { checkFileValues, SECRET_NAMES, SIM_APP_ID, SIM_APP_SECRET, VARIABLE_NAMES } from "./variables.js";

export const USAGE = `Usage: npm run setup [-- options]

Sets every variable the Convex functions read on your Convex deployment, in one go, from .env.convex
(cp .env.convex.example .env.convex, then fill in the TikTok values). Generates TOKEN_ENCRYPTION_KEY (id k1) and the
sign-in keys JWT_PRIVATE_KEY and JWKS where neither .env.convex nor the deployment has them; never replaces a key the
deployment already has. Run \`npx convex dev\` first (in its own terminal): it picks the deployment.

  --dry-run             print what would be set; run nothing
  --file <path>         read this file instead of .env.convex
  --prod                set them on the project's production deployment (default: the one in .env.local)
  --deployment <name>   set them on this deployment (as npx convex env --deployment takes it)
  --accept-risk <what>  with TIKTOK_ENVIRONMENT=production, go ahead with a setting setup otherwise refuses
                        (repeat the flag for both):
${RISK_IDS.map((id) => `                          ${id}: ${RISKS[id]}`).join("\n")}
  -h, --help            this text`;

export interface SetupIo {
  /** The project: .env.convex, .env.local and .env are read here. */
  cwd: string;
  /** Runs the Convex CLI (`convex <args>`). */
  runner: ConvexRunner;
  out: (line: string) => void;
  err: (line: string) => void;
  /** The shell's environment (which deployment the Convex CLI picks); default process.env. */
  env?: Record<string, string | undefined>;
  keys?: KeyGenerators;
}

interface Target {
  /** How to name it to the user. */
  label: string;
  /** A deployment is configured for the Convex CLI to use. */
  configured: boolean;
  /** On this machine (it can reach the simulator on 127.0.0.1); undefined when unknown. */
  local: boolean | undefined;
  /** Deployment selection flags for `npx convex env`. */
  flags: string[];
}

function readDotenvFile(path: string): Map<string, string> {
  return existsSync(path) ? parseDotenv(readFileSync(path, "utf8")) : new Map<string, string>();
}

/** Which deployment `npx convex env` will use, as the Convex CLI decides it (shell first, then .env.local, then .env). */
function target(
  cwd: string,
  env: Record<string, string | undefined>,
  prod: boolean,
  deployment: string | undefined,
): Target {
  const files = [readDotenvFile(join(cwd, ".env.local")), readDotenvFile(join(cwd, ".env"))];
  const read = (name: string) => env[name] || files.find((f) => f.get(name))?.get(name) || undefined;
  const convexDeployment = read("CONVEX_DEPLOYMENT");
  const projectKnown = Boolean(
    convexDeployment || read("CONVEX_DEPLOY_KEY") || read("CONVEX_DEPLOYMENT_TOKEN") || read("CONVEX_SELF_HOSTED_URL"),
  );
  const isLocalName = (name: string) =>
    /^(local|anonymous)[:-]/.test(name) || name.split(":").at(-1)!.startsWith("anonymous-");
  if (deployment)
    return {
      label: `deployment ${deployment}`,
      configured: true,
      local: deployment === "local" || isLocalName(deployment),
      flags: ["--deployment", deployment],
    };
  if (prod)
    return { label: "the project's production deployment", configured: projectKnown, local: false, flags: ["--prod"] };
  if (convexDeployment)
    return {
      label: `${convexDeployment} (CONVEX_DEPLOYMENT)`,
      configured: true,
      local: isLocalName(convexDeployment),
      flags: [],
    };
  const selfHosted = read("CONVEX_SELF_HOSTED_URL");
  if (selfHosted) {
    let host = "";
    try {
      host = new URL(selfHosted).hostname;
    } catch {
      // left unknown
    }
    return {
      label: `${selfHosted} (CONVEX_SELF_HOSTED_URL)`,
      configured: true,
      local: ["127.0.0.1", "localhost", "[::1]"].includes(host),
      flags: [],
    };
  }
  return { label: "the deployment of CONVEX_DEPLOY_KEY", configured: projectKnown, local: undefined, flags: [] };
}

function isLoopback(origin: string | undefined): boolean {
  if (!origin) return true; // local's default, http://127.0.0.1:8787
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(origin).hostname);
  } catch {
    return false;
  }
}

const NAME_WIDTH = 37;
/** The Convex CLI retries a deployment it cannot reach for ever: give up after this long. */
const LIST_TIMEOUT_MS = 60_000;
const SET_TIMEOUT_MS = 120_000;
const SLOW_MS = 10_000;

function show(row: Row, dryRun: boolean): string {
  const value = (v: string) => (row.secret ? "(hidden)" : v);
  const unlessDeployment = dryRun ? " unless the deployment has one" : "";
  switch (row.status) {
    case "new":
      return row.secret ? "(set, hidden)" : row.value;
    case "changed":
      return row.secret ? "(changed, hidden)" : `${row.value}   (was ${row.previous})`;
    case "unchanged":
      return `${value(row.value)}   (unchanged)`;
    case "generated":
      return `(generated${unlessDeployment})`;
    case "default":
      return `${row.value}   (default${unlessDeployment})`;
    case "derived":
      return `(derived from JWT_PRIVATE_KEY${unlessDeployment})`;
    case "kept":
      return `${value(row.value)}   (already on the deployment, kept)`;
  }
}

function printRows(out: (line: string) => void, rows: Row[], dryRun: boolean): void {
  for (const row of rows) out(`  ${row.name.padEnd(NAME_WIDTH)}${show(row, dryRun)}`);
}

/**
 * Says what the deployment's settings add up to once set (.env.convex over `deployment`): the warnings, the risks
 * accepted with --accept-risk, and the ones refused. False when any is refused: nothing may be set.
 */
function risksAllowed(
  file: Map<string, string>,
  deployment: Map<string, string>,
  accept: ReadonlySet<RiskId>,
  err: (line: string) => void,
): boolean {
  const review = reviewRisks((name) => file.get(name) ?? (deployment.get(name)?.trim() || undefined), accept);
  for (const warning of review.warnings) err(`warning: ${warning}`);
  for (const risk of review.accepted) err(`warning: accepted with --accept-risk=${risk.id}: ${RISKS[risk.id]}`);
  for (const risk of review.refused) err(`✖ ${risk.message}`);
  return review.refused.length === 0;
}

/** Replaces every secret value in text the Convex CLI printed: what it says is shown, never a secret. */
function redactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => list.reduce((t, s) => t.split(s).join("(hidden)"), text);
}

/** Reminders for what else must run, whatever happened to the deployment. */
function simulatorReminder(values: Map<string, string>, out: (line: string) => void): void {
  if (values.get("TIKTOK_ENVIRONMENT") !== "local") return;
  const appId = values.get("TIKTOK_APP_ID");
  const sameApp = appId === SIM_APP_ID && values.get("TIKTOK_APP_SECRET") === SIM_APP_SECRET;
  const origin = values.get("TIKTOK_API_ORIGIN");
  let port = "";
  try {
    port = origin ? new URL(origin).port : "";
  } catch {
    // checked already
  }
  const env = port && port !== "8787" ? `TIKTOK_SIM_PORT=${port} ` : "";
  const flags = sameApp ? "" : ` -- --app-id ${appId} --app-secret <your TIKTOK_APP_SECRET>`;
  out("");
  out(
    `TIKTOK_ENVIRONMENT=local: TikTok is the simulator. Keep it running in another terminal: ${env}npm run sim${flags}`,
  );
}

export async function runSetup(argv: string[], io: SetupIo): Promise<number> {
  const { out, err } = io;
  const env = io.env ?? process.env;
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        "dry-run": { type: "boolean", default: false },
        file: { type: "string" },
        prod: { type: "boolean", default: false },
        deployment: { type: "string" },
        "accept-risk": { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    err(USAGE);
    return 2;
  }
  if (flags.help) {
    out(USAGE);
    return 0;
  }
  if (flags.prod && flags.deployment) {
    err("--prod and --deployment name two different deployments: give one of them");
    return 2;
  }
  const dryRun = flags["dry-run"];
  const unknownRisk = flags["accept-risk"].find((id) => !isRiskId(id));
  if (unknownRisk !== undefined) {
    err(`--accept-risk takes ${RISK_IDS.join(" or ")}; got "${unknownRisk}"`);
    return 2;
  }
  const accept = new Set(flags["accept-risk"].filter(isRiskId));

  // 1. .env.convex, checked as a whole.
  const path = flags.file
    ? isAbsolute(flags.file)
      ? flags.file
      : join(io.cwd, flags.file)
    : join(io.cwd, ".env.convex");
  const fileName = flags.file
    ? relative(io.cwd, path).startsWith("..")
      ? path
      : relative(io.cwd, path)
    : ".env.convex";
  if (!existsSync(path)) {
    if (flags.file) err(`${fileName} not found.`);
    else {
      err(
        ".env.convex not found. It holds the values for your Convex deployment; create it from the example and fill in the TikTok values:",
      );
      err("");
      err("  cp .env.convex.example .env.convex");
      err("");
      err("then run npm run setup again.");
    }
    return 1;
  }
  const checked = checkFileValues(parseDotenv(readFileSync(path, "utf8")), fileName);
  for (const warning of checked.warnings) err(`warning: ${warning}`);
  if (checked.problems.length > 0) {
    for (const problem of checked.problems) err(`✖ ${problem}`);
    err("");
    err(`Nothing was set. Change ${fileName} as said above and run npm run setup again.`);
    return 1;
  }

  const where = target(io.cwd, env, flags.prod, flags.deployment);
  if (
    checked.values.get("TIKTOK_ENVIRONMENT") === "local" &&
    where.local === false &&
    isLoopback(checked.values.get("TIKTOK_API_ORIGIN"))
  ) {
    err(
      "warning: TIKTOK_ENVIRONMENT=local talks to the simulator on this machine, which a cloud deployment cannot reach: " +
        "use a local deployment (npx convex dev, run locally), or TikTok's sandbox",
    );
  }
  const command = (args: string[]) => ["npx convex", ...args, ...where.flags].join(" ");

  // 2. A dry run: the plan for a deployment that has nothing yet, and what would run.
  if (dryRun) {
    const placeholder = "(generated)";
    const plan = planChanges(checked.values, new Map(), {
      tokenEncryptionKey: () => placeholder,
      authKeys: () => ({ JWT_PRIVATE_KEY: placeholder, JWKS: placeholder }),
    });
    if (plan.problems.length > 0) {
      for (const problem of plan.problems) err(`✖ ${problem}`);
      return 1;
    }
    // Judged on the file alone, as the plan is: the deployment is not read.
    if (!risksAllowed(checked.values, new Map(), accept, err)) {
      err("");
      err(
        `A real run would set nothing unless the deployment already has what is missing. Change ${fileName} as said ` +
          "above, or accept the risk by name.",
      );
      return 1;
    }
    out(
      `Dry run: nothing is read from or set on the deployment (${where.configured ? where.label : "none configured yet: run npx convex dev first"}).`,
    );
    out("");
    out(
      `Would read what it has (${command(["env", "list", "--include-values"])}, kept in memory), then set, from ${fileName}:`,
    );
    printRows(out, plan.rows, true);
    out("");
    out(`in one ${command(["env", "set", "--force"])} with the values on stdin. Values the deployment already has are`);
    out("left alone; a key it already has (TOKEN_ENCRYPTION_KEY, JWT_PRIVATE_KEY, JWKS) is never replaced.");
    simulatorReminder(checked.values, out);
    return 0;
  }

  if (!where.configured) {
    err("No Convex deployment is configured here yet. In another terminal, run");
    err("");
    err("  npx convex dev");
    err("");
    err(
      "and keep it running: it creates or picks your deployment and writes CONVEX_DEPLOYMENT to .env.local. Then run npm run setup again.",
    );
    return 1;
  }

  // 3. What the deployment has: parsed in memory, never printed.
  const secrets = new Set<string>();
  const isSecret = (name: string) =>
    SECRET_NAMES.has(name) || (!VARIABLE_NAMES.has(name) && /KEY|SECRET|TOKEN|PASSWORD/i.test(name));
  for (const [name, value] of checked.values) if (isSecret(name)) secrets.add(value);
  let redact = redactor(secrets);
  /**
   * Runs the Convex CLI; on failure says so with its last lines (redacted: a deployment it cannot reach makes it
   * retry line after line) and returns undefined.
   */
  const convex = async (args: string[], timeoutMs: number, stdin?: string): Promise<CommandResult | undefined> => {
    let result: CommandResult;
    const slow = setTimeout(
      () => out(`  (still waiting for the deployment; giving up after ${timeoutMs / 1000} s)`),
      SLOW_MS,
    );
    try {
      result = await io.runner([...args, ...where.flags], { timeoutMs, ...(stdin !== undefined ? { stdin } : {}) });
    } catch (error) {
      err(`Could not run the Convex CLI: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      clearTimeout(slow);
    }
    if (result.code === 0 && !result.timedOut) return result;
    const said = redact(result.stderr)
      .split("\n")
      .filter((l) => l.trim())
      .slice(-8);
    const what = command(args);
    err(
      `${result.timedOut ? `${what} got no answer from the deployment within ${timeoutMs / 1000} s` : `${what} failed (exit ${result.code})`}${said.length ? ". It said:" : "."}`,
    );
    for (const line of said) err(`  ${line.trimEnd()}`);
    return undefined;
  };

  out(`Reading the variables already on ${where.label}…`);
  const listed = await convex(["env", "list", "--include-values"], LIST_TIMEOUT_MS);
  if (!listed) {
    err(
      "Nothing was set. Is `npx convex dev` running (or has it run here once), and are you logged in to Convex if the deployment is in the cloud?",
    );
    return 1;
  }
  const existing = parseDotenv(listed.stdout);
  for (const [name, value] of existing) if (isSecret(name)) secrets.add(value);

  // 4. The plan against it.
  const plan: Plan = planChanges(checked.values, existing, io.keys ?? keyGenerators);
  for (const row of plan.rows) if (row.secret) secrets.add(row.value);
  redact = redactor(secrets);
  for (const warning of plan.warnings) err(`warning: ${warning}`);
  if (plan.problems.length > 0) {
    for (const problem of plan.problems) err(`✖ ${problem}`);
    err("");
    err(`Nothing was set. Change ${fileName} as said above and run npm run setup again.`);
    return 1;
  }
  if (!risksAllowed(checked.values, existing, accept, err)) {
    err("");
    err(`Nothing was set. Change ${fileName} as said above, or accept the risk by name, and run npm run setup again.`);
    return 1;
  }

  // 5. One call sets everything.
  const changed = plan.rows.filter((r) => plan.changes.has(r.name));
  const same = plan.rows.filter((r) => !plan.changes.has(r.name));
  if (changed.length > 0) {
    const result = await convex(["env", "set", "--force"], SET_TIMEOUT_MS, formatDotenv(plan.changes));
    if (!result) {
      err("The deployment's variables were not confirmed as set: run npm run setup again once the cause is fixed.");
      return 1;
    }
    out(`Set on ${where.label}:`);
    printRows(out, changed, false);
    for (const line of redact(result.stderr)
      .split("\n")
      .filter((l) => l.trim())
      .slice(-2))
      out(`  ${line.trim()}`);
  } else {
    out(`Nothing to change: ${where.label} already has every value.`);
  }
  if (same.length > 0) {
    out("Left as they are:");
    printRows(out, same, false);
  }
  simulatorReminder(checked.values, out);
  out("");
  out(`Next: npm run dev in its own terminal, then open ${checked.values.get("SITE_URL")}.`);
  return 0;
}
