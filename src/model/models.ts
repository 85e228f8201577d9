/**
 * Known values of {@link DeletionRecoveryLevel}: how a vault protects deleted secrets.
 * A level containing `Purgeable` lets a privileged user purge a deleted secret; otherwise only the
 * service purges it, at the end of the retention interval.
 */
export enum KnownDeletionRecoveryLevel {
  /** Deletion is permanent and immediate: no soft delete. */
  Purgeable = "Purgeable",
  /** Deleted secrets are recoverable for 90 days and may be purged before then. */
  RecoverablePurgeable = "Recoverable+Purgeable",
  /** Deleted secrets are recoverable for 90 days and cannot be purged (purge protection). */
  Recoverable = "Recoverable",
  /** As `Recoverable`, and the subscription itself cannot be cancelled during retention. */
  RecoverableProtectedSubscription = "Recoverable+ProtectedSubscription",
  /** Recoverable for a custom 7–89 day retention, purge allowed. */
  CustomizedRecoverablePurgeable = "CustomizedRecoverable+Purgeable",
  /** Recoverable for a custom 7–89 day retention, purge not allowed. */
  CustomizedRecoverable = "CustomizedRecoverable",
  /** As `CustomizedRecoverable`, and the subscription cannot be cancelled during retention. */
  CustomizedRecoverableProtectedSubscription = "CustomizedRecoverable+ProtectedSubscription",
}

/**
 * The deletion recovery level in effect for secrets in a vault. {@link KnownDeletionRecoveryLevel}
 * lists the values the service currently returns; other strings may appear in future service versions.
 */
export type DeletionRecoveryLevel = string;

/** Known values of {@link ContentType}: the certificate formats Key Vault can convert between. */
export enum KnownContentType {
  /** The PKCS#12 (PFX) certificate format. */
  PFX = "application/x-pkcs12",
  /** The PEM certificate format. */
  PEM = "application/x-pem-file",
}

/**
 * The media type a certificate-backed secret is returned in (see `GetSecretOptions.outContentType`).
 * Only PFX → PEM conversion is supported by the service; {@link KnownContentType} lists the values.
 */
export type ContentType = string;

/**
 * The properties of a secret version: everything the service returns except the value.
 */
export interface SecretProperties {
  /** The base URL of the vault holding the secret, e.g. `https://myvault.vault.azure.net`. */
  vaultUrl: string;
  /** The version of the secret (32 hexadecimal characters). Undefined for list items that carry no version. */
  version?: string;
  /** The name of the secret. */
  name: string;
  /** The full secret identifier, e.g. `https://myvault.vault.azure.net/secrets/name/version`. */
  id?: string;
  /** A free-form hint describing the value, such as `text/plain` or `application/x-pkcs12`. */
  contentType?: string;
  /** Whether the secret version can be read. A disabled version answers reads with 403. */
  enabled?: boolean;
  /** The time before which the secret should not be used (informational; the service does not enforce it). */
  readonly notBefore?: Date;
  /** The time after which the secret should not be used (informational; the service does not enforce it). */
  readonly expiresOn?: Date;
  /** Application-specific metadata as key-value pairs. */
  tags?: { [propertyName: string]: string };
  /**
   * Never set.
   * @deprecated Use {@link SecretProperties.certificateKeyId} instead. `keyId` is always undefined.
   */
  readonly keyId?: never;
  /** For a secret backing a Key Vault certificate: the identifier of the certificate's key. Set by the service. */
  readonly certificateKeyId?: string;
  /** True when the secret's lifetime is managed by Key Vault, as for the secret backing a certificate. */
  readonly managed?: boolean;
  /** When this version was created. Set by the service. */
  readonly createdOn?: Date;
  /** When this version was last updated. Set by the service. */
  readonly updatedOn?: Date;
  /** The vault's deletion recovery level at the time of the response. Set by the service. */
  readonly recoveryLevel?: DeletionRecoveryLevel;
  /** The soft-delete retention in days (7–90 when soft delete is on). Set by the service (API 7.1 and later). */
  recoverableDays?: number;
  /**
   * The identifier of the previous version of a certificate-backed secret. Set by the service
   * (API 2025-07-01 and later) and only for certificate-backed secrets.
   */
  readonly previousVersion?: string;
}

/**
 * A Key Vault secret: its name, value and {@link SecretProperties}.
 *
 * Secrets returned by `SecretClient` keep `value` as an ordinary property (`JSON.stringify` includes it), but
 * `console.log` and `util.inspect` print it as `[REDACTED]` so that it does not end up in logs by accident.
 */
export interface KeyVaultSecret {
  /** The properties of the secret. */
  properties: SecretProperties;
  /** The value of the secret. */
  value?: string;
  /** The name of the secret. */
  name: string;
}

/**
 * A soft-deleted secret. The deletion fields are present at the top level and, for compatibility, under
 * `properties`.
 */
export interface DeletedSecret {
  /** The properties of the deleted secret, including the deprecated copies of the deletion fields. */
  properties: SecretProperties & {
    /**
     * The URL used to recover the deleted secret.
     * @deprecated Use {@link DeletedSecret.recoveryId}.
     */
    recoveryId?: string;
    /**
     * When the service will purge the deleted secret.
     * @deprecated Use {@link DeletedSecret.scheduledPurgeDate}.
     */
    scheduledPurgeDate?: Date;
    /**
     * When the secret was deleted.
     * @deprecated Use {@link DeletedSecret.deletedOn}.
     */
    deletedOn?: Date;
  };
  /** The secret value; the service does not return it for deleted secrets. */
  value?: string;
  /** The name of the secret. */
  name: string;
  /** The URL used to recover the deleted secret, e.g. `https://myvault.vault.azure.net/deletedsecrets/name`. */
  recoveryId?: string;
  /** When the service will purge the deleted secret. */
  scheduledPurgeDate?: Date;
  /** When the secret was deleted. */
  deletedOn?: Date;
}
