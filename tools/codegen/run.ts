/**
 * Offline Convex codegen: `npm run codegen` writes convex/_generated without a deployment;
 * `npm run check:codegen` fails when the committed files are stale (CI runs it).
 *
 * `npx convex codegen` normally asks a deployment; `--system-udfs --typecheck disable` makes it work offline
 * but leaves out the `components` export, so when convex/convex.config.ts exists we append it ourselves
 * (`componentsGeneric()` at runtime; each component's types from its package). See docs/architecture.md §6.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { addComponentsExport } from "./components.js";

const root = join(import.meta.dirname, "..", "..");
const generatedDir = join(root, "convex", "_generated");

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(generatedDir)) return files;
  for (const name of readdirSync(generatedDir)) files.set(name, readFileSync(join(generatedDir, name), "utf8"));
  return files;
}

function restore(files: Map<string, string>) {
  rmSync(generatedDir, { recursive: true, force: true });
  mkdirSync(generatedDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(generatedDir, name), text);
}

function generate() {
  const cli = join(root, "node_modules", "convex", "bin", "main.js");
  execFileSync(process.execPath, [cli, "codegen", "--system-udfs", "--typecheck", "disable"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  addComponentsExport(root);
}

const check = process.argv.includes("--check");
const before = snapshot();
try {
  generate();
} catch (error) {
  restore(before);
  console.error("Convex codegen failed:", error instanceof Error ? error.message : error);
  process.exit(1);
}

if (check) {
  const after = snapshot();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => before.get(name) !== after.get(name),
  );
  restore(before);
  if (changed.length) {
    console.error(`convex/_generated is stale (${changed.join(", ")}): run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log("convex/_generated is current.");
}
