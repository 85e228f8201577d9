import type { DeletedSecret } from "../model/models.js";
import { createSecretOperationPoller, initialPollState, type PollRequestOptions } from "./poller.js";
import type { PollerLike, PollOperationState } from "./pollerTypes.js";

/** What `SecretClient.beginDeleteSecret` hands to the delete poller. */
export interface DeleteSecretPollerArgs {
  /** The name of the secret being deleted. */
  secretName: string;
  /** Sends `DELETE /secrets/{name}` and maps the response. */
  deleteSecret: (options: PollRequestOptions) => Promise<DeletedSecret>;
  /** Sends `GET /deletedsecrets/{name}` and maps the response; `options.abortSignal` fires on abort or stop. */
  getDeletedSecret: (options: PollRequestOptions) => Promise<DeletedSecret>;
  /**
   * Milliseconds between two status requests.
   * @default 2000
   */
  intervalInMs?: number;
  /**
   * A state saved with `poller.toString()`; when it belongs to a started operation the DELETE is not re-sent.
   * @default undefined
   */
  resumeFrom?: string;
}

/**
 * Starts (or resumes) the deletion of a secret and returns its poller.
 *
 * The DELETE is sent before this resolves, so a missing secret rejects here with a 404 `RestError`. When the
 * response carries no `recoveryId` the vault has no soft delete: the secret is gone and the poller is done at
 * once. Otherwise polling reads the deleted secret until it appears (200) or is unreadable (403: also done).
 */
export function createDeleteSecretPoller(
  args: DeleteSecretPollerArgs,
): Promise<PollerLike<PollOperationState<DeletedSecret>, DeletedSecret>> {
  const { secretName, deleteSecret, getDeletedSecret, intervalInMs = 2000, resumeFrom } = args;
  return createSecretOperationPoller<DeletedSecret>({
    state: initialPollState<DeletedSecret>(secretName, resumeFrom),
    intervalInMs,
    cancelMessage: "Canceling the deletion of a secret is not supported.",
    fetchStatus: getDeletedSecret,
    async start(current, options) {
      const deleted = await deleteSecret(options);
      current.result = deleted;
      if (!deleted.recoveryId && !deleted.properties?.recoveryId) current.isCompleted = true;
    },
  });
}
