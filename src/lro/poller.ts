import type { PipelineRequest } from "@azure/core-rest-pipeline";
import type { PollerLike, PollOperationState } from "./pollerTypes.js";

/** The abort signal type every request option accepts. */
export type PollAbortSignal = NonNullable<PipelineRequest["abortSignal"]>;

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

/** The error a pending `pollUntilDone` rejects with after `stopPolling()` (same name as core-lro's). */
export class PollerStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PollerStoppedError";
  }
}

function createAbortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

function statusCodeOf(error: unknown): number | undefined {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === "number" ? statusCode : undefined;
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` fires. */
function delay(ms: number, signal: PollAbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(createAbortError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(createAbortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Rejects with an AbortError when `signal` fires; otherwise settles like `promise`. */
function raceAbort<T>(promise: Promise<T>, signal: PollAbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(createAbortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(createAbortError());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * The poller behind `beginDeleteSecret` and `beginRecoverDeletedSecret`: polls the operation's status with
 * the Key Vault rules (404 keep going, 403 done, anything else fails), with an abortable wait between requests.
 */
class SecretOperationPoller<TResult> implements PollerLike<PollOperationState<TResult>, TResult> {
  private readonly state: SecretPollState<TResult>;
  private readonly progressCallbacks = new Set<(state: PollOperationState<TResult>) => void>();
  private stopped = true;
  private pendingPoll: Promise<void> | undefined;
  /** The automatic polling loop shared by concurrent `pollUntilDone` calls, and its stop switch. */
  private loop: { done: Promise<TResult>; controller: AbortController; waiters: number } | undefined;

  constructor(private readonly operation: SecretOperation<TResult>) {
    this.state = operation.state;
  }

  poll(options: PollRequestOptions = {}): Promise<void> {
    this.pendingPoll ??= this.pollOnce(options).finally(() => (this.pendingPoll = undefined));
    return this.pendingPoll;
  }

  private async pollOnce(options: PollRequestOptions): Promise<void> {
    const state = this.state;
    if (!state.isCompleted) {
      try {
        state.result = await this.operation.fetchStatus(options);
        state.isCompleted = true;
      } catch (error) {
        const statusCode = statusCodeOf(error);
        // Aborting only stops us from asking: the operation has not failed.
        if (isAbortError(error)) throw error;
        if (statusCode === 403) state.isCompleted = true;
        else if (statusCode !== 404) {
          state.error = error as Error;
          state.isCompleted = true;
          this.stopped = true;
        }
      }
      for (const callback of [...this.progressCallbacks]) callback(state);
    }
    if (state.error) throw state.error;
  }

  async pollUntilDone(pollOptions: PollRequestOptions = {}): Promise<TResult> {
    if (this.state.error) throw this.state.error;
    if (this.state.isCompleted) return this.state.result as TResult;
    if (pollOptions.abortSignal?.aborted) throw createAbortError();
    this.loop ??= this.startLoop();
    const loop = this.loop;
    loop.waiters++;
    try {
      return await raceAbort(loop.done, pollOptions.abortSignal);
    } finally {
      // The last caller to give up stops the loop, so nothing keeps polling for nobody.
      if (--loop.waiters === 0 && this.loop === loop) {
        if (!this.isDone()) this.stopped = true;
        loop.controller.abort();
        this.loop = undefined;
      }
    }
  }

  private startLoop(): { done: Promise<TResult>; controller: AbortController; waiters: number } {
    const controller = new AbortController();
    this.stopped = false;
    const run = async (): Promise<TResult> => {
      while (!this.state.isCompleted) {
        await this.poll({ abortSignal: controller.signal });
        if (this.state.isCompleted) break;
        await delay(this.operation.intervalInMs, controller.signal);
      }
      if (this.state.error) throw this.state.error;
      return this.state.result as TResult;
    };
    const done = run().catch((error: unknown) => {
      throw controller.signal.reason instanceof PollerStoppedError ? controller.signal.reason : error;
    });
    done.catch(() => undefined);
    return { done, controller, waiters: 0 };
  }

  onProgress(callback: (state: PollOperationState<TResult>) => void): () => void {
    this.progressCallbacks.add(callback);
    return () => this.progressCallbacks.delete(callback);
  }

  isDone(): boolean {
    return Boolean(this.state.isCompleted || this.state.error);
  }

  stopPolling(): void {
    this.stopped = true;
    const loop = this.loop;
    this.loop = undefined;
    loop?.controller.abort(new PollerStoppedError("This poller is already stopped"));
  }

  isStopped(): boolean {
    return this.stopped;
  }

  async cancelOperation(): Promise<void> {
    throw new Error(this.operation.cancelMessage);
  }

  getOperationState(): PollOperationState<TResult> {
    return this.state;
  }

  getResult(): TResult | undefined {
    return this.state.result;
  }

  toString(): string {
    const { error, ...rest } = this.state;
    // Only the error's identity travels: a RestError also holds the request and response.
    const savedError = error && { name: error.name, message: error.message, ...errorCodes(error) };
    return JSON.stringify({ state: { ...rest, ...(savedError ? { error: savedError } : {}) } });
  }
}

function errorCodes(error: Error): { statusCode?: number; code?: string } {
  const { statusCode, code } = error as { statusCode?: number; code?: string };
  return { statusCode, code };
}

/**
 * Creates a poller for a secret operation: runs the first request (unless the state was resumed from an
 * operation that had already started), then returns the poller with the first result available.
 * @throws RangeError when `intervalInMs` is not a finite, non-negative number (before any request).
 */
export async function createSecretOperationPoller<TResult>(
  operation: SecretOperation<TResult>,
  options: PollRequestOptions = {},
): Promise<PollerLike<PollOperationState<TResult>, TResult>> {
  const interval = operation.intervalInMs;
  if (typeof interval !== "number" || !Number.isFinite(interval) || interval < 0) {
    throw new RangeError(`"intervalInMs" must be a finite number of milliseconds, 0 or more.`);
  }
  if (!operation.state.isStarted) {
    await operation.start(operation.state, options);
    operation.state.isStarted = true;
  }
  return new SecretOperationPoller(operation);
}

const DATE_FIELDS = ["deletedOn", "scheduledPurgeDate", "createdOn", "updatedOn", "notBefore", "expiresOn"];

/** Turns the ISO strings JSON made of the result's dates back into `Date`s. */
function reviveDates(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    if (typeof record[field] === "string") record[field] = new Date(record[field] as string);
  }
  reviveDates(record.properties);
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
    state = undefined;
  }
  if (typeof state !== "object" || state === null || Array.isArray(state)) {
    throw new TypeError("resumeFrom must be the string returned by poller.toString().");
  }
  const saved = state as SecretPollState<TResult>;
  reviveDates(saved.result);
  if (saved.error) {
    saved.error = Object.assign(new Error(saved.error.message), saved.error);
  }
  return { ...saved, name };
}
