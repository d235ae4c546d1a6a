// The demo's mailbox: the gateway runs with AUTH_EMAIL_DELIVERY=capture (stack.ts), so a sign-up's verification code
// is kept in the emailOutbox table instead of sent. This polls that table through the gateway's test door and hands
// each new code to `print` once, for the demo to show in its terminal.

export interface OutboxEmail {
  _id: string;
  to: string;
  subject: string;
  code: string;
  at: number;
}

export interface OutboxWatcher {
  stop(): void;
}

/** The line the demo prints for one captured email. */
export function codeLine(email: Pick<OutboxEmail, "to" | "code">): string {
  return `✉  Sign-in code for ${email.to}: ${email.code} (the demo keeps emails instead of sending them)`;
}

/**
 * Polls `${gatewayUrl}/_gateway/tables/emailOutbox` every `intervalMs` and calls `print` once per new email, oldest
 * first. Quiet on errors (the gateway stopping, a slow answer): the next poll tries again.
 */
export function watchOutbox({
  gatewayUrl,
  print,
  intervalMs = 1_000,
}: {
  gatewayUrl: string;
  print: (email: OutboxEmail) => void;
  intervalMs?: number;
}): OutboxWatcher {
  const seen = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: AbortController | undefined;

  const poll = async () => {
    inFlight = new AbortController();
    try {
      const res = await fetch(`${gatewayUrl}/_gateway/tables/emailOutbox`, {
        signal: AbortSignal.any([inFlight.signal, AbortSignal.timeout(5_000)]),
      });
      if (!res.ok) return;
      const body = (await res.json()) as { documents: OutboxEmail[] } | OutboxEmail[];
      const emails = Array.isArray(body) ? body : body.documents;
      for (const email of [...emails].sort((a, b) => a.at - b.at)) {
        if (stopped || seen.has(email._id)) continue;
        seen.add(email._id);
        print(email);
      }
    } catch {
      // Not answering right now: try again at the next tick.
    } finally {
      inFlight = undefined;
      if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
    }
  };
  timer = setTimeout(() => void poll(), 0);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
    },
  };
}
