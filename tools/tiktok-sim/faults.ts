// Fault injection: decides, per API request, whether a configured failure happens instead of (or, with
// afterProcessing, after) normal processing. Draws come from a PRNG reseeded from the sim seed whenever the
// rules are set, so the same rules and the same request sequence fault the same requests every run.
// Only decides; server.ts carries the fault out (status pages, envelopes, resets, stalls, broken JSON).

import { mix, Rng } from "./prng.js";
import { FAULT_KINDS, type FaultRule } from "./types.js";

const API_PREFIX = "/open_api/v1.3";

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultEngine {
  private rules: ActiveRule[] = [];
  private rng: Rng;
  private generation = 0;

  constructor(
    private readonly seed: number,
    rules: FaultRule[] = [],
  ) {
    this.rng = new Rng(seed);
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    for (const r of rules) validateRule(r);
    this.generation += 1;
    this.rng = new Rng(mix(this.seed, 0xfa017, this.generation));
    this.rules = rules.map((rule) => ({ rule: { ...rule }, remaining: rule.count ?? Infinity }));
  }

  clear(): void {
    this.set([]);
  }

  /** The rule that faults this request, if any. `apiPath` is the path after /open_api/v1.3 (e.g. "/campaign/get/"). */
  pick(apiPath: string): FaultRule | undefined {
    for (const active of this.rules) {
      if (active.remaining <= 0) continue;
      const prefix = normalizePrefix(active.rule.path);
      if (prefix && !apiPath.startsWith(prefix)) continue;
      const p = active.rule.probability ?? 1;
      if (p < 1 && this.rng.next() >= p) continue;
      active.remaining -= 1;
      return active.rule;
    }
    return undefined;
  }
}

function normalizePrefix(path: string | undefined): string | undefined {
  if (!path) return undefined;
  let p = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
  if (!p.startsWith("/")) p = `/${p}`;
  return p;
}

const KINDS: ReadonlySet<string> = new Set(FAULT_KINDS);

function validateRule(r: FaultRule): void {
  if (!KINDS.has(r.kind)) throw new Error(`Unknown fault kind: ${String(r.kind)}`);
  if (r.probability !== undefined && !(r.probability >= 0 && r.probability <= 1))
    throw new Error("fault probability must be within 0..1");
  if (r.count !== undefined && !(Number.isInteger(r.count) && r.count >= 0))
    throw new Error("fault count must be a non-negative integer");
  if (r.stallMs !== undefined && !(r.stallMs >= 0)) throw new Error("fault stallMs must be >= 0");
}
