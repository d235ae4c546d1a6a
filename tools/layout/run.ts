/** `npm run layout`: rewrites the README's Layout block from the modules' own headers (tools/layout/layout.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { layoutBlock, withLayout } from "./layout";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = `${root}README.md`;
writeFileSync(readme, withLayout(readFileSync(readme, "utf8"), layoutBlock(root)));
console.log("README.md: Layout written.");
