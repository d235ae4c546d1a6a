// Reading request parameters the way TikTok does: GET parameters are strings, and arrays or objects arrive
// as JSON text in the query string (`fields=["a"]`, docs/tiktok-api.md §1); POST parameters are typed JSON
// values in the body. Every problem becomes a 40002 whose message names the parameter.
// Knows nothing about which endpoint asks.

import { paramError } from "./envelope.js";

export class Params {
  constructor(
    /** "query": values are strings, structured ones JSON-encoded. "body": values are already typed. */
    readonly source: "query" | "body",
    private readonly values: Record<string, unknown>,
  ) {}

  has(name: string): boolean {
    const v = this.values[name];
    return v !== undefined && v !== null && v !== "";
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  string(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const v = this.values[name];
    // IDs above 2^53 lose digits as JSON numbers (docs/tiktok-api.md §1), so string fields refuse numbers.
    if (typeof v !== "string") throw paramError(`${name}: Not a valid string.`);
    return v;
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw paramError(`${name}: Missing data for required field.`);
    return v;
  }

  /** An array or object parameter: parsed from JSON text in a query string, taken as-is from a body. */
  json(name: string): unknown {
    if (!this.has(name)) return undefined;
    const v = this.values[name];
    if (this.source === "body" || typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      throw paramError(
        `${name}: Invalid JSON. Arrays and objects in the query string must be JSON text, e.g. ${name}=["..."].`,
      );
    }
  }

  stringArray(name: string, opts: { min?: number; max?: number; required?: boolean } = {}): string[] | undefined {
    const v = this.json(name);
    if (v === undefined) {
      if (opts.required) throw paramError(`${name}: Missing data for required field.`);
      return undefined;
    }
    return checkStringArray(v, name, opts);
  }

  int(name: string, opts: { default: number; min: number; max: number }): number {
    if (!this.has(name)) return opts.default;
    const v = this.values[name];
    const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n)) throw paramError(`${name}: Not a valid integer.`);
    if (n < opts.min || n > opts.max)
      throw paramError(`${name}: Must be greater than or equal to ${opts.min} and less than or equal to ${opts.max}.`);
    return n;
  }

  bool(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const v = this.values[name];
    if (v === true || v === "true" || v === "True") return true;
    if (v === false || v === "false" || v === "False") return false;
    throw paramError(`${name}: Not a valid boolean.`);
  }
}

export function checkStringArray(v: unknown, name: string, opts: { min?: number; max?: number } = {}): string[] {
  if (!Array.isArray(v)) throw paramError(`${name}: Not a valid list.`);
  for (const item of v) {
    if (typeof item !== "string") throw paramError(`${name}: Each item must be a string (IDs are strings).`);
  }
  if (opts.min !== undefined && v.length < opts.min)
    throw paramError(`${name}: Length must be between ${opts.min} and ${opts.max ?? "∞"}.`);
  if (opts.max !== undefined && v.length > opts.max)
    throw paramError(`${name}: Length must be between ${opts.min ?? 0} and ${opts.max}.`);
  return v as string[];
}

export function paging(params: Params): { page: number; pageSize: number } {
  return {
    page: params.int("page", { default: 1, min: 1, max: 1_000_000 }),
    // docs/tiktok-api.md §5: page_size defaults to 10, at most 1000.
    pageSize: params.int("page_size", { default: 10, min: 1, max: 1000 }),
  };
}

export function pageInfo(page: number, pageSize: number, total: number) {
  return { page, page_size: pageSize, total_number: total, total_page: Math.ceil(total / pageSize) };
}
