/**
 * The README's Layout: every folder of the repository's code and every module in it, each with the first phrase of
 * its own header comment, so the listing says what the modules say of themselves and cannot fall behind them.
 * `npm run layout` rewrites the README's block; tools/layout/layout.test.ts fails when the block is stale.
 *
 * Modules are the .ts/.tsx files that are not tests, declarations or generated code. A module without a header
 * comment, or a folder without its line in FOLDERS, fails the listing: every module says what it does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** What each folder holds, in the order the Layout lists them. */
export const FOLDERS: Record<string, string> = {
  ".": "the root: the Next.js config, the proxy (Next 16's middleware) and the test projects",
  app: "Next.js App Router: the signed-out pages and the root layout",
  "app/(app)": "the signed-in pages inside the app shell",
  "app/(app)/[...missing]": "any unknown address, inside the shell",
  "app/(app)/activity": "the Activity page: the TikTok call ledger and the sync runs",
  "app/(app)/campaigns": "the Campaigns page: list, create, pause/enable, rename, re-budget, delete, audit trail",
  "app/(app)/connections": "the Connections page: connect, reconnect, disconnect, each account's sync",
  "app/(app)/members": "the Members page: roles and invitations",
  "app/(app)/reports": "the Reports page: KPI tiles, daily chart, campaign table, CSV, overview",
  "app/_components": "components every page shares",
  "app/api/auth/tiktok/callback": "the OAuth callback route TikTok sends the advertiser back to",
  "app/invite": "accepting an invitation",
  "app/signin": "sign-in and sign-up",
  "app/signin/reset": "password reset by emailed code",
  bench: "benchmarks (npm run bench:client, bench:sync, bench:demo), not timed tests",
  convex: "the Convex deployment: schema, components, crons, HTTP routes, sign-in, retention",
  "convex/lib": "what every Convex function builds on: access control, argument bounds, list arguments",
  "convex/tiktok": "the TikTok module: connections, tokens, the governor, the call ledger, campaigns, reports",
  "convex/tiktok/sync":
    "the sync, one file per stage of the pipeline (queue → step → batches → writes; failures; queries)",
  "convex/workspaces": "workspaces, members, roles and invitations",
  e2e: "browser tests (playwright-core driving Debian's Chromium against the production build)",
  "lib/auth": "email addresses normalised once; emailed codes (limits, words); the per-client code throttle",
  "lib/campaigns": "campaigns in words and the Campaigns list's contract, shared by server and pages",
  "lib/config": "the Convex URL for the Next.js server, security headers",
  "lib/connect": "what the connect flow and the pages share: outcomes, failure rules, statuses, return paths",
  "lib/email": "sending a sign-in email through Resend",
  "lib/format": "money, counts, percents and dates in words, the same everywhere",
  "lib/lists": "the one list contract every table's query and page read",
  "lib/metrics": "the metric catalogue and the arithmetic over it (sums, running totals, ratios)",
  "lib/reports": "the report table's contract, its limits, CSV",
  "lib/secrets": "token encryption (AES-256-GCM keyring with key rotation)",
  "lib/sync": "which dates a sync fetches, and a run's states",
  "lib/tiktok": "the TikTok client: no Convex, no React; one request() choke point, typed errors, retry, resources",
  "lib/tiktok/testing": "test doubles for the client",
  "lib/ui": "what the pages compute and say, as pure functions tested without a browser",
  "lib/workspaces": "roles and what they may do",
  "tools/codegen": "offline Convex codegen (the Convex backend cannot be downloaded here)",
  "tools/convex-gateway": "a local stand-in for a Convex deployment over convex-test: demo and browser tests only",
  "tools/demo": "npm run demo: simulator + gateway + Next.js in one command, on a ready-made workspace",
  "tools/layout": "this Layout, generated from the modules' own headers",
  "tools/setup": "npm run setup: the Convex deployment's variables from .env.convex",
  "tools/testing": "the test harness: simulator launchers, a connect-ready world, the test clock, report seeds",
  "tools/tiktok-sim": "the local TikTok simulator (development, tests, benchmarks); never imported by app code",
};

const SKIP_DIRS = new Set(["node_modules", ".next", ".git", "_generated", "artifacts", "docs", ".ci"]);

function isModule(name: string): boolean {
  return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts");
}

/** Every folder with modules, relative to the root, with its modules' file names. */
export function modulesByFolder(root: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    const entries = readdirSync(join(root, dir), { withFileTypes: true });
    const modules = entries.filter((e) => e.isFile() && isModule(e.name)).map((e) => e.name);
    if (modules.length) found.set(dir || ".", modules.sort());
    for (const e of entries)
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) walk(dir ? `${dir}/${e.name}` : e.name);
  };
  walk("");
  return found;
}

/** The first phrase of a module's header comment (up to its first full stop or colon), or undefined. */
export function headerPhrase(source: string): string | undefined {
  const body = source.replace(/^\s*["']use (client|server)["'];?\s*/, "");
  const block = /^\s*\/\*\*?([\s\S]*?)\*\//.exec(body);
  let text: string;
  if (block) {
    text = block[1]!
      .split("\n")
      .map((l) => l.replace(/^\s*\*\s?/, ""))
      .join(" ");
  } else {
    const lines = /^(\s*\/\/[^\n]*\n)+/.exec(body);
    if (!lines) return undefined;
    text = lines[0].replace(/^\s*\/\/\s?/gm, " ");
  }
  text = text.replace(/\s+/g, " ").trim();
  const phrase = /^(.+?)[.:;](\s|$)/.exec(text)?.[1] ?? text;
  return phrase || undefined;
}

const NAME_WIDTH = 28;

/** The Layout block: each folder, then its modules, one line each. */
export function layoutBlock(root: string): string {
  const folders = modulesByFolder(root);
  const missing = [...folders.keys()].filter((f) => !(f in FOLDERS));
  if (missing.length) throw new Error(`tools/layout/layout.ts FOLDERS has no line for: ${missing.join(", ")}`);
  const lines: string[] = [];
  for (const folder of Object.keys(FOLDERS)) {
    const modules = folders.get(folder);
    if (!modules) continue;
    lines.push(`${folder === "." ? "./" : `${folder}/`}  ${FOLDERS[folder]}`);
    for (const name of modules) {
      const path = folder === "." ? name : `${folder}/${name}`;
      const note = headerPhrase(readFileSync(join(root, path), "utf8"));
      if (!note) throw new Error(`${path} has no header comment: write one saying what the module does`);
      lines.push(`  ${name.padEnd(NAME_WIDTH)}${note}`);
    }
  }
  return lines.join("\n");
}

export const START = "<!-- layout:start (npm run layout) -->";
export const END = "<!-- layout:end -->";

/** The README with its Layout block replaced by `block`. */
export function withLayout(readme: string, block: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n\n\`\`\`text\n${block}\n\`\`\`\n\n${readme.slice(end)}`;
}
