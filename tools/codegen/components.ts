/**
 * Adds the `components` export that offline codegen leaves out, for each component used in
 * convex/convex.config.ts (`app.use(pkg, { name })`). A no-op until the app uses a component.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface UsedComponent {
  /** The import specifier of the component's convex.config (e.g. `@convex-dev/rate-limiter/convex.config`). */
  configImport: string;
  /** Its name in the app (the `name` option, else the package's default). */
  name: string;
}

export function usedComponents(configSource: string): UsedComponent[] {
  const imports = new Map<string, string>();
  for (const m of configSource.matchAll(/import\s+(\w+)\s+from\s+["']([^"']+)["']/g)) imports.set(m[1]!, m[2]!);
  const used: UsedComponent[] = [];
  // `.use(pkg)` or `.use(pkg, { name: "…", env: { … } })`: the options may nest braces, so take the whole call.
  for (const m of configSource.matchAll(/\.use\(\s*(\w+)\s*(,[^;]*?)?\)\s*;/g)) {
    const configImport = imports.get(m[1]!);
    if (!configImport) continue;
    const name = /\bname:\s*["']([^"']+)["']/.exec(m[2] ?? "")?.[1];
    used.push({ configImport, name: name ?? defaultName(configImport) });
  }
  return used;
}

/** `@convex-dev/rate-limiter/convex.config` → `rateLimiter`. */
function defaultName(configImport: string): string {
  const pkg = configImport
    .replace(/\/convex\.config(\.js)?$/, "")
    .split("/")
    .at(-1)!;
  return pkg.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

export function addComponentsExport(root: string) {
  const configPath = join(root, "convex", "convex.config.ts");
  if (!existsSync(configPath)) return;
  const components = usedComponents(readFileSync(configPath, "utf8"));
  if (!components.length) return;
  const apiJs = join(root, "convex", "_generated", "api.js");
  const apiDts = join(root, "convex", "_generated", "api.d.ts");
  let js = readFileSync(apiJs, "utf8");
  if (!js.includes("componentsGeneric")) {
    js = js.replace(/(import \{[^}]*)\} from "convex\/server";/, '$1, componentsGeneric } from "convex/server";');
    if (!js.includes("componentsGeneric")) js = `import { componentsGeneric } from "convex/server";\n${js}`;
    js += `\nexport const components = componentsGeneric();\n`;
    writeFileSync(apiJs, js);
  }
  let dts = readFileSync(apiDts, "utf8");
  if (!dts.includes("export declare const components")) {
    const lines = components.map((c) => {
      const pkg = c.configImport.replace(/\/convex\.config(\.js)?$/, "");
      return `  ${c.name}: import("${pkg}/_generated/component.js").ComponentApi<"${c.name}">;`;
    });
    dts += `\nexport declare const components: {\n${lines.join("\n")}\n};\n`;
    writeFileSync(apiDts, dts);
  }
}
