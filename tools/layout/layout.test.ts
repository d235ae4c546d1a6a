import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { headerPhrase, layoutBlock, withLayout } from "./layout";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("the README's Layout", () => {
  it("lists every folder and module as they are (npm run layout rewrites it)", () => {
    const readme = readFileSync(`${root}README.md`, "utf8");
    expect(withLayout(readme, layoutBlock(root)) === readme, "README.md's Layout is stale: run npm run layout").toBe(
      true,
    );
  });

  it("takes each module's line from the first phrase of its header comment", () => {
    expect(headerPhrase('"use client";\n/**\n * The daily chart: two metrics.\n */')).toBe("The daily chart");
    expect(headerPhrase("// One line. Then more.\n// and more\nconst x = 1;")).toBe("One line");
    expect(headerPhrase("const x = 1;")).toBeUndefined();
  });
});
