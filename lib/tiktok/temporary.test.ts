import { describe, expect, it } from "vitest";
import {
  errorFromCode,
  TikTokError,
  TikTokInputError,
  TikTokMalformedResponseError,
  TikTokNetworkError,
  TikTokSchemaError,
  TikTokServerError,
} from "./errors";
import { classify } from "./retry";
import { RETRY_INLINE, temporaryCause } from "./temporary";

const samples: [string, TikTokError][] = [
  ["40100", errorFromCode(40100, "QPS")],
  ["40133", errorFromCode(40133, "")],
  ["40016", errorFromCode(40016, "")],
  ["40201", errorFromCode(40201, "")],
  ["50000", errorFromCode(50000, "")],
  ["51234", errorFromCode(51234, "")],
  ["60001", errorFromCode(60001, "")],
  ["HTTP 502", new TikTokServerError("gateway", { httpStatus: 502 })],
  ["reset", new TikTokNetworkError("reset", false, false)],
  ["timeout", new TikTokNetworkError("timeout", true, false)],
  ["not JSON", new TikTokMalformedResponseError("html")],
  ["schema", new TikTokSchemaError("data.list: expected array")],
  ["40000", errorFromCode(40000, "")],
  ["40001", errorFromCode(40001, "")],
  ["40007", errorFromCode(40007, "")],
  ["40067", errorFromCode(40067, "")],
  ["40105", errorFromCode(40105, "")],
  ["40110", errorFromCode(40110, "")],
  ["unknown code", errorFromCode(41234, "")],
  ["input", new TikTokInputError("budget", "too low")],
];

describe("one authority for 'try again later'", () => {
  it.each(samples)("%s: retryable is exactly what the table says", (_, error) => {
    expect(error.retryable).toBe(temporaryCause(error) !== undefined);
  });

  it.each(samples)("%s: the classifier retries at once exactly when the table says so", (_, error) => {
    const cause = temporaryCause(error);
    const decision = classify(error, 1, { idempotent: true, policy: { maxInlineWaitMs: Infinity } });
    expect(decision.retry).toBe(cause !== undefined && RETRY_INLINE[cause]);
    if (cause === undefined) expect(decision.reason).toBe("not_retryable");
  });

  it("names the causes TikTok documents as temporary and nothing a person must fix", () => {
    const causes = Object.fromEntries(samples.map(([name, error]) => [name, temporaryCause(error) ?? null]));
    expect(causes).toEqual({
      "40100": "app_rate_limit",
      "40133": "advertiser_rate_limit",
      "40016": "endpoint_rate_limit",
      "40201": "conflict",
      "50000": "server_error",
      "51234": "server_error",
      "60001": "maintenance",
      "HTTP 502": "server_error",
      reset: "network",
      timeout: "timeout",
      "not JSON": "malformed_response",
      schema: "schema_mismatch",
      "40000": null,
      "40001": null,
      "40007": null,
      "40067": null,
      "40105": null,
      "40110": null,
      "unknown code": null,
      input: null,
    });
  });

  it("leaves a schema mismatch to the caller's next run instead of repeating it at once", () => {
    const decision = classify(new TikTokSchemaError("data.list: expected array"), 1, { idempotent: true });
    expect(decision).toMatchObject({ retry: false, reason: "later_only" });
  });
});
