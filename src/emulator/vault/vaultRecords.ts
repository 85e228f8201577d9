// The vault's stored state: plain JSON-able records, so a snapshot is a deep copy and nothing more.

/** One version of a secret, as stored. Times are epoch seconds, the unit the wire uses. */
export interface VersionRecord {
  /** 32 lowercase hex characters. */
  version: string;
  /** Vault-wide monotonic creation counter: orders versions created within the same second. */
  sequence: number;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

/** Soft-deletion facts of a deleted secret. */
export interface DeletionRecord {
  /** Epoch seconds. */
  deletedDate: number;
  /** Epoch seconds: `deletedDate + recoverableDays * 86400`; the vault purges the secret from then on. */
  scheduledPurgeDate: number;
  /** Epoch milliseconds from which the deletion is visible under /deletedsecrets (propagation delay). */
  visibleAtMs: number;
}

/** A secret name with all its versions, oldest first (the last one is current). */
export interface SecretRecord {
  /** The casing of the name when the secret was first created (or restored). */
  name: string;
  versions: VersionRecord[];
  /** Present while the secret is soft-deleted. */
  deletion?: DeletionRecord;
  /** Epoch milliseconds until which a recovered secret is still invisible (recover propagation delay). */
  recoveryVisibleAtMs?: number;
}

/** A purged name that cannot be reused yet (purge propagation delay). */
export interface PurgeRecord {
  name: string;
  /** Epoch milliseconds from which the name can be reused. */
  reusableAtMs: number;
}

/**
 * Where a secret stands in the soft-delete life cycle (docs/service-behaviour.md#propagation-windows):
 * `recovering` and `deleting` are the propagation windows after recover and delete.
 */
export type SecretState = "active" | "recovering" | "deleting" | "deleted";

/** The writable parts of a version, as a set request supplies them. */
export interface VersionInput {
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled?: boolean;
  nbf?: number;
  exp?: number;
}

/** What an update request may change; absent fields stay as they are, `tags` replaces the whole map. */
export interface VersionPatch {
  contentType?: string;
  tags?: Record<string, string>;
  enabled?: boolean;
  nbf?: number;
  exp?: number;
}

/** One version as it travels inside a backup blob. */
export type BackedUpVersion = Omit<VersionRecord, "sequence">;

/** The content of a backup blob: a secret name and all its versions, oldest first. */
export interface BackedUpSecret {
  name: string;
  versions: BackedUpVersion[];
}

/** The current (latest) version of a secret. */
export function currentVersion(record: SecretRecord): VersionRecord {
  return record.versions[record.versions.length - 1];
}
