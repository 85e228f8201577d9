// How the cache reads a failed backend request: transient (serve stale, retry with backoff) or
// authoritative (never masked), and how long to wait before the next attempt.
import { isRestError } from "@azure/core-rest-pipeline";

/** What a failure means for the cached entry. @internal */
export type FailureKind = "transient" | "notFound" | "forbidden" | "unauthorized" | "rejected" | "aborted";

/** Classifies a failed request: 429, 408, 5xx and failures without a response are transient. @internal */
export function classifyFailure(error: unknown): FailureKind {
  const status = isRestError(error) ? error.statusCode : undefined;
  if (status === undefined) {
    return (error as Error | undefined)?.name === "AbortError" ? "aborted" : "transient";
  }
  if (status === 404) return "notFound";
  if (status === 403) return "forbidden";
  if (status === 401) return "unauthorized";
  if (status === 408 || status === 429 || status >= 500) return "transient";
  return "rejected";
}

/** The HTTP status of a failure, if it had one. @internal */
export function statusOf(error: unknown): number | undefined {
  return isRestError(error) ? error.statusCode : undefined;
}

/** The delay a throttling or 503 answer asked for (`retry-after-ms` or `Retry-After`), in ms. @internal */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  const headers = isRestError(error) ? error.response?.headers : undefined;
  if (!headers) return undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const retryAfter = headers.get("retry-after");
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: the nth failure (1-based) waits a random point in the upper half of
 * `min(base · 2^(n-1), max)`. @internal
 */
export function backoffMs(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return ceiling / 2 + (ceiling / 2) * random();
}
