"use client";
/**
 * A busy flag for buttons that send the browser to another page (Connect TikTok, Sign out): it stays on while the
 * browser leaves, and turns off again when the Back button restores this page from the back-forward cache, where
 * it would otherwise come back frozen in its busy state.
 */
import { useEffect, useState } from "react";

export function useLeavingBusy(): [boolean, (busy: boolean) => void] {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const reset = (event: PageTransitionEvent) => {
      if (event.persisted) setBusy(false);
    };
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);
  return [busy, setBusy];
}
