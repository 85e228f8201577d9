import type { OperationOptions } from "../options.js";

/**
 * Waits for `promise`, or rejects with an `AbortError` as soon as `signal` aborts. Only this caller stops
 * waiting: the shared load goes on for the others. @internal
 */
export function waitFor<T>(promise: Promise<T>, signal: OperationOptions["abortSignal"]): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function abortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}
