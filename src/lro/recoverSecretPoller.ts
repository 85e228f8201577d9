import type { KeyVaultSecret, SecretProperties } from "../model/models.js";
import { createSecretOperationPoller, initialPollState, type PollRequestOptions } from "./poller.js";
import type { PollerLike, PollOperationState } from "./pollerTypes.js";

/** What `SecretClient.beginRecoverDeletedSecret` hands to the recover poller. */
export interface RecoverSecretPollerArgs {
  /** The name of the deleted secret being recovered. */
  secretName: string;
  /** Sends `POST /deletedsecrets/{name}/recover` and maps the response. */
  recoverDeletedSecret: (options: PollRequestOptions) => Promise<SecretProperties>;
  /** Sends `GET /secrets/{name}/` and maps the response; `options.abortSignal` fires on abort or stop. */
  getSecret: (options: PollRequestOptions) => Promise<KeyVaultSecret>;
  /**
   * Milliseconds between two status requests.
   * @default 2000
   */
  intervalInMs?: number;
  /**
   * A state saved with `poller.toString()`; when it belongs to a started operation nothing is re-sent.
   * @default undefined
   */
  resumeFrom?: string;
}

/**
 * Starts (or resumes) the recovery of a deleted secret and returns its poller.
 *
 * Like `@azure/keyvault-secrets`, the start first reads the secret: when it is already live (for example a
 * retried script recovering twice) the poller is done at once with its properties and no recover request is
 * sent. When that read fails with any HTTP status, `POST …/recover` is sent before this resolves, so a name
 * that is not soft-deleted rejects here with the service's 404. Transport errors and aborts of the first read
 * reject at once. Polling then reads the secret until it is back (200) or unreadable (403: also done).
 * The secret value read while polling is discarded: only its properties are kept.
 */
export function createRecoverSecretPoller(
  args: RecoverSecretPollerArgs,
): Promise<PollerLike<PollOperationState<SecretProperties>, SecretProperties>> {
  const { secretName, recoverDeletedSecret, getSecret, intervalInMs = 2000, resumeFrom } = args;
  return createSecretOperationPoller<SecretProperties>({
    state: initialPollState<SecretProperties>(secretName, resumeFrom),
    intervalInMs,
    cancelMessage: "Canceling the recovery of a deleted secret is not supported.",
    fetchStatus: async (options) => (await getSecret(options)).properties,
    async start(current, options) {
      try {
        current.result = (await getSecret(options)).properties;
        current.isCompleted = true;
        return;
      } catch (error) {
        if (typeof (error as { statusCode?: unknown }).statusCode !== "number") throw error;
      }
      current.result = await recoverDeletedSecret(options);
    },
  });
}
