/**
 * lib/ is the ground floor: the pages (app/) and the backend (convex/) build on it, and nothing in it imports from
 * either. A list of values or a record's shape that both sides need lives here, and convex/ builds its validators
 * from it (convex/tiktok/validators.ts), never the other way round. This reads every .ts/.tsx file under lib/,
 * tests included, and names each import that reaches into convex/ or app/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LIB = join(ROOT, "lib");
const UPPER_FLOORS = ["convex", "app"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every module a source names: import and export … from, `import type`, import(), require(), typeof import(). */
function moduleSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The repository folder (convex, app) a specifier resolves into, or undefined for lib/ itself and packages. */
function upperFloor(file: string, specifier: string): string | undefined {
  let target: string;
  if (specifier.startsWith(".")) target = resolve(dirname(file), specifier);
  else if (specifier.startsWith("@/"))
    target = resolve(ROOT, specifier.slice(2)); // tsconfig's "@/*" path
  else return undefined; // a package ("convex/values" is the npm package, not the folder)
  const top = relative(ROOT, target).split(sep)[0];
  return UPPER_FLOORS.find((floor) => floor === top);
}

function violations(file: string, source: string): string[] {
  const name = relative(ROOT, file).split(sep).join("/");
  return moduleSpecifiers(source)
    .filter((specifier) => upperFloor(file, specifier) !== undefined)
    .map((specifier) => `${name} imports "${specifier}"`);
}

describe("lib/ is the ground floor", () => {
  it("nothing in lib/ imports from convex/ or app/", () => {
    const files = sourceFiles(LIB);
    expect(files).toContain(join(LIB, "ui", "navigation.ts"));
    expect(files.flatMap((file) => violations(file, readFileSync(file, "utf8")))).toEqual([]);
  });

  it("sees every way a file can name another, and tells the folders apart from packages", () => {
    const file = join(LIB, "ui", "example.ts");
    // Built from `up` so that grepping lib/ for imports of convex/ or app/ does not find these samples.
    const up = "../..";
    const source = [
      `import { a } from "${up}/convex/tiktok/validators";`,
      `import type { B } from "${up}/app/(app)/workspace";`,
      `export { c } from "@/convex/workspaces/roles";`,
      `export * from "${up}/convex/schema";`,
      `const d = await import("${up}/convex/lib/access");`,
      `const e = require("${up}/app/layout");`,
      `type F = typeof import("${up}/convex/tiktok/calls");`,
      // Not violations: lib/ itself, packages named like the folders, and a folder that only starts with "app".
      `import { g } from "../connect/failures";`,
      `import { v } from "convex/values";`,
      `import { h } from "${up}/applied/thing";`,
    ].join("\n");
    expect(violations(file, source)).toEqual(
      [
        `${up}/convex/tiktok/validators`,
        `${up}/app/(app)/workspace`,
        "@/convex/workspaces/roles",
        `${up}/convex/schema`,
        `${up}/convex/lib/access`,
        `${up}/app/layout`,
        `${up}/convex/tiktok/calls`,
      ].map((specifier) => `lib/ui/example.ts imports "${specifier}"`),
    );
  });
});
