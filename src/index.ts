/**
 * A lean, browser-ready client for Azure Key Vault secrets, drop-in compatible with `@azure/keyvault-secrets`.
 *
 * @packageDocumentation
 */
export { SecretClient } from "./client/secretClient.js";
export {
  KnownDeletionRecoveryLevel,
  KnownContentType,
  type DeletionRecoveryLevel,
  type ContentType,
  type KeyVaultSecret,
  type SecretProperties,
  type DeletedSecret,
} from "./model/models.js";
export type {
  SecretClientOptions,
  AdditionalPolicyConfig,
  KeepAliveOptions,
  RedirectOptions,
  SecretClientRetryOptions,
  OperationOptions,
  OperationRequestOptions,
  RawResponseCallback,
  FullOperationResponse,
  SetSecretOptions,
  GetSecretOptions,
  UpdateSecretPropertiesOptions,
  GetDeletedSecretOptions,
  PurgeDeletedSecretOptions,
  BackupSecretOptions,
  RestoreSecretBackupOptions,
  ListPropertiesOfSecretsOptions,
  ListPropertiesOfSecretVersionsOptions,
  ListDeletedSecretsOptions,
  SecretPollerOptions,
  BeginDeleteSecretOptions,
  BeginRecoverDeletedSecretOptions,
} from "./model/options.js";
export { SecretCache } from "./cache/secretCache.js";
export type {
  CacheClock,
  SecretCacheOptions,
  SecretCacheGetOptions,
  SecretCacheValueOptions,
  SecretTransform,
  SecretCacheStats,
  SecretCacheEvents,
  SecretCacheRefreshEvent,
  SecretCacheRefreshReason,
  SecretCacheStaleEvent,
  SecretCacheErrorEvent,
  SecretCacheEvictEvent,
  SecretCacheEvictReason,
  SecretCacheRotateEvent,
  SecretCachePreloadResult,
  SecretCacheEventResult,
} from "./cache/options.js";
export { loadSecretsConfig } from "./config/loadSecretsConfig.js";
export type { SecretsConfig } from "./config/secretsConfig.js";
export { SecretsConfigError, type SecretsConfigProblem } from "./config/errors.js";
export type {
  SecretsConfigOptions,
  SecretsConfigClock,
  SecretsConfigTree,
  SecretsConfigLeaf,
  SecretsConfigRefreshOptions,
  SecretsConfigPacing,
  SecretsConfigEvents,
  SecretsConfigChangeEvent,
  SecretsConfigErrorEvent,
  SecretsConfigEventResult,
  ApplyToEnvOptions,
} from "./config/options.js";
export type {
  StandardSchemaV1,
  StandardSchemaResult,
  StandardSchemaIssue,
  StandardSchemaPathSegment,
  StandardSchemaOutput,
} from "./config/standardSchema.js";
export { parseKeyVaultSecretIdentifier, type KeyVaultSecretIdentifier } from "./model/identifier.js";
export type { PagedAsyncIterableIterator, PageSettings, ContinuablePage } from "./paging/pagedIterator.js";
export type { PollerLike, PollOperationState } from "./lro/pollerTypes.js";
export { logger } from "./shared/logger.js";
export { RestError, isRestError } from "@azure/core-rest-pipeline";
export { SDK_VERSION, LATEST_API_VERSION, SUPPORTED_API_VERSIONS } from "./shared/constants.js";
