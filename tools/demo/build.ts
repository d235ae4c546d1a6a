// The production build `npm run demo` serves: reused when it is current, made (`next build`) when it is missing or
// older than what it is built from. A page served from a build opens at once, with no development overlay over it;
// `next dev` compiles each page on its first visit (seconds each on a small machine).
// "Current": a build the demo made carries a fingerprint of its inputs' contents (.next/demo-inputs.sha256), so a
// tool that rewrites a file unchanged (npm run check:codegen rewrites convex/_generated) does not force a rebuild. A
// build made otherwise (`next build`, `npm test`) is judged by modification times, as make does: its BUILD_ID
// (written last by `next build`) against every input. Conservative on purpose: editing a test under lib/ rebuilds
// too, which costs time, never a stale page.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What the Next.js app is built from: its folders (walked) and files, relative to the project root. */
export const BUILD_INPUTS = {
  folders: ["app", "lib", "convex/_generated", "public"],
  files: ["next.config.ts", "proxy.ts", "tsconfig.json", "package.json", "package-lock.json"],
};

/** The newest modification time (ms) under `path` (a file or a folder), 0 when it does not exist. */
function newest(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Every input file under `root` (relative paths, sorted), for the fingerprint. */
function inputFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    let stat;
    try {
      stat = statSync(join(root, relative));
    } catch {
      return;
    }
    if (!stat.isDirectory()) return void out.push(relative);
    for (const entry of readdirSync(join(root, relative))) walk(join(relative, entry));
  };
  for (const input of [...BUILD_INPUTS.folders, ...BUILD_INPUTS.files]) walk(input);
  return out.sort();
}

/** A SHA-256 over every input's path and contents. */
export function inputsFingerprint(root: string): string {
  const hash = createHash("sha256");
  for (const file of inputFiles(root))
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update("\0");
  return hash.digest("hex");
}

const FINGERPRINT = join(".next", "demo-inputs.sha256");

/** Why the build in `root`/.next cannot be served as it is, or null when it is current. */
export function staleBuildReason(root: string): string | null {
  const built = newest(join(root, ".next", "BUILD_ID"));
  if (built === 0) return "there is no production build yet";
  let stamped: { at: number; fingerprint: string } | null = null;
  try {
    stamped = {
      at: statSync(join(root, FINGERPRINT)).mtimeMs,
      fingerprint: readFileSync(join(root, FINGERPRINT), "utf8"),
    };
  } catch {
    // a build made outside the demo: judged by times
  }
  // The fingerprint speaks for the build it was written after, not for a later `next build`.
  if (stamped && stamped.at >= built) {
    return stamped.fingerprint === inputsFingerprint(root) ? null : "a source file changed since the last build";
  }
  for (const input of [...BUILD_INPUTS.folders, ...BUILD_INPUTS.files]) {
    if (newest(join(root, input)) > built) return `${input} changed since the last build`;
  }
  return null;
}

/**
 * Runs `next build` in `root` and fingerprints the inputs it built from; its output only with `log` (a failure's
 * output always).
 */
export async function runNextBuild(root: string, log: boolean): Promise<void> {
  // Taken before the build: a file edited while it runs makes the next run build again.
  const fingerprint = inputsFingerprint(root);
  await nextBuild(root, log);
  writeFileSync(join(root, FINGERPRINT), fingerprint);
}

function nextBuild(root: string, log: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: Buffer[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        output.push(chunk);
        if (log) process.stderr.write(chunk);
      });
    }
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) return resolve();
      if (!log) process.stderr.write(Buffer.concat(output));
      reject(new Error(`next build failed (exit code ${code}); its output is above`));
    });
  });
}
