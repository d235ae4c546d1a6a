/**
 * A fake `fetch` for unit tests: answers from a script, one entry per call, and records every call, so a test
 * can assert the exact sequence of attempts. Test-only.
 */
export type ScriptedAnswer =
  | { envelope: { code: number; message?: string; request_id?: string; data?: unknown }; status?: number }
  | { status: number; body: string }
  | { throws: Error }
  | { hang: true };

export interface RecordedCall {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export function ok(data: unknown, requestId = "req-ok"): ScriptedAnswer {
  return { envelope: { code: 0, message: "OK", request_id: requestId, data } };
}

export function fail(code: number, message = "failed", requestId = `req-${code}`): ScriptedAnswer {
  return { envelope: { code, message, request_id: requestId, data: {} } };
}

export function networkError(code: string): ScriptedAnswer {
  return { throws: Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) }) };
}

export function scriptedFetch(script: ScriptedAnswer[]) {
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    calls.push({
      url: new URL(input instanceof Request ? input.url : input),
      method: init.method ?? "GET",
      headers,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    });
    const answer = script.shift();
    if (!answer) throw new Error(`scriptedFetch: no answer scripted for call ${calls.length}`);
    if ("throws" in answer) throw answer.throws;
    if ("hang" in answer) {
      return new Promise((_, reject) => {
        const signal = init.signal;
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    if ("envelope" in answer) {
      return new Response(JSON.stringify({ message: "OK", data: {}, ...answer.envelope }), {
        status: answer.status ?? 200,
      });
    }
    return new Response(answer.body, { status: answer.status });
  };
  return { fetch: fetchFn, calls, remaining: () => script.length };
}
