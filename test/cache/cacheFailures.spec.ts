// How SecretCache reads a failed request: what is transient (served stale, retried with backoff) and what
// is authoritative, and the delays a throttling answer asks for. The back-off itself is shared with the
// client (test/cache/oneRetryRule.spec.ts).
import { RestError, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { classifyFailure, retryAfterMs } from "../../src/cache/failures.js";

const request = createPipelineRequest({ url: "https://vault.example/secrets/x" });
function answered(statusCode: number, headers: Record<string, string> = {}): RestError {
  return new RestError("failed", {
    statusCode,
    request,
    response: { status: statusCode, headers: createHttpHeaders(headers), request },
  });
}

describe("SecretCache failure classification", () => {
  it("treats 429, 408, 5xx, timeouts and network failures as transient", () => {
    for (const status of [429, 408, 500, 502, 503, 504])
      expect(classifyFailure(answered(status))).toBe("transient");
    expect(classifyFailure(new RestError("no response within 30 s", { code: "ETIMEDOUT", request }))).toBe(
      "transient",
    );
    expect(classifyFailure(new RestError("socket hang up", { code: "ECONNRESET", request }))).toBe(
      "transient",
    );
    expect(classifyFailure(new TypeError("fetch failed"))).toBe("transient");
  });

  it("never masks authoritative answers", () => {
    expect(classifyFailure(answered(404))).toBe("notFound");
    expect(classifyFailure(answered(403))).toBe("forbidden");
    expect(classifyFailure(answered(401))).toBe("unauthorized");
    expect(classifyFailure(answered(400))).toBe("rejected");
    expect(classifyFailure(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe("aborted");
  });

  it("reads retry-after-ms, Retry-After seconds and Retry-After dates", () => {
    const now = Date.UTC(2026, 10, 29, 12);
    expect(retryAfterMs(answered(429, { "retry-after-ms": "1500" }), now)).toBe(1500);
    expect(retryAfterMs(answered(429, { "retry-after": "7" }), now)).toBe(7000);
    expect(retryAfterMs(answered(503, { "retry-after": new Date(now + 3000).toUTCString() }), now)).toBe(
      3000,
    );
    expect(retryAfterMs(answered(429), now)).toBeUndefined();
    expect(retryAfterMs(answered(429, { "retry-after": "soon" }), now)).toBeUndefined();
  });
});
