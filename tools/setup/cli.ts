// `npm run setup`: sets the Convex deployment's variables from .env.convex (everything is in setup.ts; `--help`).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { convexCliRunner } from "./convex-cli.js";
import { runSetup } from "./setup.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

runSetup(process.argv.slice(2), {
  cwd: root,
  runner: convexCliRunner(root),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
