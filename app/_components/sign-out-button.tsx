"use client";
/**
 * Signs out, then loads `to` in full (no page state of the signed-in person survives in memory). Busy until the page
 * is left, so it cannot be pressed twice. Used by the app shell's Sign out, "Sign in again" after a lost session, and
 * the invitation page's "use the invited address".
 */
import { useAuthActions } from "@convex-dev/auth/react";
import type { ReactNode } from "react";
import { useLeavingBusy } from "./use-leaving-busy";

export function SignOutButton({ to, className, children }: { to: string; className: string; children: ReactNode }) {
  const { signOut } = useAuthActions();
  const [busy, setBusy] = useLeavingBusy();
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      aria-busy={busy || undefined}
      onClick={async () => {
        setBusy(true);
        try {
          await signOut(); // clears the session cookies through /api/auth; never throws
        } finally {
          window.location.assign(to);
        }
      }}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
