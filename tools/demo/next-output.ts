// What the demo lets through of Next.js's error output. Convex Auth's Next.js proxy prints every refused sign-in in
// full (node_modules/@convex-dev/auth/dist/nextjs/server/proxy.js: "Hit error while running `auth:signIn`:" and
// the error with its stack) although it answers the page, which says "wrong password" in its own words. A person
// watching the demo's terminal would read those as crashes. Such a block is dropped when the function refused on
// purpose: a ConvexError, or Convex Auth's one-word codes (InvalidSecret, InvalidAccountId, TooManyFailedAttempts…).
// Everything else, that same block with a real failure in it (a bug, the gateway unreachable) included, goes through.

const BLOCK_START = /^Hit error while running `auth:\w+`:$/;
/** A line of a printed error: its message ("Error: …", "Uncaught …"), its stack ("    at …") or its data ("{ … }"). */
const ERROR_LINE = /^(\s|Error\b|Uncaught\b|\[|\{|\}|\w*Error:)/;
const DELIBERATE = /^Uncaught (ConvexError\b|Error: [A-Z][A-Za-z]+$)/m;

/**
 * A line filter: `line` takes each line as it comes and returns the lines to print now; `end` (at the end of the
 * stream, or when it has been quiet a moment) returns what was held back, if it is to be printed.
 */
export function handledRefusalFilter() {
  let held: string[] | null = null;
  const release = (): string[] => {
    const block = held ?? [];
    held = null;
    return DELIBERATE.test(block.join("\n")) ? [] : block;
  };
  return {
    line(text: string): string[] {
      if (BLOCK_START.test(text)) {
        const before = release();
        held = [text];
        return before;
      }
      if (held && ERROR_LINE.test(text)) {
        held.push(text);
        return [];
      }
      return [...release(), text];
    },
    end: release,
  };
}
