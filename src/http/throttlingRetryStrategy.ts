import {
  retryPolicy,
  type PipelinePolicy,
  type PipelineResponse,
  type PipelineRetryOptions,
  type RetryStrategy,
} from "@azure/core-rest-pipeline";
import { logger } from "../logger.js";

/**
 * Retry rules of the client, written out plainly:
 * 1. a 429 or 503 carrying `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` waits as told;
 * 2. a 429 without those headers (what real Key Vault sends) backs off exponentially with jitter —
 *    core's default policy would not retry it at all;
 * 3. 408 and 5xx (except 501/505) and connection errors back off exponentially with jitter.
 * All are bounded by `retryOptions.maxRetries` (default 3) and `maxRetryDelayInMs` (default 64 s).
 * @internal
 */

/** The name of the strategy for 429 responses without retry headers. @internal */
export const throttlingRetryStrategyName = "keyVaultThrottlingRetryStrategy";

const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 1000;
const DEFAULT_MAX_RETRY_DELAY_MS = 64 * 1000;
const RETRY_AFTER_HEADERS_IN_MS = ["retry-after-ms", "x-ms-retry-after-ms"];
// Error codes of transport failures worth retrying. Node reports the socket error code; fetch (browsers)
// reports every network failure as REQUEST_SEND_ERROR. ETIMEDOUT is also our per-try timeout. Not ENOTFOUND:
// a name that does not resolve (NXDOMAIN, answered in milliseconds) will not resolve a second later, and
// retrying it only delayed the error by seconds; a transient DNS failure is EAI_AGAIN.
const CONNECTION_ERROR_CODES = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOENT",
  "EPIPE",
  "REQUEST_SEND_ERROR",
]);

/**
 * The delay a 429/503 response asks for through its retry headers, in milliseconds; undefined when it
 * carries none (or none that parses).
 * @internal
 */
export function retryAfterInMs(response: PipelineResponse | undefined): number | undefined {
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
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function parseNonNegative(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/**
 * Exponential backoff with jitter: half the clamped exponential delay plus a random share of the other half.
 * @internal
 */
export function exponentialDelayInMs(retryCount: number, options: PipelineRetryOptions): number {
  const base = options.retryDelayInMs ?? DEFAULT_RETRY_DELAY_MS;
  const max = options.maxRetryDelayInMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  const clamped = Math.min(max, base * 2 ** retryCount);
  return Math.floor(clamped / 2 + Math.random() * (clamped / 2));
}

/** Honours the service's retry headers on 429 and 503. */
function retryAfterStrategy(): RetryStrategy {
  return {
    name: "retryAfterRetryStrategy",
    retry({ response }) {
      const delay = retryAfterInMs(response);
      return delay === undefined ? { skipStrategy: true } : { retryAfterInMs: delay };
    },
  };
}

/**
 * Retries a 429 that carries no retry header with exponential backoff and jitter. Real Key Vault throttling
 * responses have no `Retry-After` (keyvault-rest.md §7).
 * @internal
 */
export function throttlingRetryStrategy(options: PipelineRetryOptions = {}): RetryStrategy {
  return {
    name: throttlingRetryStrategyName,
    retry({ response, retryCount }) {
      if (response?.status !== 429 || retryAfterInMs(response) !== undefined) return { skipStrategy: true };
      return { retryAfterInMs: exponentialDelayInMs(retryCount, options) };
    },
  };
}

/** Retries 408, 5xx (but not 501/505) and connection errors with exponential backoff; throws other errors. */
function transientRetryStrategy(options: PipelineRetryOptions): RetryStrategy {
  return {
    name: "transientRetryStrategy",
    retry({ response, responseError, retryCount }) {
      const status = response?.status;
      const transientStatus =
        status !== undefined && (status === 408 || (status >= 500 && status !== 501 && status !== 505));
      const connectionError =
        responseError?.code !== undefined && CONNECTION_ERROR_CODES.has(responseError.code);
      if (transientStatus || (responseError && !response && connectionError)) {
        return { retryAfterInMs: exponentialDelayInMs(retryCount, options) };
      }
      return responseError && !response ? { errorToThrow: responseError } : { skipStrategy: true };
    },
  };
}

/**
 * The client's retry policy, configured by `retryOptions`; placed in the pipeline's Retry phase instead of
 * core's default retry policy.
 * @internal
 */
export function keyVaultRetryPolicy(options: PipelineRetryOptions = {}): PipelinePolicy {
  return retryPolicy(
    [retryAfterStrategy(), throttlingRetryStrategy(options), transientRetryStrategy(options)],
    {
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      logger,
    },
  );
}
