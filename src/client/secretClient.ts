import type { TokenCredential } from "@azure/core-auth";
import { notifyWrite, reportWrite } from "../shared/writeNotifier.js";
import { LATEST_API_VERSION } from "../shared/constants.js";
import { createClientHttpClient } from "../http/transport/defaultHttpClient.js";
import { createSecretClientPipeline } from "../http/pipeline.js";
import { sendRequest, type SendContext } from "../http/sendRequest.js";
import { createDeleteSecretPoller } from "../lro/deleteSecretPoller.js";
import type { PollRequestOptions } from "../lro/poller.js";
import type { PollerLike, PollOperationState } from "../lro/pollerTypes.js";
import { createRecoverSecretPoller } from "../lro/recoverSecretPoller.js";
import type { DeletedSecret, KeyVaultSecret, SecretProperties } from "../model/models.js";
import type {
  BackupSecretOptions,
  BeginDeleteSecretOptions,
  BeginRecoverDeletedSecretOptions,
  GetDeletedSecretOptions,
  GetSecretOptions,
  ListDeletedSecretsOptions,
  ListPropertiesOfSecretsOptions,
  ListPropertiesOfSecretVersionsOptions,
  OperationOptions,
  PurgeDeletedSecretOptions,
  RestoreSecretBackupOptions,
  SecretClientOptions,
  SetSecretOptions,
  UpdateSecretPropertiesOptions,
} from "../model/options.js";
import { createPagedIterator, type PagedAsyncIterableIterator } from "../paging/pagedIterator.js";
import { inSpan } from "./tracing.js";
import {
  validateBackup,
  validateCredential,
  validateMaxPageSize,
  validateSecretAttributes,
  validateSecretName,
  validateSecretValue,
  validateVaultUrl,
  validateVersion,
} from "../model/validation.js";
import * as requests from "../wire/requests.js";
import type { RequestSpec } from "../wire/requests.js";
import * as responses from "../wire/responses.js";
import type { MappedPage } from "../wire/responses.js";

// Kept outside the class: a private member would make our SecretClient type nominal, and code typed
// against @azure/keyvault-secrets' SecretClient could no longer be assigned to ours (or the reverse).
const contexts = new WeakMap<SecretClient, SendContext>();

/**
 * Runs one request in a `<spanName>` tracing span: send the spec, map the JSON. The span ends with an error
 * status when the request fails.
 */
function run<T>(
  client: SecretClient,
  spanName: string,
  options: OperationOptions,
  spec: RequestSpec,
  map: (json: unknown) => T,
): Promise<T> {
  return inSpan(spanName, options, (updatedOptions, recording) =>
    sendRequest(contexts.get(client)!, spec, updatedOptions, recording).then(map),
  );
}

/** A pager whose pages come from `firstPage` and then the service's nextLinks, each in a span. */
function list<T>(
  client: SecretClient,
  spanName: string,
  options: OperationOptions,
  firstPage: (maxPageSize: number | undefined) => RequestSpec,
  map: (json: unknown) => MappedPage<T>,
): PagedAsyncIterableIterator<T> {
  return createPagedIterator<T>(async (pageLink, maxPageSize) => {
    validateMaxPageSize(maxPageSize);
    const spec = pageLink === undefined ? firstPage(maxPageSize) : requests.nextPageRequest(pageLink);
    return run(client, spanName, options, spec, map);
  });
}

/** The begin* options for one poller request: the poll's abort signal when it has one. */
function pollRequestOptions(options: OperationOptions, pollOptions: PollRequestOptions): OperationOptions {
  return { ...options, abortSignal: pollOptions.abortSignal ?? options.abortSignal };
}

/**
 * A client for the secrets of one Azure Key Vault: create, read, update, delete, recover, purge, back up,
 * restore and list secrets. A drop-in for `SecretClient` of `@azure/keyvault-secrets`.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from "@azure/identity";
 * import { SecretClient } from "keyvault-secrets-client";
 *
 * const client = new SecretClient("https://myvault.vault.azure.net", new DefaultAzureCredential());
 * ```
 */
export class SecretClient {
  /** The vault URL given to the constructor. */
  readonly vaultUrl: string;

  /**
   * Creates a client for one vault.
   * @param vaultUrl - The vault's base URL, e.g. `https://myvault.vault.azure.net`, or a gateway's URL with a
   *   path, e.g. `https://app.example/kv` (see `keyvault-secrets-client/gateway`). Check that it names a
   *   Key Vault you trust: see https://aka.ms/azsdk/blog/vault-uri.
   * @param credential - Supplies the Microsoft Entra tokens, e.g. `DefaultAzureCredential` from `@azure/identity`.
   * @param pipelineOptions - Pipeline and service options.
   * @throws TypeError or Error when `vaultUrl` is not an absolute https URL without fragment (http only
   *   with `allowInsecureConnection: true`); TypeError when `credential` has no `getToken` method. Both are
   *   checked here, where `@azure/keyvault-secrets` fails only at the first call.
   */
  constructor(vaultUrl: string, credential: TokenCredential, pipelineOptions: SecretClientOptions = {}) {
    const vault = validateVaultUrl(vaultUrl, pipelineOptions.allowInsecureConnection === true);
    validateCredential(credential);
    this.vaultUrl = vaultUrl;
    contexts.set(this, {
      pipeline: createSecretClientPipeline(credential, pipelineOptions),
      httpClient: pipelineOptions.httpClient ?? createClientHttpClient(),
      vaultOrigin: vault.origin,
      vaultQuery: vault.query,
      apiVersion: pipelineOptions.serviceVersion ?? LATEST_API_VERSION,
      keepAlive: pipelineOptions.keepAliveOptions?.enable !== false,
      allowInsecureConnection: pipelineOptions.allowInsecureConnection === true,
    });
  }

  /**
   * Adds a secret, or a new version of an existing secret. Requires the secrets/set permission.
   * @example
   * ```ts
   * const secret = await client.setSecret("db-password", "s3cr3t", { contentType: "text/plain" });
   * ```
   * @param secretName - The name: 1–127 letters, digits and dashes.
   * @param value - The value ("" is allowed).
   * @param options - Attributes of the new version, and operation options.
   * @returns The new version, with its value.
   * @throws RestError with `code` "Conflict" (409) when the name is soft-deleted; TypeError/RangeError for bad arguments.
   */
  async setSecret(
    secretName: string,
    value: string,
    options: SetSecretOptions = {},
  ): Promise<KeyVaultSecret> {
    validateSecretName(secretName);
    validateSecretValue(value);
    validateSecretAttributes(options);
    const spec = requests.setSecretRequest(secretName, value, options);
    const write = run(this, "SecretClient.setSecret", options, spec, responses.toKeyVaultSecret);
    return reportWrite(this, secretName, false, write);
  }

  /**
   * Reads a secret: its latest version, or the one in `options.version`. Requires the secrets/get permission.
   * @example
   * ```ts
   * const { value } = await client.getSecret("db-password");
   * ```
   * @param secretName - The name of the secret.
   * @param options - `version`, `outContentType`, and operation options.
   * @returns The secret with its value.
   * @throws RestError 404 `SecretNotFound`; 403 `Forbidden` when the version is disabled.
   */
  async getSecret(secretName: string, options: GetSecretOptions = {}): Promise<KeyVaultSecret> {
    validateSecretName(secretName);
    validateVersion(options.version, "options.version");
    const spec = requests.getSecretRequest(secretName, options);
    return run(this, "SecretClient.getSecret", options, spec, responses.toKeyVaultSecret);
  }

  /**
   * Changes the attributes of a secret version; fields left undefined stay as they are, `tags` replace all
   * tags. The value cannot be changed. Requires the secrets/set permission.
   * @example
   * ```ts
   * await client.updateSecretProperties("db-password", "", { enabled: false }); // "" = latest version
   * ```
   * @param secretName - The name of the secret.
   * @param secretVersion - The version to update; "" updates the latest.
   * @param options - The new attributes, and operation options.
   * @returns The updated properties.
   * @throws RestError 404 `SecretNotFound`.
   */
  async updateSecretProperties(
    secretName: string,
    secretVersion: string,
    options: UpdateSecretPropertiesOptions = {},
  ): Promise<SecretProperties> {
    validateSecretName(secretName);
    validateVersion(secretVersion, "secretVersion");
    validateSecretAttributes(options);
    const spec = requests.updateSecretPropertiesRequest(secretName, secretVersion ?? "", options);
    const write = run(
      this,
      "SecretClient.updateSecretProperties",
      options,
      spec,
      responses.toSecretPropertiesResult,
    );
    return reportWrite(this, secretName, true, write);
  }

  /**
   * Deletes a secret (all versions) and returns a poller that completes once the deletion is visible.
   * The DELETE is sent before this resolves, so a missing secret rejects here. Requires secrets/delete.
   * @example
   * ```ts
   * const poller = await client.beginDeleteSecret("db-password");
   * const deleted = await poller.pollUntilDone();
   * ```
   * @param name - The name of the secret.
   * @param options - `intervalInMs`, `resumeFrom`, and operation options.
   * @returns A poller whose result is the deleted secret.
   * @throws RestError 404 `SecretNotFound`.
   */
  async beginDeleteSecret(
    name: string,
    options: BeginDeleteSecretOptions = {},
  ): Promise<PollerLike<PollOperationState<DeletedSecret>, DeletedSecret>> {
    validateSecretName(name, "name");
    return createDeleteSecretPoller({
      ...options,
      secretName: name,
      deleteSecret: (pollOptions) =>
        reportWrite(
          this,
          name,
          true,
          run(
            this,
            "DeleteSecretPoller.deleteSecret",
            pollRequestOptions(options, pollOptions),
            requests.deleteSecretRequest(name),
            responses.toDeletedSecret,
          ),
        ),
      getDeletedSecret: (pollOptions) =>
        run(
          this,
          "DeleteSecretPoller.getDeletedSecret",
          pollRequestOptions(options, pollOptions),
          requests.getDeletedSecretRequest(name),
          responses.toDeletedSecret,
        ),
    });
  }

  /**
   * Reads a soft-deleted secret (without value). Requires the secrets/get permission.
   * @example
   * ```ts
   * const { scheduledPurgeDate } = await client.getDeletedSecret("db-password");
   * ```
   * @param secretName - The name of the deleted secret.
   * @param options - Operation options.
   * @returns The deleted secret.
   * @throws RestError 404 `SecretNotFound` when no such deleted secret exists (yet).
   */
  async getDeletedSecret(secretName: string, options: GetDeletedSecretOptions = {}): Promise<DeletedSecret> {
    validateSecretName(secretName);
    const spec = requests.getDeletedSecretRequest(secretName);
    return run(this, "SecretClient.getDeletedSecret", options, spec, responses.toDeletedSecret);
  }

  /**
   * Permanently removes a soft-deleted secret. Requires the secrets/purge permission.
   * @example
   * ```ts
   * await (await client.beginDeleteSecret("db-password")).pollUntilDone();
   * await client.purgeDeletedSecret("db-password");
   * ```
   * @param secretName - The name of the deleted secret.
   * @param options - Operation options.
   * @throws RestError 404 `SecretNotFound`; 403 with purge protection; 409 while the deletion propagates.
   */
  async purgeDeletedSecret(secretName: string, options: PurgeDeletedSecretOptions = {}): Promise<void> {
    validateSecretName(secretName);
    const spec = requests.purgeDeletedSecretRequest(secretName);
    await reportWrite(
      this,
      secretName,
      true,
      run(this, "SecretClient.purgeDeletedSecret", options, spec, () => undefined),
    );
  }

  /**
   * Recovers a soft-deleted secret with all its versions, and returns a poller that completes once the
   * secret can be read again. Requires the secrets/recover permission.
   * @example
   * ```ts
   * const poller = await client.beginRecoverDeletedSecret("db-password");
   * const properties = await poller.pollUntilDone();
   * ```
   * @param name - The name of the deleted secret.
   * @param options - `intervalInMs`, `resumeFrom`, and operation options.
   * @returns A poller whose result is the recovered secret's properties.
   * @throws RestError 404 `SecretNotFound` when the name is not soft-deleted.
   */
  async beginRecoverDeletedSecret(
    name: string,
    options: BeginRecoverDeletedSecretOptions = {},
  ): Promise<PollerLike<PollOperationState<SecretProperties>, SecretProperties>> {
    validateSecretName(name, "name");
    return createRecoverSecretPoller({
      ...options,
      secretName: name,
      recoverDeletedSecret: (pollOptions) =>
        reportWrite(
          this,
          name,
          true,
          run(
            this,
            "RecoverDeletedSecretPoller.recoverDeletedSecret",
            pollRequestOptions(options, pollOptions),
            requests.recoverDeletedSecretRequest(name),
            responses.toSecretPropertiesResult,
          ),
        ),
      getSecret: (pollOptions) =>
        run(
          this,
          "RecoverDeletedSecretPoller.getSecret",
          pollRequestOptions(options, pollOptions),
          requests.getSecretRequest(name, {}),
          responses.toKeyVaultSecret,
        ),
    });
  }

  /**
   * Downloads a protected backup of a secret with all its versions, restorable with
   * {@link SecretClient.restoreSecretBackup}. Requires the secrets/backup permission.
   * @example
   * ```ts
   * const backup = await client.backupSecret("db-password");
   * ```
   * @param secretName - The name of the secret.
   * @param options - Operation options.
   * @returns The opaque backup blob.
   * @throws RestError 404 `SecretNotFound`.
   */
  async backupSecret(secretName: string, options: BackupSecretOptions = {}): Promise<Uint8Array | undefined> {
    validateSecretName(secretName);
    const spec = requests.backupSecretRequest(secretName);
    return run(this, "SecretClient.backupSecret", options, spec, responses.toBackupBytes);
  }

  /**
   * Restores a secret, with all its versions, from a backup blob. Requires the secrets/restore permission.
   * @example
   * ```ts
   * const properties = await client.restoreSecretBackup(backup!);
   * ```
   * @param secretBundleBackup - A blob returned by {@link SecretClient.backupSecret}.
   * @param options - Operation options.
   * @returns The restored secret's properties.
   * @throws RestError 409 when the name exists; 400 "Malformed backup blob" for a corrupt blob.
   */
  async restoreSecretBackup(
    secretBundleBackup: Uint8Array,
    options: RestoreSecretBackupOptions = {},
  ): Promise<SecretProperties> {
    validateBackup(secretBundleBackup);
    const spec = requests.restoreSecretBackupRequest(secretBundleBackup);
    const properties = await run(
      this,
      "SecretClient.restoreSecretBackup",
      options,
      spec,
      responses.toSecretPropertiesResult,
    );
    notifyWrite(this, properties.name, true);
    return properties;
  }

  /**
   * Lists the properties of every version of a secret (no values). An unknown name lists nothing.
   * Requires the secrets/list permission.
   * @example
   * ```ts
   * for await (const version of client.listPropertiesOfSecretVersions("db-password")) console.log(version.version);
   * ```
   * @param secretName - The name of the secret.
   * @param options - Operation options.
   * @returns A pager over the versions' properties; `byPage({ maxPageSize, continuationToken })` pages.
   */
  listPropertiesOfSecretVersions(
    secretName: string,
    options: ListPropertiesOfSecretVersionsOptions = {},
  ): PagedAsyncIterableIterator<SecretProperties> {
    validateSecretName(secretName);
    return list(
      this,
      "SecretClient.listPropertiesOfSecretVersions",
      options,
      (maxPageSize) => requests.listSecretVersionsRequest(secretName, maxPageSize),
      responses.toSecretPropertiesPage,
    );
  }

  /**
   * Lists the properties of the latest version of every secret in the vault (no values).
   * Requires the secrets/list permission.
   * @example
   * ```ts
   * for await (const properties of client.listPropertiesOfSecrets()) console.log(properties.name);
   * ```
   * @param options - Operation options.
   * @returns A pager over the secrets' properties.
   */
  listPropertiesOfSecrets(
    options: ListPropertiesOfSecretsOptions = {},
  ): PagedAsyncIterableIterator<SecretProperties> {
    return list(
      this,
      "SecretClient.listPropertiesOfSecrets",
      options,
      requests.listSecretsRequest,
      responses.toSecretPropertiesPage,
    );
  }

  /**
   * Lists the soft-deleted secrets of the vault (no values). Requires the secrets/list permission.
   * @example
   * ```ts
   * for await (const deleted of client.listDeletedSecrets()) console.log(deleted.name, deleted.deletedOn);
   * ```
   * @param options - Operation options.
   * @returns A pager over the deleted secrets.
   */
  listDeletedSecrets(options: ListDeletedSecretsOptions = {}): PagedAsyncIterableIterator<DeletedSecret> {
    return list(
      this,
      "SecretClient.listDeletedSecrets",
      options,
      requests.listDeletedSecretsRequest,
      responses.toDeletedSecretPage,
    );
  }
}
