// The .env format as the Convex CLI reads it (it uses dotenv's parse): .env.convex, .env.local, the output of
// `npx convex env list` and the input of `npx convex env set` (stdin) all go through it. The parser follows dotenv's
// rules line for line, so a value means here exactly what it means to the Convex CLI.

const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/** NAME=value lines to a map, as dotenv.parse does (later lines win; `#` starts a comment outside quotes). */
export function parseDotenv(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = text.replace(/\r\n?/gm, "\n");
  LINE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = LINE.exec(lines)) !== null) {
    const name = match[1]!;
    let value = (match[2] ?? "").trim();
    const quote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, "$2");
    if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
    result.set(name, value);
  }
  return result;
}

/**
 * One value as a dotenv line's right-hand side that parses back to exactly this value, or undefined when the format
 * cannot carry it (a line break, or all three quote characters).
 */
export function formatDotenvValue(value: string): string | undefined {
  if (/[\r\n]/.test(value) || value.endsWith("\\")) return undefined;
  // Single quotes: nothing inside is interpreted. Backticks: the same. Double quotes turn \n into a line break.
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes("`")) return `\`${value}\``;
  if (!value.includes('"') && !value.includes("\\n") && !value.includes("\\r")) return `"${value}"`;
  return undefined;
}

/** A whole file of NAME='value' lines; throws (naming the variable only) if one cannot be written. */
export function formatDotenv(entries: Iterable<readonly [string, string]>): string {
  const lines: string[] = [];
  for (const [name, value] of entries) {
    const formatted = formatDotenvValue(value);
    if (formatted === undefined)
      throw new Error(`${name} cannot be written in .env format (a line break, or ', \` and " all at once)`);
    lines.push(`${name}=${formatted}`);
  }
  return `${lines.join("\n")}\n`;
}
