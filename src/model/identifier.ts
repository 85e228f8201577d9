import { splitCanonicalSecretId, type SecretIdParts } from "./canonicalSecretId.js";

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
  const parts = partsOf(url);
  if (!parts) {
    throw new Error(
      `Invalid secret identifier: ${trimmed}. Bad number of segments: expected /<collection>/<name>[/<version>].`,
    );
  }
  return { sourceId: id, ...parts };
}

/** Vault URL, name and version of an identifier URL, when its path is `/<collection>/<name>[/<version>]`. */
function partsOf(url: URL): SecretIdParts | undefined {
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  if (segments.length !== 2 && segments.length !== 3) return undefined;
  return { vaultUrl: `${url.protocol}//${url.host}`, name: segments[1]!, version: segments[2] };
}

/**
 * Reads vault URL, name and version out of a service-returned id, tolerating anything odd rather than
 * throwing: a response must never fail to map because of an unexpected id shape.
 * @internal
 */
export function splitSecretId(id: string | undefined): SecretIdParts {
  if (!id) return { vaultUrl: "", name: "" };
  const canonical = splitCanonicalSecretId(id);
  if (canonical) return canonical;
  try {
    // The parser's checks without its error messages, which a response mapping never shows.
    const parts = partsOf(new URL(id.trim()));
    if (parts) return parts;
  } catch {
    // Not a URL: tolerated below.
  }
  return { vaultUrl: "", name: "" };
}
