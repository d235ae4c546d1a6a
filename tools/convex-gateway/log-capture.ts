// Collects what a function prints with console.* as Convex `logLines` ("[LOG] 'text'"), which the clients print in
// the browser console as `[CONVEX Q(path)] [LOG] 'text'`. Functions run in this process, so the gateway patches the
// console methods once and routes each call by async context: inside a gateway call the line is collected; anywhere
// else (the gateway itself, scheduled functions, tests) it is printed as usual.

import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;
type Method = keyof typeof LEVELS;

interface Collector {
  lines: string[];
  /** False once the call returned: timers it started (scheduled functions) inherit the context but print normally. */
  open: boolean;
}

const current = new AsyncLocalStorage<Collector>();
let installed = 0;
const originals = new Map<Method, (...args: unknown[]) => void>();

function format(args: unknown[]): string {
  // Convex prints strings quoted, like util.inspect does: [LOG] 'hello' { a: 1 }
  return args.map((a) => inspect(a, { depth: 4, breakLength: Infinity })).join(" ");
}

/** Patches console (reference counted, so several gateways in one process share it); returns the undo. */
export function installLogCapture(): () => void {
  if (installed++ === 0) {
    for (const method of Object.keys(LEVELS) as Method[]) {
      const original = console[method].bind(console) as (...args: unknown[]) => void;
      originals.set(method, original);
      console[method] = (...args: unknown[]) => {
        const collector = current.getStore();
        if (collector?.open) collector.lines.push(`[${LEVELS[method]}] ${format(args)}`);
        else original(...args);
      };
    }
  }
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    if (--installed === 0) {
      for (const [method, original] of originals) console[method] = original;
      originals.clear();
    }
  };
}

/** Runs `fn`, collecting the console lines it (and everything it awaits) prints into `lines`. */
export async function collectLogs<T>(lines: string[], fn: () => Promise<T>): Promise<T> {
  const collector: Collector = { lines, open: true };
  try {
    return await current.run(collector, fn);
  } finally {
    collector.open = false;
  }
}

/** Prints outside any collection (the gateway's own `log` output must not end up in a function's logLines). */
export function printLine(line: string): void {
  current.exit(() => console.log(line));
}
