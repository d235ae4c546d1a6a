"use client";
/**
 * A Convex query as an explicit state (loading, error, ready) instead of `useQuery`'s throw-on-error, so every
 * page can show its own error state without an error boundary. Still live: the state updates with the data.
 */
import { useQueries, type RequestForQueries } from "convex/react";
import { getFunctionName, type FunctionArgs, type FunctionReference, type FunctionReturnType } from "convex/server";
import { useMemo } from "react";

export type QueryState<T> = { status: "loading" } | { status: "error"; error: Error } | { status: "ready"; data: T };

export function useQueryState<Q extends FunctionReference<"query">>(
  query: Q,
  args: FunctionArgs<Q> | "skip",
): QueryState<FunctionReturnType<Q>> {
  const skip = args === "skip";
  const key = skip ? "skip" : JSON.stringify(args);
  const name = getFunctionName(query);
  const queries = useMemo(
    (): RequestForQueries => (skip ? {} : { q: { query, args: args as RequestForQueries[string]["args"] } }),
    // The name and the serialized args say everything: callers need not memoize their args objects (and `api.x.y`
    // is a new object on every access).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the query's name and serialized args on purpose
    [name, key],
  );
  const result: unknown = useQueries(queries)["q"];
  if (skip || result === undefined) return { status: "loading" };
  if (result instanceof Error) return { status: "error", error: result };
  return { status: "ready", data: result as FunctionReturnType<Q> };
}
