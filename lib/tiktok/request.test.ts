import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  TikTokAuthError,
  TikTokInputError,
  TikTokInvalidRequestError,
  TikTokMalformedResponseError,
  TikTokNetworkError,
  TikTokRateLimitError,
  TikTokSchemaError,
  TikTokServerError,
} from "./errors";
import { createTransport, encodeQuery, redact, type AttemptEvent, type TransportOptions } from "./request";
import { fail, networkError, ok, scriptedFetch, type ScriptedAnswer } from "./testing/scripted-fetch";

const API = "https://api.test/open_api/v1.3";

function setup(script: ScriptedAnswer[], extra: Partial<TransportOptions> = {}) {
  const fake = scriptedFetch(script);
  const events: AttemptEvent[] = [];
  const sleeps: number[] = [];
  const request = createTransport({
    apiBase: API,
    fetch: fake.fetch,
    onAttempt: (e) => events.push(e),
    sleep: async (ms) => void sleeps.push(ms),
    retry: { random: () => 0 },
    ...extra,
  });
  return { request, calls: fake.calls, events, sleeps, remaining: fake.remaining };
}

const anything = z.unknown();

describe("request(): building the call", () => {
  it("sends GET params that are arrays or objects as JSON text, and scalars as themselves", async () => {
    const { request, calls } = setup([ok({})]);
    await request({
      method: "GET",
      path: "/campaign/get/",
      accessToken: "tok-abc",
      query: {
        advertiser_id: "7000000000000000001",
        fields: ["campaign_id", "budget"],
        filtering: { campaign_ids: ["1"] },
        page: 2,
        skip: undefined,
      },
      data: anything,
    });
    const url = calls[0]!.url;
    expect(url.origin + url.pathname).toBe(`${API}/campaign/get/`);
    expect(url.searchParams.get("advertiser_id")).toBe("7000000000000000001");
    expect(url.searchParams.get("fields")).toBe('["campaign_id","budget"]');
    expect(url.searchParams.get("filtering")).toBe('{"campaign_ids":["1"]}');
    expect(url.searchParams.get("page")).toBe("2");
    expect(url.searchParams.has("skip")).toBe(false);
  });

  it("authenticates with the Access-Token header, not a bearer token", async () => {
    const { request, calls } = setup([ok({})]);
    await request({ method: "GET", path: "/advertiser/info/", accessToken: "tok-abc", data: anything });
    expect(calls[0]!.headers["Access-Token"]).toBe("tok-abc");
    expect(calls[0]!.headers.Authorization).toBeUndefined();
  });

  it("sends POST bodies as JSON", async () => {
    const { request, calls } = setup([ok({})]);
    await request({
      method: "POST",
      path: "/campaign/update/",
      accessToken: "t",
      body: { campaign_id: "1", budget: 60 },
      data: anything,
    });
    expect(calls[0]!.method).toBe("POST");
    expect(calls[0]!.headers["Content-Type"]).toBe("application/json");
    expect(calls[0]!.body).toEqual({ campaign_id: "1", budget: 60 });
  });

  it("refuses a path without its trailing slash before sending anything", async () => {
    const { request, calls } = setup([]);
    await expect(request({ method: "GET", path: "/campaign/get", data: anything })).rejects.toBeInstanceOf(
      TikTokInputError,
    );
    expect(calls).toHaveLength(0);
  });

  it("encodeQuery leaves out undefined and null", () => {
    expect(encodeQuery({ a: undefined, b: null, c: [1] })).toBe("?c=%5B1%5D");
    expect(encodeQuery({})).toBe("");
  });
});

describe("request(): reading the answer", () => {
  it("returns parsed data with the request id", async () => {
    const { request } = setup([ok({ n: 1 }, "rid-1")]);
    const res = await request({ method: "GET", path: "/x/", data: z.object({ n: z.number() }) });
    expect(res).toEqual({ data: { n: 1 }, code: 0, message: "OK", requestId: "rid-1" });
  });

  it("treats a non-zero code on HTTP 200 as an error", async () => {
    const { request } = setup([fail(40002, "bad metric", "rid-2")]);
    const error = await request({ method: "GET", path: "/x/", data: anything }).catch((e) => e);
    expect(error).toBeInstanceOf(TikTokInvalidRequestError);
    expect(error).toMatchObject({ code: 40002, requestId: "rid-2", httpStatus: 200, path: "/x/" });
  });

  it("keeps the data of a partial success (20001)", async () => {
    const { request } = setup([{ envelope: { code: 20001, message: "partial", data: { list: [1] } } }]);
    const res = await request({ method: "GET", path: "/x/", data: anything });
    expect(res.code).toBe(20001);
    expect(res.data).toEqual({ list: [1] });
  });

  it("turns a gateway 5xx with an HTML body into a retryable server error", async () => {
    const { request, calls } = setup([{ status: 504, body: "<html>Gateway Timeout</html>" }, ok({})]);
    await request({ method: "GET", path: "/x/", data: anything });
    expect(calls).toHaveLength(2);
  });

  it("turns a body that is not JSON into a malformed-response error", async () => {
    const { request } = setup([{ status: 200, body: '{"code":0,"data":{' }], { retry: { maxAttempts: 1 } });
    await expect(request({ method: "GET", path: "/x/", data: anything })).rejects.toBeInstanceOf(
      TikTokMalformedResponseError,
    );
  });

  it("turns JSON without the envelope into a malformed-response error", async () => {
    const { request } = setup([{ status: 200, body: '{"hello":"world"}' }], { retry: { maxAttempts: 1 } });
    await expect(request({ method: "GET", path: "/x/", data: anything })).rejects.toBeInstanceOf(
      TikTokMalformedResponseError,
    );
  });

  it("reports a 404 (a wrong path) as an invalid request, not a server error", async () => {
    const { request, calls } = setup([{ status: 404, body: "Not Found" }]);
    await expect(request({ method: "GET", path: "/nope/", data: anything })).rejects.toBeInstanceOf(
      TikTokInvalidRequestError,
    );
    expect(calls).toHaveLength(1);
  });

  it("refuses data that does not match the schema, without retrying", async () => {
    const { request, calls } = setup([ok({ id: 12 })]);
    const error = await request({ method: "GET", path: "/x/", data: z.object({ id: z.string() }) }).catch((e) => e);
    expect(error).toBeInstanceOf(TikTokSchemaError);
    expect(error.message).toContain("id");
    expect(calls).toHaveLength(1);
  });
});

describe("request(): retries", () => {
  it("retries 40100 until TikTok answers, waiting about a second each time", async () => {
    const { request, calls, sleeps, events } = setup([fail(40100, "QPS"), fail(40100, "QPS"), ok({ done: true })]);
    const res = await request({ method: "GET", path: "/x/", data: anything });
    expect(res.data).toEqual({ done: true });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([1000, 1000]);
    expect(events.map((e) => [e.attempt, e.outcome, e.code, e.retryReason])).toEqual([
      [1, "rate_limit", 40100, "app_rate_limit_second"],
      [2, "rate_limit", 40100, "app_rate_limit_second"],
      [3, "ok", 0, undefined],
    ]);
  });

  it("backs the shared rate gate off when the app limit is hit", async () => {
    const pauses: number[] = [];
    const gate = { acquire: async () => {}, backOff: (t: number) => void pauses.push(t) };
    const { request } = setup([fail(40100), ok({})], { rateGate: gate });
    const before = Date.now();
    await request({ method: "GET", path: "/x/", data: anything });
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!).toBeGreaterThanOrEqual(before + 1000);
  });

  it("tells the governor about throttling", async () => {
    const throttled: unknown[] = [];
    const attempts: number[] = [];
    const governor = {
      beforeAttempt: async (i: { attempt: number }) => void attempts.push(i.attempt),
      onThrottled: (i: unknown) => void throttled.push(i),
    };
    const { request } = setup([fail(40133), ok({})], { governor });
    await request({ method: "GET", path: "/x/", advertiserId: "1", data: anything });
    expect(attempts).toEqual([1, 2]);
    expect(throttled).toEqual([{ scope: "advertiser", waitMs: 1000 }]);
  });

  it("does not retry auth, permission or parameter errors", async () => {
    for (const code of [40001, 40002, 40105]) {
      const { request, calls } = setup([fail(code), ok({})]);
      await expect(request({ method: "GET", path: "/x/", data: anything })).rejects.toMatchObject({ code });
      expect(calls).toHaveLength(1);
    }
  });

  it("gives up after maxAttempts and says when to try again", async () => {
    const { request, calls } = setup([fail(50000), fail(50000), fail(50000)], {
      retry: { maxAttempts: 3, random: () => 0 },
    });
    const error = await request({ method: "GET", path: "/x/", data: anything }).catch((e) => e);
    expect(error).toBeInstanceOf(TikTokServerError);
    expect(calls).toHaveLength(3);
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("hands a per-minute limit back with retryAfterMs instead of sleeping five minutes", async () => {
    const { request, sleeps } = setup([fail(40100, "QPM limit")]);
    const error = await request({ method: "GET", path: "/x/", data: anything }).catch((e) => e);
    expect(error).toBeInstanceOf(TikTokRateLimitError);
    expect(error.retryAfterMs).toBe(300_000);
    expect(sleeps).toEqual([]);
  });

  it("does not repeat a POST that is not idempotent after a lost answer", async () => {
    const { request, calls } = setup([networkError("ECONNRESET"), ok({})]);
    await expect(
      request({ method: "POST", path: "/oauth2/access_token/", body: {}, data: anything }),
    ).rejects.toBeInstanceOf(TikTokNetworkError);
    expect(calls).toHaveLength(1);
  });

  it("repeats a POST that never left the machine", async () => {
    const { request, calls } = setup([networkError("ECONNREFUSED"), ok({})]);
    await request({ method: "POST", path: "/oauth2/access_token/", body: {}, data: anything });
    expect(calls).toHaveLength(2);
  });

  it("repeats an idempotent POST with the very same body", async () => {
    const { request, calls } = setup([networkError("ECONNRESET"), fail(50002), ok({})]);
    await request({
      method: "POST",
      path: "/campaign/create/",
      body: { request_id: "42" },
      idempotent: true,
      data: anything,
    });
    expect(calls.map((c) => c.body)).toEqual([{ request_id: "42" }, { request_id: "42" }, { request_id: "42" }]);
  });
});

describe("request(): what must not change a call's outcome", () => {
  it("returns a success even when the ledger callback throws", async () => {
    const { calls } = setup([]);
    const fake = scriptedFetch([ok({ created: true })]);
    const request = createTransport({
      apiBase: API,
      fetch: fake.fetch,
      onAttempt: () => {
        throw new Error("ledger down");
      },
    });
    await expect(
      request({ method: "POST", path: "/campaign/create/", body: {}, idempotent: true, data: anything }),
    ).resolves.toMatchObject({ data: { created: true } });
    expect(calls).toHaveLength(0);
  });

  it("does not retry a 4xx page that is not JSON", async () => {
    const { request, calls } = setup([{ status: 403, body: "<html>Forbidden</html>" }, ok({})]);
    await expect(request({ method: "GET", path: "/x/", data: anything })).rejects.toBeInstanceOf(
      TikTokInvalidRequestError,
    );
    expect(calls).toHaveLength(1);
  });

  it("asks the governor before the in-process gate, passing the caller's signal", async () => {
    const order: string[] = [];
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const { request } = setup([ok({})], {
      governor: {
        beforeAttempt: async (i) => {
          order.push("governor");
          seen = i.signal;
        },
      },
      rateGate: { acquire: async () => void order.push("gate"), backOff: () => {} },
    });
    await request({ method: "GET", path: "/x/", data: anything, signal: controller.signal });
    expect(order).toEqual(["governor", "gate"]);
    expect(seen).toBe(controller.signal);
  });

  it("still reports TikTok's throttling when the governor cannot record it", async () => {
    const { request } = setup([fail(40100, "QPM limit")], {
      governor: {
        beforeAttempt: async () => {},
        onThrottled: async () => {
          throw new Error("limiter down");
        },
      },
    });
    await expect(request({ method: "GET", path: "/x/", data: anything })).rejects.toBeInstanceOf(TikTokRateLimitError);
  });
});

describe("request(): timeouts and aborts", () => {
  it("aborts an attempt that outlives the timeout and retries it", async () => {
    const { request, calls, events } = setup([{ hang: true }, ok({})], { timeoutMs: 30 });
    await request({ method: "GET", path: "/x/", data: anything });
    expect(calls).toHaveLength(2);
    expect(events[0]).toMatchObject({ outcome: "network", retryReason: "timeout" });
  });

  it("surfaces a timeout as a TikTokNetworkError when retries are off", async () => {
    const { request } = setup([{ hang: true }], { timeoutMs: 30, retry: { maxAttempts: 1 } });
    const error = await request({ method: "GET", path: "/x/", data: anything }).catch((e) => e);
    expect(error).toBeInstanceOf(TikTokNetworkError);
    expect(error.timedOut).toBe(true);
  });

  it("stops at once when the caller aborts, without retrying", async () => {
    const { request, calls } = setup([{ hang: true }, ok({})]);
    const controller = new AbortController();
    const pending = request({ method: "GET", path: "/x/", data: anything, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("caller gave up")), 10);
    await expect(pending).rejects.toThrow("caller gave up");
    expect(calls).toHaveLength(1);
  });
});

describe("request(): secrets stay out of errors and events", () => {
  it("redacts the token, the app secret and per-call secrets from TikTok's messages", async () => {
    const { request, events } = setup(
      [fail(40105, "token tok-SECRET-1 for app with secret app-SECRET-2 and code CODE-3 invalid")],
      { secrets: ["app-SECRET-2"] },
    );
    const error = await request({
      method: "GET",
      path: "/x/",
      accessToken: "tok-SECRET-1",
      secrets: ["CODE-3"],
      data: anything,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TikTokAuthError);
    const everything = JSON.stringify([error.message, error.toJSON(), events, String(error.stack)]);
    for (const secret of ["tok-SECRET-1", "app-SECRET-2", "CODE-3"]) expect(everything).not.toContain(secret);
  });

  it("never puts the query string (which may carry the app secret) into a network error", async () => {
    const { request } = setup([networkError("ECONNRESET")], { retry: { maxAttempts: 1 } });
    const error = await request({
      method: "GET",
      path: "/oauth2/advertiser/get/",
      query: { secret: "app-SECRET-9" },
      data: anything,
    }).catch((e) => e);
    expect(JSON.stringify([error.message, error.toJSON()])).not.toContain("app-SECRET-9");
  });

  it("redact ignores empty and very short strings", () => {
    expect(redact("a b c", ["", undefined, "b"])).toBe("a b c");
    expect(redact("xx secret1 yy", ["secret1"])).toBe("xx [redacted] yy");
  });
});

describe("request(): redirects are refused, never followed", () => {
  it("does not carry the token or the app secret to the origin a redirect names, and says it was a redirect", async () => {
    const { createServer } = await import("node:http");
    const seen: { headers: Record<string, unknown>; url?: string }[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push({ headers: req.headers, url: req.url });
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ code: 0, message: "OK", request_id: "evil", data: { access_token: "attacker" } }));
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const evilPort = (elsewhere.address() as { port: number }).port;
    const api = createServer((req, res) => {
      res.statusCode = Number(req.url?.includes("/oauth2/") ? 307 : 302);
      res.setHeader("Location", `http://127.0.0.1:${evilPort}${req.url}`);
      res.end();
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const apiPort = (api.address() as { port: number }).port;
    try {
      const events: AttemptEvent[] = [];
      const request = createTransport({
        apiBase: `http://127.0.0.1:${apiPort}/open_api/v1.3`,
        onAttempt: (e) => events.push(e),
        secrets: ["app-SECRET-1"],
      });
      const get = request({ method: "GET", path: "/advertiser/info/", accessToken: "tok-SECRET-2", data: anything });
      await expect(get).rejects.toMatchObject({
        name: "TikTokRedirectError",
        kind: "redirect",
        httpStatus: 302,
        retryable: false,
      });
      const post = request({
        method: "POST",
        path: "/oauth2/access_token/",
        body: { secret: "app-SECRET-1", auth_code: "code-3" },
        data: anything,
      });
      await expect(post).rejects.toMatchObject({ kind: "redirect", httpStatus: 307 });
      expect(seen).toEqual([]);
      expect(events.map((e) => [e.outcome, e.httpStatus, e.attempt])).toEqual([
        ["redirect", 302, 1],
        ["redirect", 307, 1],
      ]);
    } finally {
      api.close();
      elsewhere.close();
    }
  });
});
