import { abortError, delay, raceAbort, type AbortSignalLike } from "../shared/abort.js";
import { createPollerStoppedError } from "./pollerStoppedError.js";
import type { PollerLike, PollOperationState } from "./pollerTypes.js";

/** The abort signal type every request option accepts. */
export type PollAbortSignal = AbortSignalLike;

/** Options handed to the functions that talk to the service on behalf of a poller. */
export interface PollRequestOptions {
  /** Fires when the caller aborts `poll`/`pollUntilDone`, or when polling is stopped. */
  abortSignal?: PollAbortSignal;
}

/** The poller state: the public fields plus the secret name, which `toString()` carries. */
export interface SecretPollState<TResult> extends PollOperationState<TResult> {
  /** The name of the secret the operation acts on. */
  name: string;
}

/** What one kind of secret operation contributes to the generic poller. */
export interface SecretOperation<TResult> {
  /** The state to start from: fresh, or parsed from `resumeFrom`. */
  state: SecretPollState<TResult>;
  /**
   * Sends the operation's first request and records its result. Runs inside `begin*`, before the poller is
   * returned, unless the state was resumed from an already started operation.
   */
  start(state: SecretPollState<TResult>, options: PollRequestOptions): Promise<void>;
  /** One status request: resolves to the finished result; a 404 means "not yet", a 403 "done, unreadable". */
  fetchStatus(options: PollRequestOptions): Promise<TResult>;
  /** The message `cancelOperation` rejects with. */
  cancelMessage: string;
  /** Milliseconds between two status requests. */
  intervalInMs: number;
}

/**
 * Creates the poller behind `beginDeleteSecret` and `beginRecoverDeletedSecret`: runs the first request
 * (unless the state was resumed from an operation that had already started) and reads the status once,
 * then returns a poller that polls the status with the Key Vault rules (404 keep going, 403 done, anything
 * else fails), with an abortable wait between requests. Concurrent `pollUntilDone` calls share one loop,
 * which stops when the last of them gives up.
 * @throws RangeError when `intervalInMs` is not a finite, non-negative number (before any request); the
 *   error of the first request or of the first status read when it is neither 404 nor 403.
 */
export async function createSecretOperationPoller<TResult>(
  operation: SecretOperation<TResult>,
  options: PollRequestOptions = {},
): Promise<PollerLike<PollOperationState<TResult>, TResult>> {
  const { state, intervalInMs } = operation;
  if (typeof intervalInMs !== "number" || !(intervalInMs >= 0 && intervalInMs < Infinity)) {
    throw new RangeError(`"intervalInMs" must be a finite number of milliseconds, 0 or more.`);
  }
  if (!state.isStarted) {
    await operation.start(state, options);
    state.isStarted = true;
  }
  const progressCallbacks = new Set<(state: PollOperationState<TResult>) => void>();
  let stopped = true;
  let pendingPoll: Promise<void> | undefined;
  // `stopRequested`: stopPolling (rather than the last waiter giving up) aborted this loop.
  let loop:
    | { done: Promise<TResult>; controller: AbortController; waiters: number; stopRequested?: boolean }
    | undefined;

  const isDone = (): boolean => Boolean(state.isCompleted || state.error);

  async function pollOnce(pollOptions: PollRequestOptions): Promise<void> {
    if (!state.isCompleted) {
      try {
        state.result = await operation.fetchStatus(pollOptions);
        state.isCompleted = true;
      } catch (error) {
        // Aborting only stops us from asking: the operation has not failed.
        if ((error as Error | undefined)?.name === "AbortError") throw error;
        const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
        if (statusCode === 403) state.isCompleted = true;
        else if (statusCode !== 404) {
          state.error = error as Error;
          state.isCompleted = stopped = true;
        }
      }
      for (const callback of [...progressCallbacks]) callback(state);
    }
    if (state.error) throw state.error;
  }

  const poll = (pollOptions: PollRequestOptions = {}): Promise<void> =>
    (pendingPoll ??= pollOnce(pollOptions).finally(() => (pendingPoll = undefined)));

  function startLoop(): NonNullable<typeof loop> {
    const controller = new AbortController();
    stopped = false;
    const run = async (): Promise<TResult> => {
      while (!state.isCompleted) {
        await poll({ abortSignal: controller.signal });
        if (!state.isCompleted) await delay(intervalInMs, controller.signal);
      }
      return state.result as TResult;
    };
    const started: NonNullable<typeof loop> = {
      done: run().catch(async (error: unknown) => {
        throw started.stopRequested ? await createPollerStoppedError() : error;
      }),
      controller,
      waiters: 0,
    };
    started.done.catch(() => undefined);
    return started;
  }

  // The status is checked at once, as the official pollers' first poll() does: an operation the vault
  // finishes at once (the emulator's zero-delay vaults) is done when begin* resolves, and a caller's own
  // `while (!poller.isDone())` loop never waits. While it propagates (404) the poller simply is not done.
  if (!state.isCompleted) await poll(options);

  return {
    poll,
    async pollUntilDone(pollOptions: PollRequestOptions = {}): Promise<TResult> {
      if (state.error) throw state.error;
      if (state.isCompleted) return state.result as TResult;
      if (pollOptions.abortSignal?.aborted) throw abortError();
      const current = (loop ??= startLoop());
      current.waiters++;
      try {
        return await raceAbort(current.done, pollOptions.abortSignal);
      } finally {
        // The last caller to give up stops the loop, so nothing keeps polling for nobody.
        if (--current.waiters === 0 && loop === current) {
          if (!isDone()) stopped = true;
          current.controller.abort();
          loop = undefined;
        }
      }
    },
    onProgress(callback) {
      progressCallbacks.add(callback);
      return () => progressCallbacks.delete(callback);
    },
    isDone,
    stopPolling() {
      stopped = true;
      if (loop) {
        loop.stopRequested = true;
        loop.controller.abort();
        loop = undefined;
      }
    },
    isStopped: () => stopped,
    cancelOperation: () => Promise.reject(new Error(operation.cancelMessage)),
    getOperationState: () => state,
    getResult: () => state.result,
    toString() {
      const { error, ...rest } = state;
      // Only the error's identity travels: a RestError also holds the request and response.
      const { name, message, statusCode, code } = (error ?? {}) as Error & {
        statusCode?: number;
        code?: string;
      };
      return JSON.stringify({
        state: error ? { ...rest, error: { name, message, statusCode, code } } : rest,
      });
    },
  };
}

/** Turns the ISO strings JSON made of the result's dates back into `Date`s. */
function reviveDates(value: unknown): void {
  const record = value as Record<string, unknown> | undefined;
  if (typeof record !== "object" || !record) return;
  for (const field of [
    "deletedOn",
    "scheduledPurgeDate",
    "createdOn",
    "updatedOn",
    "notBefore",
    "expiresOn",
  ]) {
    if (typeof record[field] === "string") record[field] = new Date(record[field] as string);
  }
  reviveDates(record.properties);
}

/**
 * The state a `begin*` call starts from: the one saved in `resumeFrom`, or a fresh one for `name`.
 * @throws TypeError when `resumeFrom` is not a state produced by `toString()`.
 */
export function initialPollState<TResult>(name: string, resumeFrom?: string): SecretPollState<TResult> {
  return resumeFrom ? parseResumeState<TResult>(resumeFrom, name) : { name };
}

/**
 * Reads the state saved by `toString()`. The secret name always comes from the current call.
 * @throws TypeError when `resumeFrom` is not a state produced by `toString()`.
 */
export function parseResumeState<TResult>(resumeFrom: string, name: string): SecretPollState<TResult> {
  let state: unknown;
  try {
    state = (JSON.parse(resumeFrom) as { state?: unknown } | null)?.state;
  } catch {
    // Reported below, like any other shape that is not a saved state.
  }
  if (typeof state !== "object" || !state || Array.isArray(state)) {
    throw new TypeError("resumeFrom must be the string returned by poller.toString().");
  }
  const saved = state as SecretPollState<TResult>;
  reviveDates(saved.result);
  if (saved.error) saved.error = Object.assign(new Error(saved.error.message), saved.error);
  return { ...saved, name };
}
