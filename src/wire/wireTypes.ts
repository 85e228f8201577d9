/**
 * TypeScript shapes of the Key Vault secrets REST JSON (docs/service-behaviour.md#response-shapes). These names follow the REST
 * API and stay inside src/wire and src/http: public models never import them.
 * @internal
 */

/** `attributes` of a secret version. Times are whole seconds since the Unix epoch. */
export interface SecretAttributes {
  enabled?: boolean;
  nbf?: number;
  exp?: number;
  created?: number;
  updated?: number;
  recoveryLevel?: string;
  recoverableDays?: number;
}

/** The writable subset of {@link SecretAttributes}. */
export interface WritableSecretAttributes {
  enabled?: boolean;
  nbf?: number;
  exp?: number;
}

/** A secret version as returned by set, get, update, recover and restore. */
export interface SecretBundle {
  value?: string;
  id?: string;
  contentType?: string;
  attributes?: SecretAttributes;
  tags?: Record<string, string>;
  kid?: string;
  managed?: boolean;
  previousVersion?: string;
}

/** A deleted secret as returned by delete and get-deleted. */
export interface DeletedSecretBundle extends SecretBundle {
  recoveryId?: string;
  deletedDate?: number;
  scheduledPurgeDate?: number;
}

/** One element of a secrets or versions listing (never carries a value). */
export interface SecretItem {
  id?: string;
  attributes?: SecretAttributes;
  tags?: Record<string, string>;
  contentType?: string;
  managed?: boolean;
}

/** One element of a deleted-secrets listing. */
export interface DeletedSecretItem extends SecretItem {
  recoveryId?: string;
  deletedDate?: number;
  scheduledPurgeDate?: number;
}

/** A page of a listing; `nextLink` is null or absent on the last page. */
export interface ListResult<TItem> {
  value?: TItem[];
  nextLink?: string | null;
}

/** The backup response: the blob as unpadded base64url. */
export interface BackupSecretResult {
  value?: string;
}

/** PUT /secrets/{name} body. */
export interface SecretSetParameters {
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  attributes: WritableSecretAttributes;
}

/** PATCH /secrets/{name}/{version} body. */
export interface SecretUpdateParameters {
  contentType?: string;
  tags?: Record<string, string>;
  attributes: WritableSecretAttributes;
}

/** POST /secrets/restore body. */
export interface SecretRestoreParameters {
  value: string;
}

/** The `error` object of a failed response; `innererror` nests the same shape. */
export interface KeyVaultErrorDetail {
  code?: string;
  message?: string;
  innererror?: KeyVaultErrorDetail | null;
}

/** The body of a failed response. */
export interface KeyVaultErrorBody {
  error?: KeyVaultErrorDetail | null;
}
