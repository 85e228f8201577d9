/**
 * Argument checks run before any I/O. Every message has one shape, built by {@link invalid}:
 * `"<parameter>" <rule>[, got <type>].` — it names the parameter and the rule and never includes the
 * offending value (it may be a secret). TypeError = wrong type, RangeError = a value outside what the
 * service accepts, Error = a malformed vault URL.
 * @internal
 */

/** Key Vault's secret name rule, for every check of a name (the client's, the gateway's, the CLI's). */
export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
// Unreserved URL characters only, so a version can never add path segments, a query or a fragment.
const VERSION = /^[0-9a-zA-Z._~-]{1,256}$/;

/**
 * How to get past a refusal of `http:`, shared by the vault URL check and the challenge policy (which also
 * guards redirects and nextLinks).
 * @internal
 */
export const INSECURE_CONNECTION_ADVICE =
  "Use https, or set allowInsecureConnection: true in the SecretClient options (local emulators only)";

type ErrorType = new (message: string) => Error;

/** Throws the one message shape; `got` (when given) adds the type of the offending value, never the value. */
function invalid(ErrorType: ErrorType, parameter: string, rule: string, ...got: [unknown?]): never {
  throw new ErrorType(`"${parameter}" ${rule}${got.length ? `, got ${describeType(got[0])}` : ""}.`);
}

/** Throws a TypeError unless `typeof value` is `type`. */
function expectType(value: unknown, type: "string" | "number" | "boolean", parameter: string): void {
  if (typeof value !== type) invalid(TypeError, parameter, `must be a ${type}`, value);
}

/** The type of a value for messages, without the value itself. */
function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
}

/** The parts of a vault URL requests are built from. */
export interface VaultEndpoint {
  /**
   * Scheme, host, port and path, without trailing slash, e.g. `https://myvault.vault.azure.net` or
   * `https://app.example/kv` (a gateway below a path): request paths are appended to it.
   */
  origin: string;
  /**
   * The URL's query without `?` ("" when none): sent with every request, as `@azure/keyvault-secrets`
   * does (a gateway in front of the vault may need it).
   */
  query: string;
}

/**
 * Checks a vault URL and returns the parts requests are built from.
 * @throws TypeError when not a string; Error when not an absolute http(s) URL without fragment or
 *   credentials, or when it is `http:` without `allowInsecureConnection`.
 */
export function validateVaultUrl(vaultUrl: unknown, allowInsecureConnection: boolean): VaultEndpoint {
  expectType(vaultUrl, "string", "vaultUrl");
  let url: URL | undefined;
  try {
    url = new URL(vaultUrl as string);
  } catch {
    invalid(Error, "vaultUrl", "must be an absolute URL such as https://myvault.vault.azure.net");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") invalid(Error, "vaultUrl", "must use https");
  if (url.protocol === "http:" && !allowInsecureConnection) {
    invalid(
      Error,
      "vaultUrl",
      `uses http:, which would expose bearer tokens and secrets. ${INSECURE_CONNECTION_ADVICE}`,
    );
  }
  if (url.hash) invalid(Error, "vaultUrl", "must not have a fragment");
  if (url.username || url.password) invalid(Error, "vaultUrl", "must not contain credentials");
  // A path is kept (as the official client does): a gateway in front of the vault may live below one.
  return { origin: url.origin + url.pathname.replace(/\/+$/, ""), query: url.search.slice(1) };
}

/**
 * Checks the credential is a TokenCredential, in the constructor rather than at the first call.
 * @throws TypeError when it has no `getToken` method.
 */
export function validateCredential(credential: unknown): void {
  if (typeof (credential as { getToken?: unknown } | null)?.getToken !== "function") {
    invalid(
      TypeError,
      "credential",
      "must be a TokenCredential (with getToken), such as DefaultAzureCredential",
      credential,
    );
  }
}

/**
 * Checks a secret name: 1–127 letters, digits and dashes.
 * @throws TypeError when not a string; RangeError when empty, too long or with other characters.
 */
export function validateSecretName(name: unknown, parameter = "secretName"): asserts name is string {
  expectType(name, "string", parameter);
  if (!SECRET_NAME.test(name as string)) {
    invalid(
      RangeError,
      parameter,
      "must be 1-127 characters long and contain only letters, digits and dashes (^[0-9a-zA-Z-]+$)",
    );
  }
}

/**
 * Checks a secret version: undefined or "" mean the latest; otherwise URL-safe characters.
 * @throws TypeError when not a string; RangeError when not URL-safe or only dots.
 */
export function validateVersion(version: unknown, parameter: string): asserts version is string | undefined {
  if (version === undefined || version === "") return;
  expectType(version, "string", parameter);
  if (!VERSION.test(version as string) || /^\.+$/.test(version as string)) {
    invalid(RangeError, parameter, `must contain only letters, digits, "-", "_", "." and "~"`);
  }
}

/**
 * Checks a secret value is a string ("" is allowed).
 * @throws TypeError otherwise; the message never includes the value.
 */
export function validateSecretValue(value: unknown): asserts value is string {
  expectType(value, "string", "value");
}

/**
 * Checks a backup blob is a non-empty Uint8Array.
 * @throws TypeError when not a Uint8Array; RangeError when empty.
 */
export function validateBackup(backup: unknown): asserts backup is Uint8Array {
  const parameter = "secretBundleBackup";
  if (!(backup instanceof Uint8Array)) invalid(TypeError, parameter, "must be a Uint8Array", backup);
  if (backup.length === 0) invalid(RangeError, parameter, "must not be empty");
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
  for (const name of ["notBefore", "expiresOn"] as const) {
    const date = options[name];
    if (date === undefined) continue;
    if (!(date instanceof Date)) invalid(TypeError, `options.${name}`, "must be a Date", date);
    if (Number.isNaN(date.getTime())) invalid(RangeError, `options.${name}`, "is an invalid Date");
  }
  if (options.enabled !== undefined) expectType(options.enabled, "boolean", "options.enabled");
  if (options.contentType !== undefined) expectType(options.contentType, "string", "options.contentType");
  const tags = options.tags;
  if (tags === undefined) return;
  if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
    invalid(TypeError, "options.tags", "must be an object of string values", tags);
  }
  for (const [key, value] of Object.entries(tags)) expectType(value, "string", `options.tags["${key}"]`);
}

/**
 * Checks a page size: a positive integer (the service accepts 1–25).
 * @throws TypeError when not a number; RangeError when not a positive integer.
 */
export function validateMaxPageSize(maxPageSize: unknown): asserts maxPageSize is number | undefined {
  if (maxPageSize === undefined) return;
  expectType(maxPageSize, "number", "maxPageSize");
  if (!Number.isInteger(maxPageSize) || (maxPageSize as number) < 1) {
    invalid(RangeError, "maxPageSize", "must be a positive integer (the service accepts 1-25)");
  }
}
