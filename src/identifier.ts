/**
 * The parts of a Key Vault secret identifier.
 */
export interface KeyVaultSecretIdentifier {
  /**
   * The identifier exactly as given, e.g.
   * `https://<keyvault-name>.vault.azure.net/secrets/<secret-name>/<unique-version-id>`.
   */
  sourceId: string;
  /** The URL of the vault holding the secret: scheme and host, with the port only when it is not the default. */
  vaultUrl: string;
  /** The version of the secret, or undefined when the identifier names no version. */
  version?: string;
  /** The name of the secret. */
  name: string;
}

/**
 * Parses a Key Vault secret identifier such as
 * `https://<keyvault-name>.vault.azure.net/secrets/<secret-name>/<unique-version-id>` or a recovery id
 * `https://<keyvault-name>.vault.azure.net/deletedsecrets/<secret-name>`.
 *
 * Like `@azure/keyvault-secrets`, the collection segment is not restricted. Default ports are dropped from
 * `vaultUrl`, repeated slashes are tolerated, and a query string is ignored.
 *
 * @example
 * ```ts
 * const { vaultUrl, name, version } = parseKeyVaultSecretIdentifier(secret.properties.id!);
 * ```
 * @param id - The identifier to parse.
 * @returns The vault URL, name and version in the identifier.
 * @throws TypeError when `id` is not a string; Error when it is not an absolute URL with a
 *   `/<collection>/<name>[/<version>]` path.
 */
export function parseKeyVaultSecretIdentifier(id: string): KeyVaultSecretIdentifier {
  if (typeof id !== "string") {
    throw new TypeError(`"id" must be a string, got ${typeof id}.`);
  }
  const trimmed = id.trim();
  if (!trimmed) {
    throw new Error("Invalid identifier argument: the secret identifier is empty.");
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(`Invalid secret identifier: ${trimmed}. Not a valid URI.`);
  }
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  if (segments.length !== 2 && segments.length !== 3) {
    throw new Error(
      `Invalid secret identifier: ${trimmed}. Bad number of segments: expected /<collection>/<name>[/<version>].`,
    );
  }
  return {
    sourceId: id,
    vaultUrl: `${url.protocol}//${url.host}`,
    name: segments[1],
    version: segments[2],
  };
}

/**
 * Reads vault URL, name and version out of a service-returned id, tolerating anything odd rather than
 * throwing: a response must never fail to map because of an unexpected id shape.
 * @internal
 */
export function splitSecretId(id: string | undefined): { vaultUrl: string; name: string; version?: string } {
  if (!id) return { vaultUrl: "", name: "" };
  const canonical = CANONICAL_SECRET_ID.exec(id);
  if (
    canonical &&
    (canonical[1] === lastCanonicalOrigin || isCanonicalOrigin(canonical[2], canonical[3], canonical[4]))
  ) {
    lastCanonicalOrigin = canonical[1];
    return { vaultUrl: canonical[1], name: canonical[5], version: canonical[6] };
  }
  try {
    const parsed = parseKeyVaultSecretIdentifier(id);
    return { vaultUrl: parsed.vaultUrl, name: parsed.name, version: parsed.version };
  } catch {
    return { vaultUrl: "", name: "" };
  }
}

// What the service sends (`https://<vault>.vault.azure.net/secrets/<name>/<version>`), matched without building
// a URL per response. Anything else (upper case, percent-escapes, IPv4 shorthands, punycode, default ports...)
// goes through the URL parser, which this fast path must always agree with.
const CANONICAL_SECRET_ID =
  /^((https?):\/\/([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?)\/[a-z]+\/([0-9A-Za-z-]+)(?:\/([0-9A-Za-z-]+))?\/?$/;
const LETTER_LABEL = /(?:^|\.)[a-z][a-z0-9-]*$/;
const DOTTED_QUAD =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;
// The origin that last passed isCanonicalOrigin: the ids of one vault all share it.
let lastCanonicalOrigin: string | undefined;

/**
 * True when `new URL()` would give back `<scheme>://<host>[:<port>]` unchanged: a host whose last label starts
 * with a letter (so it is no IPv4 number) or a canonical dotted quad, without empty or punycode labels, and a
 * port in range that is not the scheme's default.
 */
function isCanonicalOrigin(scheme: string, host: string, port: string | undefined): boolean {
  if (!LETTER_LABEL.test(host) && !DOTTED_QUAD.test(host)) return false;
  if (host.startsWith(".") || host.includes("..") || /(?:^|\.)xn--/.test(host)) return false;
  if (port === undefined) return true;
  const number = Number(port);
  return number <= 65535 && number !== (scheme === "https" ? 443 : 80);
}
