// The command line's two ways to name vaults — `--vault NAME[:setting=value,…]` (repeatable) and a JSON
// config file (`--vaults-file`) — and the /etc/hosts lines of `--print-hosts`.
import { checkVaultName, VAULT_DOMAIN } from "./vaultHosts.js";
import type { VaultDefinition } from "./vaultRegistry.js";

/** The per-vault settings a `--vault` spec may set, by their flag spelling. */
const SPEC_SETTINGS = {
  "recoverable-days": "recoverableDays",
  "purge-protection": "purgeProtection",
  "delete-delay-ms": "deleteDelayMs",
  "recover-delay-ms": "recoverDelayMs",
  "purge-delay-ms": "purgeDelayMs",
} as const;

/** The keys a vault object in a config file may have (authorization fields are checked when applied). */
const FILE_KEYS = [
  "name",
  ...Object.values(SPEC_SETTINGS),
  "permissionModel",
  "roleAssignments",
  "accessPolicies",
];

/**
 * Reads `NAME` or `NAME:recoverable-days=7,purge-protection,delete-delay-ms=0`. TypeError naming the
 * part that is wrong (the vault name rule, an unknown setting, a value that is no whole number).
 */
export function parseVaultSpec(spec: string): VaultDefinition {
  const [name = "", settings] = splitOnce(spec, ":");
  const definition: VaultDefinition = { name: checkVaultName(name) };
  for (const part of settings === undefined ? [] : settings.split(",")) {
    const [flag = "", value] = splitOnce(part.trim(), "=");
    const key = SPEC_SETTINGS[flag as keyof typeof SPEC_SETTINGS];
    if (!key) {
      throw new TypeError(
        `--vault ${spec}: unknown setting "${flag}" (known: ${Object.keys(SPEC_SETTINGS).join(", ")})`,
      );
    }
    if (key === "purgeProtection") {
      if (value !== undefined && value !== "true" && value !== "false") {
        throw new TypeError(`--vault ${spec}: purge-protection is true or false`);
      }
      definition.purgeProtection = value !== "false";
    } else {
      if (value === undefined || !/^\d+$/.test(value)) {
        throw new TypeError(`--vault ${spec}: ${flag} needs a whole number`);
      }
      definition[key] = Number(value);
    }
  }
  return definition;
}

/**
 * Reads a vaults config file: a JSON array of vault names or objects (`{"name": "dev", "recoverableDays":
 * 7, "purgeProtection": true}`), or an object with such an array under `"vaults"`. TypeError naming the
 * entry that is wrong.
 */
export function parseVaultsFile(text: string): VaultDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError("it is not valid JSON");
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { vaults?: unknown } | null)?.vaults;
  if (!Array.isArray(list)) throw new TypeError(`it holds neither an array of vaults nor {"vaults": [...]}`);
  return list.map((entry: unknown, index) => {
    if (typeof entry === "string") return { name: checkVaultName(entry) };
    if (typeof entry !== "object" || entry === null) throw new TypeError(`vault ${index} is not an object`);
    const unknown = Object.keys(entry).find((key) => !FILE_KEYS.includes(key));
    if (unknown)
      throw new TypeError(`vault ${index} has no setting "${unknown}" (known: ${FILE_KEYS.join(", ")})`);
    const definition = entry as VaultDefinition;
    return { ...definition, name: checkVaultName(definition.name) };
  });
}

/**
 * `/etc/hosts` lines that make the vault names resolve where the system resolver does not know
 * `*.localhost` (hosts files have no wildcards, so each vault gets its name).
 *
 * @param vaultNames - The vaults to list.
 * @param address - The address the names should reach; loopback (both families) by default.
 */
export function hostsFileLines(vaultNames: readonly string[], address?: string): string[] {
  const names = [VAULT_DOMAIN, ...vaultNames.map((name) => `${name}.${VAULT_DOMAIN}`)].join(" ");
  return address ? [`${address} ${names}`] : [`127.0.0.1 ${names}`, `::1 ${names}`];
}

/** The environment variable of a vault's URL: `KEYVAULT_URI_<NAME>`, hyphens as underscores. */
export function vaultUriVariable(name: string): string {
  return `KEYVAULT_URI_${name.toUpperCase().replace(/-/g, "_")}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
