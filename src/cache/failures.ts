// How the cache reads a failed backend request: transient (serve stale, retry with backoff) or
// authoritative (never masked), and what delay the vault asked for.
import { isRestError } from "@azure/core-rest-pipeline";
import { retryAfterInMs } from "../shared/retryDelay.js";

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

/**
 * The delay a 429 or 503 answer asked for through its retry headers, in ms, read by the same rule as the
 * client's retry policy. @internal
 */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  return retryAfterInMs(isRestError(error) ? error.response : undefined, now);
}
