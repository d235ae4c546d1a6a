/**
 * A list query's arguments from its list contract (lib/lists/contract.ts): the sort columns, the order, a search and
 * a page, validated the same way for every table, with every bound checked before any read.
 */
import { literals } from "convex-helpers/validators";
import { v } from "convex/values";
import {
  MAX_SEARCH_LENGTH,
  searchNeedle,
  SORT_ORDERS,
  type ListContract,
  type SortOrder,
} from "../../lib/lists/contract";
import { boundString, boundWhole } from "./bounds";

/** Pages are 0-based; a page past the end shows the last one. */
const MAX_PAGE = 1_000_000;

export function listArgs<S extends string>(contract: ListContract<S>) {
  return {
    sort: v.optional(literals(...contract.sorts)),
    order: v.optional(literals(...SORT_ORDERS)),
    search: v.optional(v.string()),
    page: v.optional(v.number()),
    pageSize: v.optional(v.number()),
  };
}

/** The list's view as the query uses it, every argument checked against its bound (the refusal names it). */
export function readListArgs<S extends string>(
  contract: ListContract<S>,
  args: { sort?: S; order?: SortOrder; search?: string; page?: number; pageSize?: number },
): { sort: S; order: SortOrder; needle: string | undefined; page: number; pageSize: number } {
  boundString("search", args.search, MAX_SEARCH_LENGTH);
  return {
    sort: args.sort ?? contract.defaultSort,
    order: args.order ?? contract.defaultOrder,
    needle: searchNeedle(args.search),
    page: boundWhole("page", args.page ?? 0, 0, MAX_PAGE),
    pageSize: boundWhole("pageSize", args.pageSize ?? contract.pageSizes[0]!, 1, contract.maxPageSize),
  };
}
