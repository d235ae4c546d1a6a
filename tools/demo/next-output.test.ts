// The demo's terminal shows real failures from Next.js, not the sign-in refusals the page already explains.
import { describe, expect, it } from "vitest";
import { handledRefusalFilter } from "./next-output";

/** Feeds `lines` through a fresh filter and returns what it prints. */
function printed(lines: string[]): string[] {
  const filter = handledRefusalFilter();
  return [...lines.flatMap((l) => filter.line(l)), ...filter.end()];
}

const refusal = (code: string) => [
  "Hit error while running `auth:signIn`:",
  "Error: [Request ID: 0ad0fba5bc255ebb] Server Error",
  `Uncaught ${code}`,
  "    at nD.action (.next/server/chunks/x.js:8:96500)",
  "    at async n8 (.next/server/chunks/x.js:8:105566)",
];

describe("the demo's filter over Next.js's error output", () => {
  it("drops Convex Auth's print of a refused sign-in (wrong password, too many attempts, a ConvexError)", () => {
    expect(printed(refusal("Error: InvalidSecret"))).toEqual([]);
    expect(printed([...refusal("Error: TooManyFailedAttempts"), ...refusal("Error: InvalidAccountId")])).toEqual([]);
    expect(printed([...refusal("ConvexError: Enter the code from the email"), "  data: { code: 'INVALID' }"])).toEqual(
      [],
    );
  });
  it("drops Next.js's print of a browser that hung up mid-request (ECONNRESET), once or twice", () => {
    const aborted = (prefix: string) => [
      `${prefix}Error: aborted`,
      "    at ignore-listed frames {",
      "  code: 'ECONNRESET'",
      "}",
    ];
    expect(printed([...aborted(""), ...aborted("⨯ uncaughtException:  "), "next line"])).toEqual(["next line"]);
    const refused = ["Error: aborted", "    at x {", "  code: 'EACCES'", "}"];
    expect(printed(refused)).toEqual(refused);
  });
  it("keeps a real failure in the same place, and every other line, in order", () => {
    const bug = refusal("TypeError: Cannot read properties of undefined (reading 'x')");
    const unreachable = ["Hit error while running `auth:signIn`:", "TypeError: fetch failed", "    at node:internal"];
    expect(printed(["before", ...bug, "after"])).toEqual(["before", ...bug, "after"]);
    expect(printed([...unreachable])).toEqual(unreachable);
    expect(printed([...refusal("Error: InvalidSecret"), "⨯ Error: something else broke"])).toEqual([
      "⨯ Error: something else broke",
    ]);
  });
});
