import type { PurgeRecord, SecretRecord } from "./vaultRecords.js";

/** The full state of a vault as plain JSON (what persistence writes and reads back). */
export interface VaultSnapshot {
  schema: 1;
  /** Base64 of the 32-byte key that authenticates and encrypts this vault's backup blobs. */
  backupKey: string;
  /** The last version sequence number handed out. */
  sequence: number;
  secrets: SecretRecord[];
  purges: PurgeRecord[];
}

/**
 * Checks `snapshot` is a schema-1 vault snapshot and returns it (TypeError otherwise). No copy: a
 * 100,000-secret data file loads in one JSON.parse, and the store takes over the objects it is given.
 */
export function parseVaultSnapshot(snapshot: VaultSnapshot): VaultSnapshot {
  const state = snapshot;
  const valid =
    state?.schema === 1 &&
    typeof state.backupKey === "string" &&
    Buffer.from(state.backupKey, "base64").length === 32 &&
    Number.isInteger(state.sequence) &&
    Array.isArray(state.secrets) &&
    Array.isArray(state.purges) &&
    state.secrets.every((secret) => typeof secret?.name === "string" && Array.isArray(secret.versions));
  if (!valid) throw new TypeError("Not a vault snapshot of schema 1");
  return state;
}
