import { randomBytes, randomUUID } from "node:crypto";
import {
  beingDeleted,
  beingRecovered,
  deletedButRecoverable,
  deletedSecretNotFound,
  purgeProtected,
  restoreConflict,
  secretNotFound,
} from "../protocol/serviceErrors.js";
import type { TimeSource } from "../protocol/types.js";
import { validateVaultSettings, defaultVaultSettings, type VaultSettings } from "./vaultSettings.js";
import { parseVaultSnapshot, type VaultSnapshot } from "./vaultSnapshot.js";
import type { VaultChange } from "./vaultChanges.js";
import { SortedKeys } from "./sortedKeys.js";
import {
  currentVersion,
  type BackedUpSecret,
  type PurgeRecord,
  type SecretRecord,
  type SecretState,
  type VersionInput,
  type VersionPatch,
  type VersionRecord,
} from "./vaultRecords.js";

export { defaultVaultSettings, type VaultSettings } from "./vaultSettings.js";
export type { VaultSnapshot } from "./vaultSnapshot.js";

const secondMs = 1000;
const daySeconds = 86_400;

/**
 * The emulated vault's secrets and their soft-delete life cycle. Methods named after operations enforce
 * the service's state rules and throw `ServiceError`s; every timestamp comes from `clock`.
 *
 * Names are matched case-insensitively. The service's behaviour when a later call uses another casing is
 * unverified (docs/service-behaviour.md#name-casing); the emulator keeps the casing of the first creation (or of the
 * restored backup) in every id until the name is purged.
 */
export class VaultStore {
  private currentSettings: VaultSettings;
  readonly clock: TimeSource;
  /** @internal The key of the backup blobs this vault writes and accepts. */
  readonly backupKey: Buffer;
  private readonly secrets = new Map<string, SecretRecord>();
  private readonly purges = new Map<string, PurgeRecord>();
  /** Every key, sorted: the listing index. */
  private readonly index = new SortedKeys();
  /** Keys of soft-deleted secrets (deleting or deleted), sorted: the deleted-listing index. */
  private readonly deletedIndex = new SortedKeys();
  /** Changes not yet taken by {@link VaultStore.takeChanges}; only kept while recording. */
  private pendingChanges: VaultChange[] | undefined;
  private sequence = 0;
  private revisionCount = 0;
  /** Epoch ms before which {@link VaultStore.sweep} has nothing to do (keeps requests O(1) in vault size). */
  private nextSweepAtMs = Infinity;

  /**
   * @param settings - The vault configuration (validated: RangeError on an out-of-range value).
   * @param clock - The time source of every timestamp and window.
   * @param snapshot - State to start from, as produced by {@link VaultStore.snapshot}; the store takes over
   *   its objects (pass a copy to keep using it).
   * @param backupKey - The backup key to use instead of the snapshot's (or a new one): the vaults of one
   *   emulator share one, as the vaults of one subscription and geography accept each other's backups.
   */
  constructor(settings: VaultSettings, clock: TimeSource, snapshot?: VaultSnapshot, backupKey?: Buffer) {
    this.currentSettings = Object.freeze(validateVaultSettings({ ...defaultVaultSettings, ...settings }));
    this.clock = clock;
    if (snapshot === undefined) {
      this.backupKey = backupKey ?? randomBytes(32);
      return;
    }
    const state = parseVaultSnapshot(snapshot);
    this.backupKey = backupKey ?? Buffer.from(state.backupKey, "base64");
    this.sequence = state.sequence;
    for (const secret of state.secrets) this.secrets.set(keyOf(secret.name), secret);
    for (const purge of state.purges) this.purges.set(keyOf(purge.name), purge);
    this.rebuildIndexes();
    this.nextSweepAtMs = -Infinity;
  }

  /**
   * Starts keeping every mutation as a {@link VaultChange} until {@link VaultStore.takeChanges} takes
   * them (the durable log does, after each request). Off by default: an in-memory vault keeps nothing.
   */
  recordChanges(): void {
    this.pendingChanges ??= [];
  }

  /** The changes since the last call, oldest first, and the version sequence after them. */
  takeChanges(): { changes: VaultChange[]; sequence: number } {
    const changes = this.pendingChanges ?? [];
    if (this.pendingChanges) this.pendingChanges = [];
    return { changes, sequence: this.sequence };
  }

  /** Increments on every mutation (persistence writes when it changes). */
  get revision(): number {
    return this.revisionCount;
  }

  /**
   * A deep copy of the whole state, safe to JSON.stringify at any time. With `live`, the records themselves
   * (no copy, for a JSON.stringify in the same tick: how compaction writes a large vault).
   */
  snapshot(options: { live?: boolean } = {}): VaultSnapshot {
    return (options.live ? (state: VaultSnapshot) => state : copy)({
      schema: 1,
      backupKey: this.backupKey.toString("base64"),
      sequence: this.sequence,
      secrets: [...this.secrets.values()],
      purges: [...this.purges.values()],
    });
  }

  /** The vault configuration (frozen; {@link VaultStore.changeSettings} replaces it as a whole). */
  get settings(): VaultSettings {
    return this.currentSettings;
  }

  /**
   * Replaces the settings of the running vault (validated: RangeError on an out-of-range value). Which
   * changes the service allows is the registry's to check (vaultRegistry.ts, changeSettings); the new
   * values apply to the next operation, so deletions already scheduled keep their dates.
   */
  changeSettings(settings: VaultSettings): void {
    this.currentSettings = Object.freeze(validateVaultSettings({ ...settings }));
  }

  /** Empties the vault; settings and the backup key stay, so earlier backups can still be restored. */
  reset(): void {
    this.secrets.clear();
    this.purges.clear();
    this.index.clear();
    this.deletedIndex.clear();
    this.nextSweepAtMs = Infinity;
    this.changed({ op: "reset" });
  }

  /**
   * Replaces every secret with `secrets` as they are (versions, times, tags, soft deletion), in the order
   * of their original version sequence: what the admin API's import does with an export. Purge windows end.
   */
  replaceSecrets(secrets: readonly SecretRecord[]): void {
    this.reset();
    const versions = secrets.flatMap((secret) => secret.versions);
    const renumbered = new Map(
      [...versions]
        .sort((a, b) => a.sequence - b.sequence)
        .map((version, i) => [version, this.sequence + i + 1]),
    );
    this.sequence += versions.length;
    for (const secret of secrets) {
      const record: SecretRecord = copy(secret);
      record.versions.forEach((version, i) => (version.sequence = renumbered.get(secret.versions[i]!)!));
      const key = keyOf(record.name);
      this.secrets.set(key, record);
      this.changed({ op: "secret", key, secret: record });
    }
    this.rebuildIndexes();
    this.nextSweepAtMs = -Infinity;
  }

  /** Applies what the clock has made due: scheduled purges and ended purge windows. */
  sweep(): void {
    const now = this.clock.now();
    if (now < this.nextSweepAtMs) return;
    let next = Infinity;
    for (const [key, record] of this.secrets) {
      if (!record.deletion) continue;
      const purgeAtMs = record.deletion.scheduledPurgeDate * secondMs;
      if (now >= purgeAtMs) {
        this.remove(key);
      } else next = Math.min(next, purgeAtMs);
    }
    for (const [key, purge] of this.purges) {
      if (now >= purge.reusableAtMs) {
        this.purges.delete(key);
        this.changed({ op: "purge", key });
      } else next = Math.min(next, purge.reusableAtMs);
    }
    this.nextSweepAtMs = next;
  }

  /** The life-cycle state of `record` at the current time. */
  stateOf(record: SecretRecord): SecretState {
    const now = this.clock.now();
    if (record.deletion) return now < record.deletion.visibleAtMs ? "deleting" : "deleted";
    if (record.recoveryVisibleAtMs !== undefined && now < record.recoveryVisibleAtMs) return "recovering";
    return "active";
  }

  /** Whether `name` is taken in any state: active, deleted, propagating or in a purge window. */
  has(name: string): boolean {
    const key = keyOf(name);
    return this.secrets.has(key) || this.purges.has(key);
  }

  /** The visible (active) secret called `name`, if there is one. */
  findActive(name: string): SecretRecord | undefined {
    const record = this.secrets.get(keyOf(name));
    return record && this.stateOf(record) === "active" ? record : undefined;
  }

  /** The visible (active) secret called `name`; 404 SecretNotFound otherwise. */
  getActive(name: string): SecretRecord {
    const record = this.findActive(name);
    if (!record) throw secretNotFound(name);
    return record;
  }

  /** A version of an active secret (the current one when `version` is empty); 404 otherwise. */
  getVersion(name: string, version?: string): { record: SecretRecord; version: VersionRecord } {
    if (!version) {
      const record = this.getActive(name);
      return { record, version: currentVersion(record) };
    }
    const record = this.findActive(name);
    const found = record?.versions.find((candidate) => candidate.version === version.toLowerCase());
    if (!record || !found) throw secretNotFound(`${name}/${version}`);
    return { record, version: found };
  }

  /** Adds a new current version to `name`, creating the secret if needed. */
  setSecret(name: string, input: VersionInput): { record: SecretRecord; version: VersionRecord } {
    const key = keyOf(name);
    if (this.purges.has(key)) throw beingDeleted();
    const existing = this.secrets.get(key);
    if (existing) {
      const state = this.stateOf(existing);
      if (state === "deleting") throw beingDeleted();
      if (state === "deleted") throw deletedButRecoverable(existing.name);
      if (state === "recovering") throw beingRecovered(existing.name);
    }
    const record = existing ?? { name, versions: [] };
    const created = this.nowSeconds();
    const version: VersionRecord = {
      version: newVersionId(record),
      sequence: ++this.sequence,
      value: input.value,
      ...withoutUndefined({ contentType: input.contentType, tags: input.tags && { ...input.tags } }),
      enabled: input.enabled ?? true,
      ...withoutUndefined({ nbf: input.nbf, exp: input.exp }),
      created,
      updated: created,
    };
    record.versions.push(version);
    this.secrets.set(key, record);
    this.index.add(key);
    this.changed({ op: "version", key, name: record.name, version });
    return { record, version };
  }

  /** Changes only the fields present in `patch` on one version (tags are replaced whole); bumps `updated`. */
  updateVersion(
    name: string,
    version: string | undefined,
    patch: VersionPatch,
  ): { record: SecretRecord; version: VersionRecord } {
    const found = this.getVersion(name, version);
    const target = found.version;
    if (patch.contentType !== undefined) target.contentType = patch.contentType;
    if (patch.tags !== undefined) target.tags = { ...patch.tags };
    if (patch.enabled !== undefined) target.enabled = patch.enabled;
    if (patch.nbf !== undefined) target.nbf = patch.nbf;
    if (patch.exp !== undefined) target.exp = patch.exp;
    target.updated = this.nowSeconds();
    this.changed({ op: "update", key: keyOf(found.record.name), version: target });
    return found;
  }

  /** Soft-deletes all versions of an active secret. */
  deleteSecret(name: string): SecretRecord {
    const record = this.getActive(name);
    const deletedDate = this.nowSeconds();
    record.deletion = {
      deletedDate,
      scheduledPurgeDate: deletedDate + this.settings.recoverableDays * daySeconds,
      visibleAtMs: this.clock.now() + this.settings.deleteDelayMs,
    };
    this.sweepBy(record.deletion.scheduledPurgeDate * secondMs);
    delete record.recoveryVisibleAtMs;
    const key = keyOf(record.name);
    this.deletedIndex.add(key);
    this.changed({ op: "deletion", key, deletion: record.deletion });
    return record;
  }

  /** The soft-deleted secret called `name`, once its deletion has propagated; 404 otherwise. */
  getDeleted(name: string): SecretRecord {
    const record = this.secrets.get(keyOf(name));
    if (!record || this.stateOf(record) !== "deleted") throw deletedSecretNotFound(name);
    return record;
  }

  /**
   * Permanently removes a soft-deleted secret (403 under purge protection, 409 while still deleting).
   * `vaultName` is quoted in the purge-protection message.
   */
  purgeDeletedSecret(name: string, vaultName: string): void {
    const key = keyOf(name);
    const record = this.secrets.get(key);
    if (this.purges.has(key) || (record && this.stateOf(record) === "deleting")) throw beingDeleted();
    const deleted = this.getDeleted(name);
    if (this.settings.purgeProtection) throw purgeProtected(vaultName);
    this.remove(key);
    if (this.settings.purgeDelayMs > 0) {
      const reusableAtMs = this.clock.now() + this.settings.purgeDelayMs;
      const purge = { name: deleted.name, reusableAtMs };
      this.purges.set(key, purge);
      this.sweepBy(reusableAtMs);
      this.changed({ op: "purge", key, purge });
    }
  }

  /** Brings a soft-deleted secret back with all its versions. */
  recoverDeletedSecret(name: string): SecretRecord {
    const record = this.secrets.get(keyOf(name));
    const state = record && this.stateOf(record);
    if (state === "deleting") throw beingDeleted();
    if (state === "recovering") throw beingRecovered(record!.name);
    if (!record || state !== "deleted") throw secretNotFound(name);
    delete record.deletion;
    if (this.settings.recoverDelayMs > 0)
      record.recoveryVisibleAtMs = this.clock.now() + this.settings.recoverDelayMs;
    const key = keyOf(record.name);
    this.deletedIndex.delete(key);
    this.changed({ op: "deletion", key, recoveryVisibleAtMs: record.recoveryVisibleAtMs });
    return record;
  }

  /**
   * Recreates a secret from a backup with its original versions and times. 409 (naming `conflictId`) when the
   * name is in use in any state, including a purge window.
   */
  restoreSecret(backup: BackedUpSecret, conflictId: string): SecretRecord {
    const key = keyOf(backup.name);
    if (this.secrets.has(key) || this.purges.has(key)) throw restoreConflict(conflictId);
    const record: SecretRecord = {
      name: backup.name,
      versions: backup.versions.map((version) => ({ ...copy(version), sequence: ++this.sequence })),
    };
    this.secrets.set(key, record);
    this.index.add(key);
    this.changed({ op: "secret", key, secret: record });
    return record;
  }

  /**
   * Up to `count` active secrets whose key sorts after `afterKey` (from the start without it), in the
   * service's listing order (upper-cased name). O(count) plus the deleted or propagating secrets skipped.
   */
  listActive(afterKey?: string, count = Infinity): SecretRecord[] {
    return this.collect(this.index.after(afterKey), "active", count);
  }

  /** Like {@link VaultStore.listActive} for soft-deleted secrets whose deletion has propagated. */
  listDeleted(afterKey?: string, count = Infinity): SecretRecord[] {
    return this.collect(this.deletedIndex.after(afterKey), "deleted", count);
  }

  private collect(keys: Iterable<string>, state: SecretState, count: number): SecretRecord[] {
    const found: SecretRecord[] = [];
    if (count <= 0) return found;
    for (const key of keys) {
      const record = this.secrets.get(key)!;
      if (this.stateOf(record) !== state) continue;
      found.push(record);
      if (found.length >= count) break;
    }
    return found;
  }

  private remove(key: string): void {
    this.secrets.delete(key);
    this.index.delete(key);
    this.deletedIndex.delete(key);
    this.changed({ op: "remove", key });
  }

  private rebuildIndexes(): void {
    this.index.replaceAll(this.secrets.keys());
    const deleted: string[] = [];
    for (const [key, record] of this.secrets) if (record.deletion) deleted.push(key);
    this.deletedIndex.replaceAll(deleted);
  }

  private sweepBy(dueAtMs: number): void {
    this.nextSweepAtMs = Math.min(this.nextSweepAtMs, dueAtMs);
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now() / secondMs);
  }

  private changed(change: VaultChange): void {
    this.revisionCount++;
    this.pendingChanges?.push(change);
  }
}

/** The store's key for a name: Key Vault names are case-insensitive and keyed upper-cased. */
export function keyOf(name: string): string {
  return name.toUpperCase();
}

function newVersionId(record: SecretRecord): string {
  for (;;) {
    const id = randomUUID().replace(/-/g, "");
    if (!record.versions.some((version) => version.version === id)) return id;
  }
}

function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
