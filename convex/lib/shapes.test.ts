import { v } from "convex/values";
import { describe, expect, it } from "vitest";
import { shapedAs } from "./shapes";

interface Declared {
  name: string;
  budget?: number;
}

describe("shapedAs", () => {
  it("passes a validator of exactly the declared shape through unchanged", () => {
    const validator = v.object({ name: v.string(), budget: v.optional(v.number()) });
    expect(shapedAs<Declared>()(validator)).toBe(validator);
  });

  it("refuses, at compile time, a validator that drifted from the declared type", () => {
    // Each line below stops compiling if shapedAs lets the drift through (`npm run typecheck` runs over tests).
    // @ts-expect-error: a declared field the validator lacks
    shapedAs<Declared>()(v.object({ name: v.string() }));
    // @ts-expect-error: an optional field the type does not declare
    shapedAs<Declared>()(v.object({ name: v.string(), budget: v.optional(v.number()), note: v.optional(v.string()) }));
    // @ts-expect-error: a field required in one and optional in the other
    shapedAs<Declared>()(v.object({ name: v.string(), budget: v.number() }));
    // @ts-expect-error: a field of another type
    shapedAs<Declared>()(v.object({ name: v.number(), budget: v.optional(v.number()) }));
    // @ts-expect-error: a narrower list of values than the type's
    shapedAs<{ kind: "a" | "b" }>()(v.object({ kind: v.literal("a") }));
  });
});
