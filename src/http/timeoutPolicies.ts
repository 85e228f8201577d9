import { RestError, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * How long one try of a request may go without a complete response before it is abandoned and retried,
 * unless `retryOptions.tryTimeoutInMs` or the call's `requestOptions.timeout` says otherwise. Key Vault
 * answers in well under a second; without a bound a host that accepts the connection and never answers
 * keeps a call waiting forever (the "hang" of the official client).
 * @internal
 */
export const DEFAULT_TRY_TIMEOUT_MS = 30_000;

/** The timer functions the per-try bound uses. @internal */
export interface TryTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Bound when this module loads: tests that capture the global timers to assert retry back-offs then see only
// those, and a test of the bound itself injects its own.
// Bound to globalThis: browsers and workerd throw "Illegal invocation" when a timer function is called as a
// method of another object.
const globalTimers: TryTimers = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis) as TryTimers["clearTimeout"],
};

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
 * Runs per try, after the retry policy. Works the same in browsers (it only uses AbortController).
 * @internal
 */
export function tryTimeoutPolicy(
  defaultTimeoutInMs = DEFAULT_TRY_TIMEOUT_MS,
  timers: TryTimers = globalTimers,
): PipelinePolicy {
  return {
    name: "tryTimeoutPolicy",
    async sendRequest(request, next) {
      const { abortSignal: callerSignal, timeout: callerTimeout } = request;
      const timeoutInMs = callerTimeout > 0 ? callerTimeout : defaultTimeoutInMs;
      if (!(timeoutInMs > 0) || callerSignal?.aborted) return next(request);
      const controller = new AbortController();
      const forwardAbort = (): void => controller.abort((callerSignal as { reason?: unknown }).reason);
      callerSignal?.addEventListener("abort", forwardAbort);
      let timedOut = false;
      const timer = timers.setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutInMs);
      // The transport sees our signal instead of core's own timer; both are put back for the next try.
      request.abortSignal = controller.signal;
      request.timeout = 0;
      try {
        return await next(request);
      } catch (error) {
        if (!timedOut) throw error;
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
        timers.clearTimeout(timer);
        callerSignal?.removeEventListener("abort", forwardAbort);
        request.abortSignal = callerSignal;
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
    async sendRequest(request, next) {
      const started = Date.now();
      try {
        return await next(request);
      } catch (error) {
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
      }
    },
  };
}

/** The scheme, host and port a request went to (never its path or query, which may name a secret). */
function origin(request: PipelineRequest): string {
  return new URL(request.url).origin;
}
