// Export and import of one vault. The JSON export is the vault's stored state (every version with its times,
// tags and ids, soft-deleted secrets with their deletion dates), so export → reset → import gives the same
// vault back. The .env export holds the current value of each enabled secret, for `--seed` or an import.
import { parseSeedText, seedVault } from "../persistence/seed.js";
import { currentVersion, type SecretRecord } from "../vault/vaultRecords.js";
import type { VaultSettings } from "../vault/vaultSettings.js";
import type { VaultStore } from "../vault/vaultStore.js";
import { AdminError } from "./adminContext.js";

/** The format marker of a JSON export. */
export const EXPORT_FORMAT = "keyvault-emulator-export";

/** A vault as the JSON export holds it. */
export interface VaultExport {
  format: typeof EXPORT_FORMAT;
  schema: 1;
  vault: string;
  settings: VaultSettings;
  /** The secrets (active and soft-deleted) with every version, values included. */
  secrets: SecretRecord[];
}

/** The JSON export of `store`. */
export function exportVault(vault: string, store: VaultStore): VaultExport {
  store.sweep();
  const { secrets } = store.snapshot();
  return { format: EXPORT_FORMAT, schema: 1, vault, settings: { ...store.settings }, secrets };
}

/** `NAME=value` lines of the current value of every enabled active secret (`-` in names written `_`). */
export function exportEnvLines(store: VaultStore): string {
  store.sweep();
  return store
    .listActive()
    .map((record) => ({ name: record.name, version: currentVersion(record) }))
    .filter(({ version }) => version.enabled)
    .map(({ name, version }) => `${name.replace(/-/g, "_")}=${envValue(version.value)}\n`)
    .join("");
}

function envValue(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? value : `"${value.replace(/\n/g, "\\n")}"`;
}

/**
 * Imports `text` into `store`: a JSON export replaces the vault's secrets with the exported ones exactly;
 * seed JSON (`{"name": "value"}`) or `.env` lines add the secrets the vault does not hold yet.
 */
export function importInto(store: VaultStore, text: string): { mode: "replace" | "seed"; secrets: number } {
  const exported = exportOf(text);
  if (exported) {
    store.replaceSecrets(exported.secrets);
    return { mode: "replace", secrets: exported.secrets.length };
  }
  let seed;
  try {
    seed = parseSeedText(text, "the import");
  } catch (error) {
    throw new AdminError(400, (error as Error).message);
  }
  return { mode: "seed", secrets: seedVault(store, seed) };
}

function exportOf(text: string): VaultExport | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  let parsed: Partial<VaultExport>;
  try {
    parsed = JSON.parse(text) as Partial<VaultExport>;
  } catch {
    return undefined; // parseSeedText names the JSON error
  }
  if (parsed.format !== EXPORT_FORMAT) return undefined;
  const valid =
    parsed.schema === 1 &&
    Array.isArray(parsed.secrets) &&
    parsed.secrets.every(
      (secret) =>
        typeof secret?.name === "string" &&
        Array.isArray(secret.versions) &&
        secret.versions.length > 0 &&
        secret.versions.every(
          (version) =>
            typeof version?.version === "string" &&
            typeof version.value === "string" &&
            Number.isInteger(version.sequence),
        ),
    );
  if (!valid) throw new AdminError(400, `Not a usable ${EXPORT_FORMAT} of schema 1`);
  return parsed as VaultExport;
}
