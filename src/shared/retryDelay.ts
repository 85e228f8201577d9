// How long to wait before trying again: the one reading of a throttled answer's retry headers and the one
// exponential back-off, shared by the client's retry policy and SecretCache so that both layers wait alike.
// The rules are core-rest-pipeline's (throttlingRetryStrategy, calculateRetryDelay), which the client
// mirrors as a drop-in for the official one.

/** What the parser needs of a response: its status and a header lookup (core's `HttpHeaders` fits). @internal */
export interface RetryAfterSource {
  status: number;
  headers: { get(name: string): string | undefined };
}

// Checked in this order, as core does; the first that parses wins.
const RETRY_AFTER_HEADERS_IN_MS = ["retry-after-ms", "x-ms-retry-after-ms"];

/**
 * The delay a 429 or 503 answer asks for, in milliseconds: `retry-after-ms`, then `x-ms-retry-after-ms`,
 * then `Retry-After` as seconds or as an HTTP date (a date in the past means now). Undefined for other
 * statuses and when no header parses. Values that are negative, blank or not finite are skipped rather than
 * trusted, so a malformed header falls back to the next one or to the back-off.
 * @param now - The current time for an HTTP date, in epoch milliseconds.
 * @internal
 */
export function retryAfterInMs(
  response: RetryAfterSource | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!response || (response.status !== 429 && response.status !== 503)) return undefined;
  for (const name of RETRY_AFTER_HEADERS_IN_MS) {
    const milliseconds = parseNonNegative(response.headers.get(name));
    if (milliseconds !== undefined) return milliseconds;
  }
  const retryAfter = response.headers.get("Retry-After");
  if (!retryAfter) return undefined;
  const seconds = parseNonNegative(retryAfter);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function parseNonNegative(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/**
 * Exponential back-off with jitter, in whole milliseconds: wait number `attempt` (1-based) is a random
 * point in the upper half of `min(baseInMs · 2^(attempt-1), maxInMs)`. The upper half keeps a floor under
 * every wait while still spreading many waiting callers apart.
 * @param random - A number in [0, 1); the cache injects a seeded one in tests.
 * @internal
 */
export function backoffInMs(
  attempt: number,
  baseInMs: number,
  maxInMs: number,
  random: () => number = Math.random,
): number {
  // The exponent is capped so a long run of failures cannot overflow to Infinity when maxInMs is huge.
  const ceiling = Math.min(maxInMs, baseInMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
