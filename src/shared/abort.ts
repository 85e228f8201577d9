import type { PipelineRequest } from "@azure/core-rest-pipeline";

/** A caller's abort signal: a native AbortSignal or any AbortSignalLike. @internal */
export type AbortSignalLike = NonNullable<PipelineRequest["abortSignal"]>;

/**
 * The error an abort rejects with: named like @azure/abort-controller's AbortError, which callers (and core)
 * test by name rather than by class.
 * @internal
 */
export function abortError(message = "The operation was aborted."): Error {
  return Object.assign(new Error(message), { name: "AbortError" });
}

/**
 * Settles like `promise`, or rejects with an AbortError (after `onAbort`) as soon as `signal` fires, at once
 * when it already has. Only this wait stops: `promise` itself goes on.
 * @internal
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal?: AbortSignalLike,
  onAbort?: () => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort?.();
      reject(abortError());
    };
    if (signal.aborted) return abort();
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/**
 * Resolves after `ms`, or rejects with an AbortError (and clears the timer) as soon as `signal` fires. Uses
 * the global timer functions at call time, so tests that capture them see (and skip) every wait.
 * @internal
 */
export function delay(ms: number, signal?: AbortSignalLike): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return raceAbort(new Promise((resolve) => (timer = setTimeout(resolve, ms))), signal, () =>
    clearTimeout(timer),
  );
}
