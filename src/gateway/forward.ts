// Forwarding: each allowed operation is one call of the upstream SecretClient, so every request the vault
// sees is one the SDK builds from checked arguments (no page bytes, headers or URLs reach it), with the
// client's pipeline: its credential, challenge handling, retries and redirect and nextLink guards. The raw
// answer is taken from `onResponse`, so the page gets the vault's JSON (ids unchanged), not a re-serialized
// model.
import type { SecretClient } from "../client/secretClient.js";
import type {
  FullOperationResponse,
  OperationOptions,
  SetSecretOptions,
  UpdateSecretPropertiesOptions,
} from "../model/options.js";
import type { GatewayOperation } from "./options.js";

/** The vault's answer to one forwarded request. */
export interface UpstreamAnswer {
  status: number;
  body: string | undefined;
  headers: { get(name: string): string | undefined };
}

/** What one forwarded call needs: the operation's arguments, already checked. */
export interface ForwardCall {
  operation: GatewayOperation;
  name?: string;
  version?: string;
  /** set/update: the value and options; restore: the blob. */
  value?: string;
  writeOptions?: SetSecretOptions & UpdateSecretPropertiesOptions;
  backup?: Uint8Array;
  /** Listings: the page size and, for a later page, the upstream nextLink. */
  maxPageSize?: number;
  continuationToken?: string;
}

/** Thrown when the upstream call failed without any response from the vault (network, credential). */
export class UpstreamUnreachable extends Error {}

/** Sends one operation through `client` and returns the vault's raw answer. */
export async function forward(client: SecretClient, call: ForwardCall): Promise<UpstreamAnswer> {
  let response: FullOperationResponse | undefined;
  // The last response is the operation's own: a recover first reads the secret (and sends the recover only
  // when it is not live), and no poller is ever asked to poll here.
  const options: OperationOptions = { onResponse: (raw) => (response = raw) };
  try {
    await send(client, call, options);
  } catch (error) {
    if (!response) throw new UpstreamUnreachable("The vault could not be reached.", { cause: error });
  }
  if (!response) throw new UpstreamUnreachable("The vault sent no response.");
  return { status: response.status, body: response.bodyAsText ?? undefined, headers: response.headers };
}

function send(client: SecretClient, call: ForwardCall, options: OperationOptions): Promise<unknown> {
  const name = call.name!;
  switch (call.operation) {
    case "getSecret":
      return client.getSecret(name, { ...options, version: call.version });
    case "setSecret":
      return client.setSecret(name, call.value!, { ...call.writeOptions, ...options });
    case "updateSecretProperties":
      return client.updateSecretProperties(name, call.version ?? "", { ...call.writeOptions, ...options });
    case "beginDeleteSecret":
      return client.beginDeleteSecret(name, options);
    case "getDeletedSecret":
      return client.getDeletedSecret(name, options);
    case "beginRecoverDeletedSecret":
      return client.beginRecoverDeletedSecret(name, options);
    case "purgeDeletedSecret":
      return client.purgeDeletedSecret(name, options);
    case "backupSecret":
      return client.backupSecret(name, options);
    case "restoreSecretBackup":
      return client.restoreSecretBackup(call.backup!, options);
    case "listPropertiesOfSecrets":
      return firstPage(client.listPropertiesOfSecrets(options), call);
    case "listPropertiesOfSecretVersions":
      return firstPage(client.listPropertiesOfSecretVersions(name, options), call);
    case "listDeletedSecrets":
      return firstPage(client.listDeletedSecrets(options), call);
  }
}

/** Fetches exactly one page: the first, or the one `call.continuationToken` (an upstream nextLink) names. */
function firstPage(
  pager: {
    byPage(settings?: { continuationToken?: string; maxPageSize?: number }): AsyncIterableIterator<unknown>;
  },
  call: ForwardCall,
): Promise<unknown> {
  return pager.byPage({ continuationToken: call.continuationToken, maxPageSize: call.maxPageSize }).next();
}
