"use client";
/**
 * The code field of both code steps (confirming an address on /signin, choosing a new password on /signin/reset):
 * the same label, keyboard, autofill and hint, so a code from either email is typed the same way.
 */
import type { ReactNode, RefObject } from "react";
import { describedBy } from "../../lib/ui/aria";

export function CodeField({
  inputRef,
  ids,
  problem,
  errorElsewhere,
  hint,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  ids: { input: string; hint: string; error: string };
  /** What is wrong with the code, said under the field (absent when the field is fine). */
  problem?: string;
  /** The form says what went wrong in its own slot, whose id is `ids.error` (the server refused the code). */
  errorElsewhere?: boolean;
  hint: ReactNode;
}) {
  const invalid = Boolean(problem) || Boolean(errorElsewhere);
  return (
    <div className="field">
      <label htmlFor={ids.input}>Code</label>
      <input
        ref={inputRef}
        id={ids.input}
        className="input input--code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={12}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(ids.hint, invalid && ids.error)}
      />
      <p id={ids.hint} className="field-hint">
        {hint}
      </p>
      {problem ? (
        <p id={ids.error} className="field-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
