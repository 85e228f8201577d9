// Vault names and the host names that address them. The service puts the vault in the host
// (`<vault>.vault.azure.net`, challenge resource `https://vault.azure.net`); the emulator mirrors it with
// `<vault>.vault.localhost:<port>` and resource `https://vault.localhost:<port>`. The port stays in the
// resource because Python's and Go's SDKs compare `host:port` when they verify the challenge.

/** The domain vaults live under unless a wildcard `certNames` entry adds another. */
export const VAULT_DOMAIN = "vault.localhost";

/** The name of the only vault of an emulator started without vault names. */
export const DEFAULT_VAULT_NAME = "emulator";

/**
 * The service's vault name rule: 3–24 characters, letters, digits and hyphens, starting with a letter,
 * ending with a letter or digit, no consecutive hyphens. Names are DNS labels, so case-insensitive.
 */
const VAULT_NAME = /^(?=.{3,24}$)[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/i;

/** The canonical (lower-case) form of a valid vault name; TypeError naming the rule otherwise. */
export function checkVaultName(name: string): string {
  if (typeof name !== "string" || !VAULT_NAME.test(name)) {
    throw new TypeError(
      `Vault name ${JSON.stringify(name)} is not valid: use 3-24 letters, digits and hyphens, ` +
        `starting with a letter and ending with a letter or digit, without consecutive hyphens.`,
    );
  }
  return name.toLowerCase();
}

/** Where a request's host points. */
export type HostTarget =
  /** `<vault>.<domain>`: the vault named in the host (which may or may not exist). */
  | { kind: "named"; vaultName: string; domain: string }
  /** Any other host (an address, `localhost`, a `--cert-name`): the default vault, resource = origin. */
  | { kind: "address" };

/**
 * Reads the vault name out of a host name.
 *
 * @param hostname - The URL hostname (lower-case, no port, IPv6 in brackets).
 * @param domains - The vault domains, e.g. `["vault.localhost"]`.
 */
export function hostTarget(hostname: string, domains: readonly string[]): HostTarget {
  for (const domain of domains) {
    if (hostname.length > domain.length + 1 && hostname.endsWith(`.${domain}`)) {
      const label = hostname.slice(0, -domain.length - 1);
      return { kind: "named", vaultName: label, domain };
    }
  }
  return { kind: "address" };
}

/**
 * The challenge resource (and token audience) of a request: `<scheme>://<domain>:<port>` for a vault
 * addressed by name, the request's origin otherwise.
 */
export function challengeResourceOf(url: URL, target: HostTarget): string {
  if (target.kind === "address") return url.origin;
  return `${url.protocol}//${target.domain}${url.port ? `:${url.port}` : ""}`;
}

/** The URL of vault `name` on an emulator at `scheme://…:port` (`port` empty for the in-process client). */
export function vaultUrlOf(
  name: string,
  scheme: "http" | "https",
  port: string,
  domain = VAULT_DOMAIN,
): string {
  return `${scheme}://${name}.${domain}${port ? `:${port}` : ""}`;
}

/** The vault domains a set of certificate names adds: `*.vault.example.test` adds `vault.example.test`. */
export function vaultDomainsOf(certNames: readonly string[]): string[] {
  const extra = certNames
    .filter((name) => name.startsWith("*."))
    .map((name) => name.slice(2).toLowerCase())
    .filter((domain) => domain !== VAULT_DOMAIN);
  return [VAULT_DOMAIN, ...new Set(extra)];
}
