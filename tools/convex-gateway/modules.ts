// The module maps convex-test needs, built by walking directories, because `import.meta.glob` (how our vitest
// setup feeds convex-test, convex/test.setup.ts) only exists under Vite. Keys are absolute paths with `/`, values
// lazy importers; convex-test finds the functions root from the `_generated` folder among the keys.
//
// Components are found as the Convex CLI finds them: `app.use(x)` in convex/convex.config.ts, then `component.use(y)`
// in each component's own convex.config.ts, recursively (rateLimiter → rateLimiter/batchWorker). Their packages ship
// TypeScript sources in `src/component/` (the same files their `/test` helpers glob), which tsx and vitest load.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SchemaDefinition, GenericSchema } from "convex/server";
import { usedComponents } from "../codegen/components.js";

export type ModuleMap = Record<string, () => Promise<Record<string, unknown>>>;

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const SOURCE = /\.(ts|js|mjs)$/;

function skipped(name: string): boolean {
  return name.endsWith(".d.ts") || /\.test\.[tj]s$/.test(name) || name === "test.setup.ts";
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else if (SOURCE.test(name) && !skipped(name)) files.push(path);
  }
  return files;
}

const posix = (path: string) => path.split(sep).join("/");

/** Every function module under `dir` (tests and test setup left out), as convex-test's `modules` argument. */
export function moduleMap(dir: string): ModuleMap {
  if (!existsSync(join(dir, "_generated"))) {
    throw new Error(`${dir} has no _generated folder: run \`npm run codegen\` first`);
  }
  const map: ModuleMap = {};
  for (const file of walk(dir)) map[posix(file)] = () => import(pathToFileURL(file).href);
  return map;
}

/** Imports `<dir>/<modulePath>` (no extension) from a module map, or returns null when there is no such module. */
export async function importModule(
  map: ModuleMap,
  dir: string,
  modulePath: string,
): Promise<Record<string, unknown> | null> {
  const base = `${posix(dir)}/${modulePath}`;
  for (const ext of [".ts", ".js", ".mjs"]) {
    const load = map[base + ext];
    if (load) return await load();
  }
  return null;
}

/**
 * A fresh evaluation of a module (a query string makes Node load it again): for files that read `process.env`
 * when they load, like convex/auth.config.ts, when the environment changed since (another gateway in this process).
 */
export async function importFresh(file: string): Promise<Record<string, unknown>> {
  return (await import(`${pathToFileURL(file).href}?gateway=${Date.now()}-${Math.random()}`)) as Record<
    string,
    unknown
  >;
}

export interface ComponentSource {
  /** The component path convex-test knows it by: `rateLimiter`, `rateLimiter/batchWorker`. */
  name: string;
  dir: string;
  schema: SchemaDefinition<GenericSchema, boolean>;
  modules: ModuleMap;
}

function packageDir(pkg: string, from: string): string {
  // Walk up node_modules folders as Node would; reading the folder directly avoids the package's `exports` map.
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", pkg);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`cannot find the package ${pkg} (from ${from})`);
  }
}

async function collect(configFile: string, fromDir: string, parent: string, out: ComponentSource[]): Promise<void> {
  if (!existsSync(configFile)) return;
  for (const used of usedComponents(readFileSync(configFile, "utf8"))) {
    const pkg = used.configImport.replace(/\/convex\.config(\.js)?$/, "");
    const pkgDir = packageDir(pkg, fromDir);
    const dir = join(pkgDir, "src", "component");
    if (!existsSync(join(dir, "schema.ts"))) {
      throw new Error(`component ${pkg} ships no src/component/schema.ts; the gateway cannot run it`);
    }
    const name = parent ? `${parent}/${used.name}` : used.name;
    const schemaModule = (await import(pathToFileURL(join(dir, "schema.ts")).href)) as {
      default: SchemaDefinition<GenericSchema, boolean>;
    };
    out.push({ name, dir, schema: schemaModule.default, modules: moduleMap(dir) });
    await collect(join(dir, "convex.config.ts"), pkgDir, name, out);
  }
}

/** The components the app uses (from convex/convex.config.ts), parents before children. */
export async function componentSources(convexDir: string): Promise<ComponentSource[]> {
  const out: ComponentSource[] = [];
  await collect(join(convexDir, "convex.config.ts"), dirname(convexDir), "", out);
  return out;
}
