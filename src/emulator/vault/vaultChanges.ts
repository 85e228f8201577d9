// The mutations of a vault as small, self-contained records: what the durable log writes after each
// request and replays at start over the last snapshot. Each record carries the new state of what it
// touches (not the request that caused it), so replaying never depends on clocks or random version ids.
import type { DeletionRecord, PurgeRecord, SecretRecord, VersionRecord } from "./vaultRecords.js";

/** One mutation of one vault; `key` is the upper-cased secret name. */
export type VaultChange =
  /** A new current version; `name` creates the secret when it is missing (first casing wins). */
  | { op: "version"; key: string; name: string; version: VersionRecord }
  /** A version's attributes changed (update). */
  | { op: "update"; key: string; version: VersionRecord }
  /** The deletion state changed: deleted (with its facts), or recovered (with its propagation end). */
  | { op: "deletion"; key: string; deletion?: DeletionRecord; recoveryVisibleAtMs?: number }
  /** The whole secret replaced (restore). */
  | { op: "secret"; key: string; secret: SecretRecord }
  /** The secret removed (purge or scheduled purge). */
  | { op: "remove"; key: string }
  /** A purge window started (with the record) or ended (without). */
  | { op: "purge"; key: string; purge?: PurgeRecord }
  /** Every secret and purge window removed. */
  | { op: "reset" };

/** The mutable maps a snapshot is replayed into. */
export interface ChangeTarget {
  secrets: Map<string, SecretRecord>;
  purges: Map<string, PurgeRecord>;
}

/** Applies `change` to `target`, the way the store applied it when it happened. */
export function applyVaultChange(target: ChangeTarget, change: VaultChange): void {
  switch (change.op) {
    case "version": {
      const record = target.secrets.get(change.key) ?? { name: change.name, versions: [] };
      record.versions.push(change.version);
      target.secrets.set(change.key, record);
      return;
    }
    case "update": {
      const versions = target.secrets.get(change.key)?.versions;
      const index = versions?.findIndex((version) => version.version === change.version.version) ?? -1;
      if (versions && index >= 0) versions[index] = change.version;
      return;
    }
    case "deletion": {
      const record = target.secrets.get(change.key);
      if (!record) return;
      if (change.deletion) record.deletion = change.deletion;
      else delete record.deletion;
      if (change.recoveryVisibleAtMs !== undefined) record.recoveryVisibleAtMs = change.recoveryVisibleAtMs;
      else delete record.recoveryVisibleAtMs;
      return;
    }
    case "secret":
      target.secrets.set(change.key, change.secret);
      return;
    case "remove":
      target.secrets.delete(change.key);
      return;
    case "purge":
      if (change.purge) target.purges.set(change.key, change.purge);
      else target.purges.delete(change.key);
      return;
    case "reset":
      target.secrets.clear();
      target.purges.clear();
      return;
  }
}
