import { RestError, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * How long one try of a request may go without a complete response before it is abandoned and retried,
 * unless `retryOptions.tryTimeoutInMs` or the call's `requestOptions.timeout` says otherwise. Key Vault
 * answers in well under a second; without a bound a host that accepts the connection and never answers
 * keeps a call waiting forever (the "hang" of the official client).
 * @internal
 */
export const DEFAULT_TRY_TIMEOUT_MS = 30_000;

const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} s`;

/** An error named like @azure/abort-controller's AbortError (callers test the name), with our message. */
function abortError(message: string): Error {
  return Object.assign(new Error(message), { name: "AbortError" });
}

/**
 * Bounds each try of a request (each pass through this policy, so a retry starts a fresh bound).
 *
 * - With the call's `requestOptions.timeout`, that bound, and core's meaning for it: the call rejects with an
 *   AbortError, not retried, whose message says it timed out, after how long and which option set it.
 * - Otherwise `defaultTimeoutInMs` (0 turns it off): the try fails with a RestError `ETIMEDOUT`, which the
 *   retry policy retries like a dropped connection; the last one names the bound and how to change it.
 *
 * The transport enforces the bound: the policy sets the request's `timeout` for the try, which every
 * HttpClient honours by rejecting with an AbortError (core's Node and fetch clients, ours, the emulator's
 * in-process one). An AbortError while the caller's own signal is not aborted is therefore the timeout.
 * That is much cheaper than arming an AbortController, a timer and abort listeners per try in the policy
 * (about 50 µs of CPU per call in Node, a sixth of the whole call).
 * @internal
 */
export function tryTimeoutPolicy(defaultTimeoutInMs = DEFAULT_TRY_TIMEOUT_MS): PipelinePolicy {
  return {
    name: "tryTimeoutPolicy",
    async sendRequest(request, next) {
      const callerTimeout = request.timeout;
      const timeoutInMs = callerTimeout > 0 ? callerTimeout : defaultTimeoutInMs;
      if (!(timeoutInMs > 0)) return next(request);
      request.timeout = timeoutInMs;
      try {
        return await next(request);
      } catch (error) {
        if ((error as Error)?.name !== "AbortError" || request.abortSignal?.aborted) throw error;
        throw callerTimeout > 0
          ? abortError(
              `No response from ${origin(request)}: timed out after ${seconds(timeoutInMs)} ` +
                `(requestOptions.timeout: ${timeoutInMs}, not retried).`,
            )
          : new RestError(
              `No response from ${origin(request)}: timed out after ${seconds(timeoutInMs)}, the per-try ` +
                `timeout (retried). Change it with retryOptions.tryTimeoutInMs (0 = off) or requestOptions.timeout.`,
              { code: "ETIMEDOUT", request },
            );
      } finally {
        // Put back for the next try, which reads the caller's value again.
        request.timeout = callerTimeout;
      }
    },
  };
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
