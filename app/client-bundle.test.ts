/**
 * What the browser loads stays free of zod: zod 4 probes for `new Function` when it loads, and under our
 * Content-Security-Policy (no 'unsafe-eval' outside development, lib/config/content-security-policy.ts) that probe is
 * a reported violation on every page. Parsing TikTok's answers is the server's job (lib/tiktok), so a page never needs
 * zod. This follows the imports of every "use client" module under app/ through the repository's own files (type-only
 * imports left out: they vanish from the bundle) and names the chain that reaches zod.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FORBIDDEN = new Set(["zod", "zod/v4", "zod/mini"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The module names a file loads at run time: `import type` and `export type` are left out. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      const bindings = statement.importClause?.namedBindings;
      const onlyTypes =
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly) &&
        statement.importClause?.name === undefined;
      if (!onlyTypes) names.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier) {
      names.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return names;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".") && !specifier.startsWith("@/")) return undefined;
  const base = specifier.startsWith("@/") ? resolve(ROOT, specifier.slice(2)) : resolve(dirname(from), specifier);
  const stripped = base.replace(/\.js$/, "");
  for (const candidate of [
    `${stripped}.ts`,
    `${stripped}.tsx`,
    join(stripped, "index.ts"),
    join(stripped, "index.tsx"),
  ])
    if (existsSync(candidate)) return candidate;
  return undefined;
}

/** The first chain from `start` to a forbidden package, or undefined. */
function chainToForbidden(start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | undefined => {
    if (seen.has(file)) return undefined;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      if (FORBIDDEN.has(specifier)) return [...chain, specifier];
      const next = resolveLocal(file, specifier);
      // convex/_generated/api is a reference table the client needs; the functions behind it never reach the page.
      if (next === undefined || next.includes(`${sep}convex${sep}_generated${sep}`)) continue;
      const found = walk(next, [...chain, relative(ROOT, next).split(sep).join("/")]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [relative(ROOT, start).split(sep).join("/")]);
}

describe("the browser's bundle", () => {
  it("no client module of app/ reaches zod", () => {
    const clients = sourceFiles(join(ROOT, "app")).filter((file) =>
      /^\s*["']use client["']/.test(readFileSync(file, "utf8")),
    );
    expect(clients.length).toBeGreaterThan(10);
    const chains = clients.map(chainToForbidden).filter((chain) => chain !== undefined);
    expect(chains.map((chain) => chain.join(" → "))).toEqual([]);
  });

  it("finds a chain when there is one (the watch can fail)", () => {
    expect(chainToForbidden(join(ROOT, "lib", "tiktok", "reports.ts"))).toEqual(["lib/tiktok/reports.ts", "zod"]);
  });
});
