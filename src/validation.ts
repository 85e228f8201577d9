/**
 * Argument checks run before any I/O. Messages name the parameter and describe the rule, and never
 * include the offending value (it may be a secret). TypeError = wrong type, RangeError = a value outside
 * what the service accepts, Error = a malformed vault URL.
 * @internal
 */

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
// Unreserved URL characters only, so a version can never add path segments, a query or a fragment.
const VERSION = /^[0-9a-zA-Z._~-]{1,256}$/;

/**
 * Checks a vault URL and returns its canonical form (origin, no trailing slash) for building requests.
 * @throws TypeError when not a string; Error when not an absolute http(s) URL without path, query,
 *   fragment or credentials, or when it is `http:` without `allowInsecureConnection`.
 */
export function validateVaultUrl(vaultUrl: unknown, allowInsecureConnection: boolean): string {
  if (typeof vaultUrl !== "string") {
    throw new TypeError(`"vaultUrl" must be a string, got ${describeType(vaultUrl)}.`);
  }
  let url: URL;
  try {
    url = new URL(vaultUrl);
  } catch {
    throw new Error(`"vaultUrl" must be an absolute URL such as https://myvault.vault.azure.net.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`"vaultUrl" must use https.`);
  }
  if (url.protocol === "http:" && !allowInsecureConnection) {
    throw new Error(
      `"vaultUrl" uses http:, which would expose bearer tokens and secrets. Use https, or set ` +
        `allowInsecureConnection: true in the client options (local emulators only).`,
    );
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`"vaultUrl" must be the vault's base URL, without path, query or fragment.`);
  }
  if (url.username || url.password) {
    throw new Error(`"vaultUrl" must not contain credentials.`);
  }
  return url.origin;
}

/**
 * Checks a secret name: 1–127 letters, digits and dashes.
 * @throws TypeError when not a string; RangeError when empty, too long or with other characters.
 */
export function validateSecretName(name: unknown, parameter = "secretName"): asserts name is string {
  if (typeof name !== "string") {
    throw new TypeError(`"${parameter}" must be a string, got ${describeType(name)}.`);
  }
  if (!SECRET_NAME.test(name)) {
    throw new RangeError(
      `"${parameter}" must be 1-127 characters long and contain only letters, digits and dashes (^[0-9a-zA-Z-]+$).`,
    );
  }
}

/**
 * Checks a secret version: undefined or "" mean the latest; otherwise URL-safe characters.
 * @throws TypeError when not a string; RangeError when not URL-safe or only dots.
 */
export function validateVersion(version: unknown, parameter: string): asserts version is string | undefined {
  if (version === undefined || version === "") return;
  if (typeof version !== "string") {
    throw new TypeError(`"${parameter}" must be a string, got ${describeType(version)}.`);
  }
  if (!VERSION.test(version) || /^\.+$/.test(version)) {
    throw new RangeError(`"${parameter}" must contain only letters, digits, "-", "_", "." and "~".`);
  }
}

/**
 * Checks a secret value is a string ("" is allowed).
 * @throws TypeError otherwise; the message never includes the value.
 */
export function validateSecretValue(value: unknown): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`"value" must be a string, got ${describeType(value)}.`);
  }
}

/**
 * Checks a backup blob is a non-empty Uint8Array.
 * @throws TypeError when not a Uint8Array; RangeError when empty.
 */
export function validateBackup(backup: unknown): asserts backup is Uint8Array {
  if (!(backup instanceof Uint8Array)) {
    throw new TypeError(`"secretBundleBackup" must be a Uint8Array, got ${describeType(backup)}.`);
  }
  if (backup.length === 0) {
    throw new RangeError(`"secretBundleBackup" must not be empty.`);
  }
}

/**
 * Checks the optional attributes of set/update options: valid Dates, boolean enabled, string tags and
 * content type.
 * @throws TypeError for a wrong type; RangeError for an invalid Date.
 */
export function validateSecretAttributes(options: {
  enabled?: unknown;
  notBefore?: unknown;
  expiresOn?: unknown;
  contentType?: unknown;
  tags?: unknown;
}): void {
  for (const parameter of ["notBefore", "expiresOn"] as const) {
    const date = options[parameter];
    if (date === undefined) continue;
    if (!(date instanceof Date)) {
      throw new TypeError(`"options.${parameter}" must be a Date, got ${describeType(date)}.`);
    }
    if (Number.isNaN(date.getTime())) {
      throw new RangeError(`"options.${parameter}" is an invalid Date.`);
    }
  }
  if (options.enabled !== undefined && typeof options.enabled !== "boolean") {
    throw new TypeError(`"options.enabled" must be a boolean, got ${describeType(options.enabled)}.`);
  }
  if (options.contentType !== undefined && typeof options.contentType !== "string") {
    throw new TypeError(`"options.contentType" must be a string, got ${describeType(options.contentType)}.`);
  }
  if (options.tags !== undefined) {
    const tags = options.tags;
    if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
      throw new TypeError(`"options.tags" must be an object of string values, got ${describeType(tags)}.`);
    }
    for (const [key, value] of Object.entries(tags)) {
      if (typeof value !== "string") {
        throw new TypeError(
          `"options.tags" value for key "${key}" must be a string, got ${describeType(value)}.`,
        );
      }
    }
  }
}

/**
 * Checks a page size: a positive integer (the service accepts 1–25).
 * @throws TypeError when not a number; RangeError when not a positive integer.
 */
export function validateMaxPageSize(maxPageSize: unknown): asserts maxPageSize is number | undefined {
  if (maxPageSize === undefined) return;
  if (typeof maxPageSize !== "number") {
    throw new TypeError(`"maxPageSize" must be a number, got ${describeType(maxPageSize)}.`);
  }
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1) {
    throw new RangeError(`"maxPageSize" must be a positive integer (the service accepts 1-25).`);
  }
}

/** The type of a value for messages, without the value itself. */
function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
}
