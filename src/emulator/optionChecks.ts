// Checks of the option objects users pass: a misspelt key or a malformed origin is refused with a
// TypeError naming the field, instead of being ignored (an ignored option is a test that silently tests
// nothing). A new option must be added to the key lists below.

/** Keys every emulator accepts (EmulatorCoreOptions). */
const CORE_KEYS = [
  "recoverableDays",
  "purgeProtection",
  "deleteDelayMs",
  "recoverDelayMs",
  "purgeDelayMs",
  "realistic",
  "throttle",
  "cors",
  "faults",
  "tenantId",
  "verbose",
  "logger",
  "vaults",
  "createVaultsOnFirstUse",
  "certNames",
  "identities",
  "rbacVaults",
  "roleAssignments",
  "accessPolicies",
  "roleAssignmentDelayMs",
] as const;

/** Keys of startEmulator() on top of the core ones. */
export const SERVER_OPTION_KEYS: readonly string[] = [
  ...CORE_KEYS,
  "port",
  "host",
  "http",
  "dataFile",
  "identityPort",
  "identityHeader",
  "seed",
  "eventWebhooks",
];

/** Keys of createEmulatorHttpClient() on top of the core ones. */
export const IN_PROCESS_OPTION_KEYS: readonly string[] = [...CORE_KEYS, "vaultUrl"];

/** Throws a TypeError naming the first key of `options` that `known` does not list. */
export function checkOptionKeys(options: object, known: readonly string[], what: string): void {
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${what} options must be an object`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key) && (options as Record<string, unknown>)[key] !== undefined) {
      throw new TypeError(`${what} has no option "${key}" (known: ${known.join(", ")})`);
    }
  }
}

/**
 * Checks each CORS origin is `"*"` or a bare origin (`scheme://host[:port]`, no path, query or credentials)
 * and returns them without trailing slashes; TypeError naming `cors` otherwise.
 */
export function checkCorsOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    if (origin === "*") return origin;
    const trimmed = typeof origin === "string" ? origin.replace(/\/+$/, "") : origin;
    let url: URL | undefined;
    try {
      url = new URL(trimmed);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== trimmed.toLowerCase()) {
      throw new TypeError(
        `cors origin ${JSON.stringify(origin)} is not "*" or an origin such as "http://localhost:5173"`,
      );
    }
    return url.origin;
  });
}
