import {
  isRestError,
  type PipelinePolicy,
  type PipelineResponse,
  type PipelineRetryOptions,
  type RestError,
} from "@azure/core-rest-pipeline";
import { abortError, delay } from "../../shared/abort.js";
import { logger } from "../../shared/logger.js";
import { backoffInMs, retryAfterInMs } from "../../shared/retryDelay.js";
import type { SecretClientRetryOptions } from "../../model/options.js";
import { explainTimeout, tryBoundInMs } from "./timeoutPolicies.js";

/**
 * Retry rules of the client, written out plainly:
 * 1. a 429 or 503 carrying `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` waits as told;
 * 2. a 429 without those headers (what real Key Vault sends) backs off exponentially with jitter —
 *    core's default policy would not retry it at all;
 * 3. 408 and 5xx (except 501/505) and connection errors back off exponentially with jitter.
 * All are bounded by `retryOptions.maxRetries` (default 3) and `maxRetryDelayInMs` (default 64 s).
 *
 * Our own policy rather than core's `retryPolicy` with three strategies: a response that is not retried (nearly
 * every response) returns at once, without the strategy loop and the log lines core formats for every try,
 * and the browser bundle is smaller (docs/performance.md#retry-policy). Same name as core's, so
 * `removePolicy({ name: "retryPolicy" })`
 * still finds it.
 */

const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 1000;
const DEFAULT_MAX_RETRY_DELAY_MS = 64 * 1000;
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

// The header rule lives in shared/ (SecretCache reads Retry-After through it too); it stays reachable here,
// where the policy applies it.
export { retryAfterInMs };

/** Whether a status may be retried at all: 408, 429 and 5xx except 501 and 505. */
function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * How long to wait before retry number `retryCount + 1` of a try that ended with `response` (or with the
 * transport error `error` and no response); undefined when it is not retried.
 * @internal
 */
export function retryDelayInMs(
  response: PipelineResponse | undefined,
  error: RestError | undefined,
  retryCount: number,
  options: PipelineRetryOptions,
): number | undefined {
  const retriable = response
    ? isRetriableStatus(response.status)
    : !!error?.code && CONNECTION_ERROR_CODES.has(error.code);
  if (!retriable) return undefined;
  return (
    retryAfterInMs(response) ??
    backoffInMs(
      retryCount + 1,
      options.retryDelayInMs ?? DEFAULT_RETRY_DELAY_MS,
      options.maxRetryDelayInMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    )
  );
}

/** Lets go of a response body that was streamed, so its connection can be reused before the retry. */
function discardBody(response: PipelineResponse | undefined): void {
  response?.readableStreamBody?.resume();
  void response?.browserStreamBody?.cancel().catch(() => undefined);
}

/**
 * The client's retry policy, configured by `retryOptions` (see the rules above); placed in the pipeline's
 * Retry phase instead of core's default retry policy. It also bounds each try (`tryTimeoutInMs`, or the
 * call's `requestOptions.timeout`): one policy instead of a separate per-try one saves every call an async
 * step. An error that is not a RestError (an AbortError, a failure of the credential) is never retried; an
 * abort during a back-off rejects with an AbortError.
 * @internal
 */
export function keyVaultRetryPolicy(options: SecretClientRetryOptions = {}): PipelinePolicy {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  return {
    name: "retryPolicy",
    async sendRequest(request, next) {
      // Each try is bounded through request.timeout (see tryBoundInMs); the caller's value is put back at the end.
      const callerTimeout = request.timeout;
      const timeoutInMs = tryBoundInMs(callerTimeout, options.tryTimeoutInMs);
      request.timeout = timeoutInMs;
      try {
        for (let retryCount = 0; ; retryCount++) {
          let response: PipelineResponse | undefined;
          let error: RestError | undefined;
          try {
            response = await next(request);
            if (!isRetriableStatus(response.status)) return response;
          } catch (caught) {
            const failure = explainTimeout(caught, request, callerTimeout, timeoutInMs);
            if (!isRestError(failure)) throw failure;
            error = failure;
            response = failure.response;
          }
          if (request.abortSignal?.aborted) throw abortError();
          const waitInMs =
            retryCount < maxRetries ? retryDelayInMs(response, error, retryCount, options) : undefined;
          if (waitInMs === undefined) {
            if (error) throw error;
            return response!;
          }
          logger.info(
            `Retry ${retryCount + 1} of ${maxRetries} in ${waitInMs} ms after ${response?.status ?? error?.code}.`,
          );
          discardBody(response);
          await delay(waitInMs, request.abortSignal);
        }
      } finally {
        request.timeout = callerTimeout;
      }
    },
  };
}
