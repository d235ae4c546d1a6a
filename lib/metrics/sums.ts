/**
 * Arithmetic over the metric catalogue (lib/metrics/catalogue.ts), as pure functions the sync and the report queries
 * share: a day's values as stored, sums over days and objects, running totals and their differences, and the figures
 * people read (real units, ratios recomputed from sums, never averaged).
 *
 * Two units meet here. `Sums` and the stored shapes are in stored units (money in thousandths, an integer, so sums
 * are exact); `MetricValues` and `Figures` are in real units of the account's currency. A metric that can be
 * untracked is null when no day of the sum reported it: "not tracked" is never 0.
 */
import {
  FIGURES,
  fromStored,
  isUntracked,
  RATIO_NAMES,
  ratioDef,
  SUM_NAMES,
  sumDef,
  toStored,
  type AlwaysSumName,
  type FieldOf,
  type RatioName,
  type SumName,
  type TotalOf,
  type TrackedDaysOf,
  type UntrackedSumName,
} from "./catalogue";

/** One value per additive metric; null only where the metric can be untracked. */
export type PerMetric = { [K in SumName]: K extends UntrackedSumName ? number | null : number };

/** A row's metrics as TikTok reported them, in real units (the sync hands these from the action to its mutations). */
export type MetricValues = PerMetric;

/** Sums in stored units (money in thousandths). */
export type Sums = PerMetric;

/** What a report shows: additive metrics in real units, and the ratios (null over a zero denominator). */
export type Figures = PerMetric & { [K in RatioName]: number | null };

/** A day's metrics as stored on day rows and rollups: an untracked metric's field is absent. */
export type StoredDay = { [K in AlwaysSumName as FieldOf<K>]: number } & {
  [K in UntrackedSumName as FieldOf<K>]?: number;
};

/** Running totals through a date, as stored on day rows and cursors. */
export type RunningTotals = { [K in SumName as TotalOf<K>]: number } & {
  [K in UntrackedSumName as TrackedDaysOf<K>]: number;
};

type Loose = Record<string, number | null | undefined>;

function build<T>(fill: (out: Record<string, number | null>) => void): T {
  const out: Record<string, number | null> = {};
  fill(out);
  return out as T;
}

/**
 * Values for every additive metric: those given, and the rest as TikTok's "-" would leave them (null where that means
 * not tracked, 0 where it means nothing happened). For callers, tests among them, that name only the metrics they use.
 */
export function metricValues(given: Partial<MetricValues>): MetricValues {
  return build<MetricValues>((out) => {
    for (const name of SUM_NAMES) out[name] = given[name] ?? (isUntracked(name) ? null : 0);
  });
}

export const ZERO_SUMS: Sums = build<Sums>((out) => {
  for (const name of SUM_NAMES) out[name] = isUntracked(name) ? null : 0;
});

export function addSums(a: Sums, b: Sums): Sums {
  return build<Sums>((out) => {
    const x = a as Loose;
    const y = b as Loose;
    for (const name of SUM_NAMES) {
      out[name] = x[name] == null && y[name] == null ? (isUntracked(name) ? null : 0) : (x[name] ?? 0) + (y[name] ?? 0);
    }
  });
}

/** Real-unit values as stored (money rounded to thousandths); an untracked metric's field left out. */
export function toStoredDay(values: MetricValues): StoredDay {
  const out: Record<string, number> = {};
  for (const name of SUM_NAMES) {
    const value = (values as Loose)[name];
    if (value !== null && value !== undefined) out[sumDef(name).field] = toStored(name, value);
    else if (!isUntracked(name)) out[sumDef(name).field] = 0;
  }
  return out as StoredDay;
}

/** A stored day (or anything carrying its fields, such as a rollup) as sums. */
export function sumsOfStored(day: StoredDay): Sums {
  return build<Sums>((out) => {
    for (const name of SUM_NAMES) {
      const value = (day as unknown as Loose)[sumDef(name).field];
      out[name] = value ?? (isUntracked(name) ? null : 0);
    }
  });
}

/** Sums as stored fields (the rollup of a date is the sum of its rows). */
export function storedOfSums(sums: Sums): StoredDay {
  const out: Record<string, number> = {};
  for (const name of SUM_NAMES) {
    const value = (sums as Loose)[name];
    if (value !== null && value !== undefined) out[sumDef(name).field] = value;
  }
  return out as StoredDay;
}

function totalFields(): string[] {
  const fields: string[] = [];
  for (const name of SUM_NAMES) {
    const def = sumDef(name);
    fields.push(def.total);
    if (def.trackedDays) fields.push(def.trackedDays);
  }
  return fields;
}

/** Every running-total field name (for the stored shapes and for comparing totals). */
export const RUNNING_TOTAL_FIELDS: readonly string[] = totalFields();

export const ZERO_TOTALS: RunningTotals = Object.fromEntries(
  RUNNING_TOTAL_FIELDS.map((field) => [field, 0]),
) as RunningTotals;

/** Just the running totals of a row or cursor that carries them (and other fields). */
export function totalsOf(row: RunningTotals): RunningTotals {
  return Object.fromEntries(
    RUNNING_TOTAL_FIELDS.map((field) => [field, (row as unknown as Loose)[field] ?? 0]),
  ) as RunningTotals;
}

/** Totals moved by one stored day: added (sign 1) or taken back out (sign −1). */
export function plusDay(totals: RunningTotals, day: StoredDay, sign: 1 | -1 = 1): RunningTotals {
  const t = totals as unknown as Loose;
  const d = day as unknown as Loose;
  const out: Record<string, number> = {};
  for (const name of SUM_NAMES) {
    const def = sumDef(name);
    const value = d[def.field];
    out[def.total] = (t[def.total] ?? 0) + sign * (value ?? 0);
    if (def.trackedDays) out[def.trackedDays] = (t[def.trackedDays] ?? 0) + sign * (value == null ? 0 : 1);
  }
  return out as RunningTotals;
}

/**
 * A range's sums from running totals: the totals at its last row minus those just before it (either may be absent:
 * no row yet). An untracked metric with no tracked day in the range is null.
 */
export function totalsDifference(end: RunningTotals | null, before: RunningTotals | null): Sums {
  const e = (end ?? ZERO_TOTALS) as unknown as Loose;
  const b = (before ?? ZERO_TOTALS) as unknown as Loose;
  const diff = (field: string) => (e[field] ?? 0) - (b[field] ?? 0);
  return build<Sums>((out) => {
    for (const name of SUM_NAMES) {
      const def = sumDef(name);
      out[name] = def.trackedDays && diff(def.trackedDays) <= 0 ? null : diff(def.total);
    }
  });
}

/** True when two stored days (or rollups) hold the same value for every metric (absent and undefined alike). */
export function sameStored(a: StoredDay, b: StoredDay): boolean {
  return SUM_NAMES.every((name) => {
    const field = sumDef(name).field;
    return (a as unknown as Loose)[field] === (b as unknown as Loose)[field];
  });
}

/** True when two sets of running totals hold the same values. */
export function sameTotals(a: RunningTotals, b: RunningTotals): boolean {
  return RUNNING_TOTAL_FIELDS.every((f) => (a as unknown as Loose)[f] === (b as unknown as Loose)[f]);
}

/** The figures people read: sums in real units, each ratio from the sums (null over zero or an untracked part). */
export function figures(sums: Sums): Figures {
  const s = sums as Loose;
  return build<Figures>((out) => {
    for (const name of SUM_NAMES) {
      const value = s[name];
      out[name] = value == null ? null : fromStored(name, value);
    }
    for (const name of RATIO_NAMES) {
      const def = ratioDef(name);
      const numerator = out[def.numerator];
      const denominator = out[def.denominator];
      out[name] =
        numerator == null || denominator == null || !(denominator > 0) ? null : (numerator / denominator) * def.scale;
    }
  });
}

/** Relative change from the previous period, or null when there is nothing to compare with. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

/** The change of every figure between two periods. */
export function changes(current: Figures, previous: Figures): Record<keyof typeof FIGURES, number | null> {
  return Object.fromEntries(
    (Object.keys(FIGURES) as (keyof typeof FIGURES)[]).map((name) => [name, change(current[name], previous[name])]),
  ) as Record<keyof typeof FIGURES, number | null>;
}
