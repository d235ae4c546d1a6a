"use client";
/**
 * Signs out, then loads `to` in full (no page state of the signed-in person survives in memory). Busy until the page
 * is left, so it cannot be pressed twice. Used by the app shell's Sign out, "Sign in again" after a lost session, and
 * the invitation page's "use the invited address".
 */
import { useAuthActions } from "@convex-dev/auth/react";
import type { ReactNode } from "react";
import { useLeavingBusy } from "./use-leaving-busy";
import { BusyButton } from "./busy-button";

export function SignOutButton({ to, className, children }: { to: string; className: string; children: ReactNode }) {
  const { signOut } = useAuthActions();
  const [busy, setBusy] = useLeavingBusy();
  return (
    <BusyButton
      busy={busy}
      className={className}
      onClick={async () => {
        setBusy(true);
        try {
          await signOut(); // clears the session cookies through /api/auth; never throws
        } finally {
          window.location.assign(to);
        }
      }}
    >
      {children}
    </BusyButton>
  );
}
