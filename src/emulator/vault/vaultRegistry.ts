// The vaults of one emulator: one VaultStore per vault, keyed by lower-case name, sharing one clock and
// one backup key (the emulator is one subscription in one geography, where a backup from one vault
// restores into another). The first vault is the default one, the vault plain addresses reach.
import { randomBytes } from "node:crypto";
import type { VaultAuthorization } from "../protocol/accessTypes.js";
import type { TimeSource } from "../protocol/types.js";
import { DEFAULT_VAULT_NAME, checkVaultName } from "./vaultHosts.js";
import { SettingChangeRefusedError, validateVaultSettings, type VaultSettings } from "./vaultSettings.js";
import type { VaultSnapshot } from "./vaultSnapshot.js";
import { VaultStore } from "./vaultStore.js";

/**
 * A vault to create: its name, the settings that differ from the emulator-wide ones, and how it
 * authorizes named identities (none of the authorization fields: everything allowed).
 */
export interface VaultDefinition extends Partial<VaultSettings>, VaultAuthorization {
  /** The vault name (3–24 letters, digits and hyphens); it becomes the host `<name>.vault.localhost`. */
  name: string;
}

/** The persisted form of every vault. */
export interface VaultRegistrySnapshot {
  /** The default vault's name. */
  defaultVault: string;
  /** Each vault; one without `settings` (from a schema-1 data file) takes the emulator-wide ones. */
  vaults: { name: string; settings?: VaultSettings; state: VaultSnapshot }[];
}

/** How a registry starts. */
export interface VaultRegistryOptions {
  /** Settings of vaults that do not set their own, and of vaults created on first use. */
  baseSettings: VaultSettings;
  /** Vaults to create; the first is the default. One vault called "emulator" when empty. */
  vaults?: readonly (string | VaultDefinition)[];
  /** State to restore; vaults in `vaults` keep their given settings, the others their persisted ones. */
  restored?: VaultRegistrySnapshot;
  /** Whether a request to an unknown vault name creates that vault. */
  createOnFirstUse?: boolean;
}

/** The vaults of one emulator. */
export class VaultRegistry {
  /** The key of every vault's backup blobs. */
  readonly backupKey: Buffer;
  /** The name of the vault that plain addresses (`https://127.0.0.1:<port>`) reach. */
  readonly defaultName: string;
  readonly createOnFirstUse: boolean;
  private readonly stores = new Map<string, VaultStore>();
  private readonly baseSettings: VaultSettings;
  private changes = 0;

  /**
   * @param clock - The one time source of every vault.
   * @param options - Vaults, settings and restored state.
   * @param onChange - Told when a vault is created or deleted (persistence).
   */
  constructor(
    readonly clock: TimeSource,
    options: VaultRegistryOptions,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.baseSettings = validateVaultSettings({ ...options.baseSettings });
    this.createOnFirstUse = options.createOnFirstUse ?? false;
    const restored = options.restored;
    const persistedKey = restored?.vaults[0]?.state.backupKey;
    this.backupKey = persistedKey ? Buffer.from(persistedKey, "base64") : randomBytes(32);
    const given = (options.vaults ?? []).map(definitionOf);
    const persisted = new Map(restored?.vaults.map((vault) => [checkVaultName(vault.name), vault]));
    for (const definition of given) {
      const name = checkVaultName(definition.name);
      if (this.stores.has(name)) throw new TypeError(`Vault "${name}" is given twice`);
      this.add(
        name,
        { ...this.baseSettings, ...withoutUndefined(settingsOf(definition)) },
        persisted.get(name)?.state,
      );
    }
    for (const [name, vault] of persisted) {
      if (!this.stores.has(name)) this.add(name, vault.settings ?? this.baseSettings, vault.state);
    }
    if (this.stores.size === 0) this.add(DEFAULT_VAULT_NAME, this.baseSettings);
    const firstGiven = given[0] && checkVaultName(given[0].name);
    const restoredDefault =
      restored && this.stores.has(restored.defaultVault) ? restored.defaultVault : undefined;
    this.defaultName = firstGiven ?? restoredDefault ?? this.stores.keys().next().value!;
  }

  /** Increments whenever any vault changes or a vault is created or deleted (persistence watches it). */
  get revision(): number {
    let sum = this.changes;
    for (const store of this.stores.values()) sum += store.revision;
    return sum;
  }

  /** How many vaults there are. */
  get size(): number {
    return this.stores.size;
  }

  /** The store of vault `name` (case-insensitive), if it exists. */
  get(name: string): VaultStore | undefined {
    return this.stores.get(name.toLowerCase());
  }

  /** The default vault's store. */
  get defaultStore(): VaultStore {
    return this.stores.get(this.defaultName)!;
  }

  /** Vault names in creation order (the default vault is not necessarily first after a restore). */
  names(): string[] {
    return [...this.stores.keys()];
  }

  /** Creates a vault; TypeError for an invalid or taken name, RangeError for an out-of-range setting. */
  create(definition: string | VaultDefinition): VaultStore {
    const { name: given, ...settings } = definitionOf(definition);
    const name = checkVaultName(given);
    if (this.stores.has(name)) throw new TypeError(`Vault "${name}" already exists`);
    const store = this.add(name, { ...this.baseSettings, ...withoutUndefined(settingsOf(settings)) });
    this.changed();
    return store;
  }

  /**
   * Changes settings of a running vault, as far as the service lets a vault's settings change (Azure docs
   * `general/soft-delete-overview.md`; retention range in docs/service-behaviour.md#soft-delete): retention
   * is fixed when a vault is created, and purge protection, once on, cannot be turned off. The propagation
   * windows are the emulator's own and change freely. SettingChangeRefusedError for a change the service
   * refuses, TypeError for an unknown vault or setting or a non-boolean purge protection, RangeError for an
   * out-of-range value.
   */
  changeSettings(name: string, changes: Partial<VaultSettings>): VaultSettings {
    const store = this.get(name);
    if (!store) throw new TypeError(`No vault named "${name}"`);
    const current = store.settings;
    for (const key of Object.keys(changes)) {
      if (!(key in current)) throw new TypeError(`"${key}" is not a vault setting`);
    }
    const next = { ...current, ...withoutUndefined(changes) };
    if (next.recoverableDays !== current.recoverableDays) {
      throw new SettingChangeRefusedError(
        `The soft-delete retention of vault "${name.toLowerCase()}" is ${current.recoverableDays} days: ` +
          "as in Azure, it is fixed when a vault is created",
      );
    }
    if (current.purgeProtection && next.purgeProtection !== true) {
      throw new SettingChangeRefusedError(
        `Vault "${name.toLowerCase()}" has purge protection: as in Azure, once on it cannot be turned off`,
      );
    }
    store.changeSettings(next);
    this.changed();
    return store.settings;
  }

  /** Deletes a vault and everything in it; `false` when there is none. The default vault stays. */
  delete(name: string): boolean {
    const key = name.toLowerCase();
    if (key === this.defaultName) {
      throw new TypeError(
        `Vault "${key}" is the default vault (plain addresses reach it); it cannot be deleted`,
      );
    }
    const deleted = this.stores.delete(key);
    if (deleted) this.changed();
    return deleted;
  }

  /** Empties every vault (vaults, settings and the backup key stay). */
  reset(): void {
    for (const store of this.stores.values()) store.reset();
  }

  /** A deep copy of every vault, safe to JSON.stringify (`live`: see {@link VaultStore.snapshot}). */
  snapshot(options: { live?: boolean } = {}): VaultRegistrySnapshot {
    return {
      defaultVault: this.defaultName,
      vaults: [...this.stores].map(([name, store]) => ({
        name,
        settings: { ...store.settings },
        state: store.snapshot(options),
      })),
    };
  }

  private add(name: string, settings: VaultSettings, state?: VaultSnapshot): VaultStore {
    const store = new VaultStore(settings, this.clock, state, this.backupKey);
    this.stores.set(name, store);
    return store;
  }

  private changed(): void {
    this.changes++;
    this.onChange();
  }
}

function definitionOf(definition: string | VaultDefinition): VaultDefinition {
  return typeof definition === "string" ? { name: definition } : definition;
}

/** The settings part of a definition (authorization is the access control's, not the store's). */
function settingsOf<T extends VaultAuthorization>(definition: T): Omit<T, keyof VaultAuthorization> {
  const {
    permissionModel: _model,
    roleAssignments: _roles,
    accessPolicies: _policies,
    ...settings
  } = definition;
  return settings;
}

function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
