// Deterministic randomness for the simulator. Everything the sim invents (ids, names, metrics, faults)
// comes from here, keyed by the seed, so two runs with the same seed behave the same.
// Stateless hashing (`hashString`, `mix`, `unit`) serves values that must not depend on the order in which
// things are asked for (a campaign's metrics for a day); `Rng` serves streams where order is the point
// (fault draws, token issuance). Not cryptographic, on purpose: nothing here is a real secret.

/** FNV-1a over the UTF-16 code units of `text`, finished with an avalanche step. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

/** Combines a 32-bit key with integers into a new well-mixed 32-bit key. */
export function mix(key: number, ...values: number[]): number {
  let h = key >>> 0;
  for (const v of values) {
    h = fmix((h ^ Math.imul((v | 0) + 0x9e3779b9, 0x85ebca6b)) >>> 0);
    // Large day numbers or counters can exceed 32 bits; fold the high part in as well.
    const high = Math.floor(v / 4294967296);
    if (high !== 0) h = fmix((h ^ Math.imul(high, 0xc2b2ae35)) >>> 0);
  }
  return h;
}

/** A uniform number in [0, 1) derived from `key` and a slot number, without any shared state. */
export function unit(key: number, slot: number): number {
  return mix(key, slot) / 4294967296;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Sequential generator (mulberry32). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  hex(length: number): string {
    let out = "";
    while (out.length < length)
      out += Math.floor(this.next() * 4294967296)
        .toString(16)
        .padStart(8, "0");
    return out.slice(0, length);
  }

  digits(length: number): string {
    let out = "";
    while (out.length < length) out += String(Math.floor(this.next() * 1e9)).padStart(9, "0");
    return out.slice(0, length);
  }
}
