// The demo serves the production build when it is current and rebuilds only when something it is built from changed.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inputsFingerprint, staleBuildReason } from "./build";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project with app/page.tsx and lib/x.ts written at `sourceAt` (seconds), and a build at `builtAt` (or none). */
function project(sourceAt: number, builtAt?: number): string {
  const root = mkdtempSync(join(tmpdir(), "demo-build-"));
  roots.push(root);
  for (const [folder, file] of [
    ["app", "page.tsx"],
    ["lib", "x.ts"],
  ] as const) {
    mkdirSync(join(root, folder));
    writeFileSync(join(root, folder, file), "x");
    utimesSync(join(root, folder, file), sourceAt, sourceAt);
    utimesSync(join(root, folder), sourceAt, sourceAt);
  }
  writeFileSync(join(root, "package.json"), "{}");
  utimesSync(join(root, "package.json"), sourceAt, sourceAt);
  if (builtAt !== undefined) {
    mkdirSync(join(root, ".next"));
    writeFileSync(join(root, ".next", "BUILD_ID"), "id");
    utimesSync(join(root, ".next", "BUILD_ID"), builtAt, builtAt);
  }
  return root;
}

describe("the demo's production build", () => {
  it("is made when there is none", () => {
    expect(staleBuildReason(project(1_000))).toBe("there is no production build yet");
  });
  it("is reused when it is newer than everything it is built from", () => {
    expect(staleBuildReason(project(1_000, 2_000))).toBeNull();
  });
  it("is made again when a source file, a deleted one included, or the package list changed after it", () => {
    const edited = project(1_000, 2_000);
    utimesSync(join(edited, "lib", "x.ts"), 3_000, 3_000);
    expect(staleBuildReason(edited)).toBe("lib changed since the last build");
    const deleted = project(1_000, 2_000);
    rmSync(join(deleted, "app", "page.tsx"));
    expect(staleBuildReason(deleted)).toBe("app changed since the last build");
    const installed = project(1_000, 2_000);
    utimesSync(join(installed, "package.json"), 3_000, 3_000);
    expect(staleBuildReason(installed)).toBe("package.json changed since the last build");
  });
  it("made by the demo, is reused after a file is rewritten unchanged, and made again when one's contents change", () => {
    const root = project(1_000, 2_000);
    writeFileSync(join(root, ".next", "demo-inputs.sha256"), inputsFingerprint(root));
    utimesSync(join(root, ".next", "demo-inputs.sha256"), 2_001, 2_001);
    utimesSync(join(root, "lib", "x.ts"), 3_000, 3_000); // rewritten as it was (npm run check:codegen does this)
    expect(staleBuildReason(root)).toBeNull();
    writeFileSync(join(root, "lib", "x.ts"), "y");
    expect(staleBuildReason(root)).toBe("a source file changed since the last build");
    // A later `next build` outside the demo: its fingerprint no longer speaks for it; times do.
    const rebuilt = project(1_000, 2_000);
    writeFileSync(join(rebuilt, ".next", "demo-inputs.sha256"), "old");
    utimesSync(join(rebuilt, ".next", "demo-inputs.sha256"), 1_500, 1_500);
    expect(staleBuildReason(rebuilt)).toBeNull();
  });
});
