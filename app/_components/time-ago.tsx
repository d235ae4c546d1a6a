"use client";
/** Relative times that stay current ("5 minutes ago"), with the exact moment as a tooltip and machine-readable. */
import { useEffect, useState } from "react";
import { exactTime, isoTime, relativeTime } from "../../lib/ui/time";

/** The current time, re-read every `everyMs` so relative times do not go stale on an open page. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/**
 * `past` marks something that has happened: a clock a few seconds behind the server's must not say "in a moment"
 * for it (the ticking `now` can be up to one interval old when fresh data arrives).
 */
export function TimeAgo({ at, now, past = false }: { at: number; now: number; past?: boolean }) {
  const exact = exactTime(at);
  return (
    <time dateTime={isoTime(at)} title={exact}>
      {relativeTime(past ? Math.min(at, now) : at, now)}
    </time>
  );
}
