import { RestError, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";
import { abortError } from "../../shared/abort.js";

/**
 * How long one try of a request may go without a complete response before it is abandoned and retried,
 * unless `retryOptions.tryTimeoutInMs` or the call's `requestOptions.timeout` says otherwise. Key Vault
 * answers in well under a second; without a bound a host that accepts the connection and never answers
 * keeps a call waiting forever (the "hang" of the official client).
 * @internal
 */
export const DEFAULT_TRY_TIMEOUT_MS = 30_000;

const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} s`;

/**
 * The bound of each try of a call: the call's `requestOptions.timeout` when it has one, else the client's
 * `retryOptions.tryTimeoutInMs` (0 turns it off).
 *
 * The transport enforces it: the retry policy sets it as the request's `timeout` for every try, which every
 * HttpClient honours by rejecting with an AbortError (core's Node and fetch clients, ours, the emulator's
 * in-process one); {@link explainTimeout} then names the failure. That is much cheaper than arming an
 * AbortController, a timer and abort listeners per try in a policy, which cost a measurable share of every
 * call's CPU (docs/performance.md#per-try-timeout).
 * @internal
 */
export function tryBoundInMs(callerTimeout: number, defaultTimeoutInMs = DEFAULT_TRY_TIMEOUT_MS): number {
  return callerTimeout > 0 ? callerTimeout : defaultTimeoutInMs > 0 ? defaultTimeoutInMs : 0;
}

/**
 * What a try that failed with `error` under the bound `timeoutInMs` ends with. An AbortError while the
 * caller's own signal is not aborted is the bound running out:
 * - with the call's `requestOptions.timeout` (`callerTimeout`), core's meaning for it: an AbortError, not
 *   retried, whose message says it timed out, after how long and which option set it;
 * - otherwise a RestError `ETIMEDOUT`, which the retry policy retries like a dropped connection; the last
 *   one names the bound and how to change it.
 * Any other error is returned as it is.
 * @internal
 */
export function explainTimeout(
  error: unknown,
  request: PipelineRequest,
  callerTimeout: number,
  timeoutInMs: number,
): unknown {
  if (!(timeoutInMs > 0) || (error as Error)?.name !== "AbortError" || request.abortSignal?.aborted) {
    return error;
  }
  return callerTimeout > 0
    ? abortError(
        `No response from ${origin(request)}: timed out after ${seconds(timeoutInMs)} ` +
          `(requestOptions.timeout: ${timeoutInMs}, not retried).`,
      )
    : new RestError(
        `No response from ${origin(request)}: timed out after ${seconds(timeoutInMs)}, the per-try ` +
          `timeout (retried). Change it with retryOptions.tryTimeoutInMs (0 = off) or requestOptions.timeout.`,
        { code: "ETIMEDOUT", request },
      );
}

/** Turns a transport error's code into advice for its message (Node's codes; see networkErrorAdvice.ts). */
export type NetworkErrorAdvice = (
  code: string | undefined,
  vault: string,
  elapsed: string,
) => string | undefined;

/**
 * Runs first in the pipeline, around retries, so it sees each failure once, as the caller will:
 * - a call aborted by its own `abortSignal` timing out (`AbortSignal.timeout(ms)`, whose reason is a
 *   `TimeoutError`) says so and after how long, instead of core's "The operation was aborted. Rejecting from
 *   abort signal callback while making request."; it stays an AbortError, so code testing `name` still works
 *   (this includes an abort that lands during a retry's back-off);
 * - with `advise` (Node), a transport error's message gets what to do about its code. The error itself
 *   (class, `code`, `request`) is kept, so code that switches on `code` behaves the same.
 * @internal
 */
export function failureExplanationPolicy(advise?: NetworkErrorAdvice): PipelinePolicy {
  return {
    name: "failureExplanationPolicy",
    sendRequest(request, next) {
      const started = Date.now();
      // Not an async function: the request that succeeds (nearly all) pays for one promise, not three.
      return next(request).catch((error: unknown) => {
        const elapsed = seconds(Date.now() - started);
        const reason = (request.abortSignal as { reason?: { name?: string } } | undefined)?.reason;
        if ((error as Error)?.name === "AbortError" && reason?.name === "TimeoutError") {
          throw abortError(
            `No response from ${origin(request)}: timed out after ${elapsed} (abortSignal: TimeoutError).`,
          );
        }
        const advice = advise?.((error as { code?: string })?.code, origin(request), elapsed);
        if (advice && error instanceof Error) error.message = `${error.message}. ${advice}`;
        throw error;
      });
    },
  };
}

/** The scheme, host and port a request went to (never its path or query, which may name a secret). */
function origin(request: PipelineRequest): string {
  return new URL(request.url).origin;
}
