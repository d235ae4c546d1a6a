/**
 * Validators checked against the plain TypeScript types lib/ owns. lib/ never imports from convex/, so where lib
 * needs the shape of a stored record it declares the type itself, and the validator that stores it is written
 * through `shapedAs`: the two cannot drift apart without the build saying so.
 */
import type { GenericValidator, Infer } from "convex/values";

/** `true` when A and B have the same keys and each is assignable to the other. */
export type SameShape<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;

/** What a compile error shows when a validator and its lib type differ: both shapes, side by side. */
interface ShapeMismatch<Stored, Declared> {
  "the validator's values differ from the lib type": { validator: Stored; libType: Declared };
}

/**
 * `validator` itself, refused at compile time unless the values it accepts are exactly `T` (same keys, each
 * assignable to the other): `export const failureValidator = shapedAs<FailureRecord>()(v.object({ … }))`.
 */
export function shapedAs<T>() {
  return <V extends GenericValidator>(
    validator: V & (SameShape<Infer<V>, T> extends true ? unknown : ShapeMismatch<Infer<V>, T>),
  ): V => validator;
}
