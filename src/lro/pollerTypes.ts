import type { PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * The state of a long-running operation as a poller sees it. Structurally the same as the
 * `PollOperationState` of `@azure/core-lro` (legacy poller API), which `@azure/keyvault-secrets` exposes.
 */
export interface PollOperationState<TResult> {
  /** True once the first service request of the operation has been sent. */
  isStarted?: boolean;
  /** True once the operation has finished, successfully or not. */
  isCompleted?: boolean;
  /** True if the operation was cancelled. Key Vault secret operations cannot be cancelled, so never set. */
  isCancelled?: boolean;
  /** The error that ended the operation, if it failed. */
  error?: Error;
  /** The latest result received from the service; may be set before the operation completes. */
  result?: TResult;
}

/**
 * A handle on a long-running operation, returned by the `begin*` methods. Structurally the same as the
 * `PollerLike` of `@azure/core-lro` (legacy poller API), so code written for `@azure/keyvault-secrets`
 * compiles unchanged.
 *
 * Stopping or aborting the poller only stops the client from asking; the operation keeps running in the
 * service.
 */
export interface PollerLike<TState extends PollOperationState<TResult>, TResult> {
  /**
   * Sends one status request (unless the operation is already done) and updates the state.
   * Rejects with the operation's error if it failed.
   */
  poll(options?: { abortSignal?: NonNullable<PipelineRequest["abortSignal"]> }): Promise<void>;
  /**
   * Polls every `intervalInMs` until the operation completes, then resolves to its result.
   * Rejects with the operation's error, with an `AbortError` when `abortSignal` fires, or with a
   * `PollerStoppedError` when {@link PollerLike.stopPolling} is called meanwhile.
   */
  pollUntilDone(pollOptions?: {
    abortSignal?: NonNullable<PipelineRequest["abortSignal"]>;
  }): Promise<TResult>;
  /**
   * Calls `callback` with the current state after every status request.
   * @returns a function that unsubscribes `callback`.
   */
  onProgress(callback: (state: TState) => void): () => void;
  /** True once the operation has completed or failed. */
  isDone(): boolean;
  /** Stops automatic polling; a pending {@link PollerLike.pollUntilDone} rejects with `PollerStoppedError`. */
  stopPolling(): void;
  /** True when the poller is not polling automatically (before `pollUntilDone`, after a stop or a failure). */
  isStopped(): boolean;
  /**
   * Always rejects: Key Vault cannot cancel the deletion or recovery of a secret.
   * @deprecated `cancelOperation` is not supported by any Key Vault secret operation.
   */
  cancelOperation(options?: { abortSignal?: NonNullable<PipelineRequest["abortSignal"]> }): Promise<void>;
  /** The current state of the operation (a live object, updated by every status request). */
  getOperationState(): TState;
  /** The latest result received, available as soon as the `begin*` method has resolved. */
  getResult(): TResult | undefined;
  /** The state serialized as JSON (`{"state":{…}}`), to pass as `resumeFrom` to the same `begin*` method. */
  toString(): string;
}
