// The public face of the vault registry: `emulator.vaults.create/delete/list/get/url`.
import type { VaultDefinition, VaultRegistry } from "./vaultRegistry.js";
import type { VaultSettings } from "./vaultSettings.js";

/** One vault of an emulator. */
export interface EmulatorVault {
  /** The vault name (lower case). */
  readonly name: string;
  /** Its URL, e.g. `https://dev.vault.localhost:8443`. */
  readonly url: string;
  /** Its settings (retention, purge protection, propagation windows). */
  readonly settings: Readonly<VaultSettings>;
  /** Whether plain addresses (`https://127.0.0.1:<port>`) reach this vault. */
  readonly isDefault: boolean;
}

/** Creates, deletes and lists an emulator's vaults while it runs. */
export interface EmulatorVaults {
  /**
   * Creates an empty vault; a name alone takes the emulator-wide settings. TypeError for an invalid or
   * taken name, RangeError for an out-of-range setting.
   */
  create(definition: string | VaultDefinition): EmulatorVault;
  /** Deletes a vault with everything in it; `false` when there was none. The default vault cannot go. */
  delete(name: string): boolean;
  /** Every vault, in creation order. */
  list(): EmulatorVault[];
  /** The vault called `name` (case-insensitive), if there is one. */
  get(name: string): EmulatorVault | undefined;
  /** The URL of the vault called `name`; TypeError naming the known vaults when there is none. */
  url(name: string): string;
}

/**
 * The vault API over `registry`.
 *
 * @param urlOf - The URL of a vault name on this emulator.
 * @param hooks - Told about vaults created and deleted through this API (their authorization).
 */
export function emulatorVaults(
  registry: VaultRegistry,
  urlOf: (name: string) => string,
  hooks: { created?(definition: VaultDefinition): void; deleted?(name: string): void } = {},
): EmulatorVaults {
  const describe = (name: string): EmulatorVault | undefined => {
    const store = registry.get(name);
    if (!store) return undefined;
    const key = name.toLowerCase();
    return { name: key, url: urlOf(key), settings: store.settings, isDefault: key === registry.defaultName };
  };
  return {
    create(definition) {
      registry.create(definition);
      if (typeof definition !== "string") {
        try {
          hooks.created?.(definition);
        } catch (error) {
          // A vault whose authorization is refused must not stay behind wide open.
          registry.delete(definition.name);
          throw error;
        }
      }
      return describe(typeof definition === "string" ? definition : definition.name)!;
    },
    delete(name) {
      const deleted = registry.delete(name);
      if (deleted) hooks.deleted?.(name);
      return deleted;
    },
    list: () => registry.names().map((name) => describe(name)!),
    get: describe,
    url(name) {
      const vault = describe(name);
      if (!vault) {
        throw new TypeError(`No vault named "${name}"; the vaults are: ${registry.names().join(", ")}`);
      }
      return vault.url;
    },
  };
}
