/**
 * One list contract for every table people page through (campaigns to manage, the report's campaign table, and the
 * ad-group and ad tables to come): which columns it sorts by and which of them start A→Z, its default order, its page
 * sizes, how a search is read, how rows compare ("no value" last whichever way, ties broken so pages are stable) and
 * how a page is cut. The Convex queries (convex/lib/lists.ts builds their arguments from a contract) and the pages
 * (their address and column headers) read the same contract, so the two cannot disagree.
 *
 * Pure: no Convex, no React.
 */
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The longest search a list takes (a name or an id). */
export const MAX_SEARCH_LENGTH = 200;

export interface ListContract<S extends string> {
  /** The columns the list sorts by. */
  sorts: readonly S[];
  /** Columns read as words (names, statuses): a first click sorts them A→Z; every other column starts largest first. */
  ascendingFirst: readonly S[];
  defaultSort: S;
  defaultOrder: SortOrder;
  /** The page sizes the page offers; the first is the default. */
  pageSizes: readonly number[];
  /** The largest page a query serves. */
  maxPageSize: number;
}

export function defineList<const S extends string>(contract: ListContract<S>): ListContract<S> {
  return contract;
}

export function isSort<S extends string>(contract: ListContract<S>, value: unknown): value is S {
  return typeof value === "string" && (contract.sorts as readonly string[]).includes(value);
}

/** A click on a column header: the same column flips its order; a new one starts where people expect. */
export function nextSort<S extends string>(
  contract: ListContract<S>,
  current: { sort: S; order: SortOrder },
  column: S,
): { sort: S; order: SortOrder } {
  if (current.sort === column) return { sort: column, order: current.order === "asc" ? "desc" : "asc" };
  return { sort: column, order: contract.ascendingFirst.includes(column) ? "asc" : "desc" };
}

/** What a search matches against, trimmed and lower-cased; undefined when there is nothing to search for. */
export function searchNeedle(search: string | undefined): string | undefined {
  const needle = search?.trim().toLowerCase();
  return needle ? needle : undefined;
}

export type SortKey = string | number | null;

/**
 * Compares rows by `key` in `order`: strings and numbers as they are, "no value" (null) last in either order, ties
 * broken by `tie` (name, then id) so that the same rows always make the same pages.
 */
export function compareBy<R>(
  key: (row: R) => SortKey,
  order: SortOrder,
  tie: (a: R, b: R) => number,
): (a: R, b: R) => number {
  const sign = order === "asc" ? 1 : -1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return (x < y ? -1 : 1) * sign;
    return tie(a, b);
  };
}

/** The page to show (a page past the end shows the last one), how many there are, and its rows' bounds. */
export function pageWindow(
  total: number,
  page: number,
  pageSize: number,
): { page: number; pageCount: number; start: number; end: number } {
  const pageCount = Math.ceil(total / pageSize);
  const shown = Math.min(page, Math.max(0, pageCount - 1));
  return { page: shown, pageCount, start: shown * pageSize, end: Math.min(total, (shown + 1) * pageSize) };
}
