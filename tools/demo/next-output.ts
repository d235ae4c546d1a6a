// What the demo lets through of Next.js's error output. Convex Auth's Next.js proxy prints every refused sign-in in
// full (node_modules/@convex-dev/auth/dist/nextjs/server/proxy.js: "Hit error while running `auth:signIn`:" and
// the error with its stack) although it answers the page, which says "wrong password" in its own words. A person
// watching the demo's terminal would read those as crashes. Such a block is dropped when the function refused on
// purpose: a ConvexError, or Convex Auth's one-word codes (InvalidSecret, InvalidAccountId, TooManyFailedAttempts…).
// Likewise a browser that hangs up mid-request (a tab closed, Ctrl-C while a page loads): Next.js prints Node's
// "Error: aborted" with code ECONNRESET, sometimes twice ("⨯ uncaughtException:"), though nothing failed on our side.
// Everything else, those same blocks with a real failure in them (a bug, the gateway unreachable) included, goes
// through.

/** Where a block of the kinds above starts, and what in it shows that it is harmless. */
const BLOCKS = [
  {
    start: /^Hit error while running `auth:\w+`:$/,
    harmless: /^Uncaught (ConvexError\b|Error: [A-Z][A-Za-z]+$)/m,
  },
  { start: /^(⨯ uncaughtException:\s+)?Error: aborted$/, harmless: /^\s*code: 'ECONNRESET'$/m },
];
/** A line of a printed error: its message ("Error: …", "Uncaught …"), its stack ("    at …") or its data ("{ … }"). */
const ERROR_LINE = /^(\s|Error\b|Uncaught\b|\[|\{|\}|\w*Error:)/;

/**
 * A line filter: `line` takes each line as it comes and returns the lines to print now; `end` (at the end of the
 * stream, or when it has been quiet a moment) returns what was held back, if it is to be printed.
 */
export function handledRefusalFilter() {
  let held: { lines: string[]; harmless: RegExp } | null = null;
  const release = (): string[] => {
    if (!held) return [];
    const { lines, harmless } = held;
    held = null;
    return harmless.test(lines.join("\n")) ? [] : lines;
  };
  return {
    line(text: string): string[] {
      const block = BLOCKS.find((b) => b.start.test(text));
      if (block) {
        const before = release();
        held = { lines: [text], harmless: block.harmless };
        return before;
      }
      if (held && ERROR_LINE.test(text)) {
        held.lines.push(text);
        return [];
      }
      return [...release(), text];
    },
    end: release,
  };
}
