// The names the vault server is known by: the ones its certificate covers and the one printed URLs use.
import { isIP } from "node:net";
import { VAULT_DOMAIN } from "../vault/vaultHosts.js";

/**
 * What every server certificate covers. `*.vault.localhost` needs `vault.localhost` beside it for the
 * challenge resource's host, and Node refuses a wildcard of fewer than three labels (`*.localhost`).
 */
export const DEFAULT_CERTIFICATE_NAMES: readonly string[] = [
  `*.${VAULT_DOMAIN}`,
  VAULT_DOMAIN,
  "localhost",
  "127.0.0.1",
  "::1",
];

const WILDCARD_ADDRESSES = new Set(["", "0.0.0.0", "::"]);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Checks a `certNames` entry: an IP address, a DNS name, or `*.` followed by a name of two labels or more. */
export function checkCertificateName(name: string): string {
  if (typeof name === "string" && isIP(name)) return name;
  const labels = typeof name === "string" ? name.replace(/^\*\./, "").split(".") : [];
  const wildcard = typeof name === "string" && name.startsWith("*.");
  if (labels.length === 0 || !labels.every((label) => LABEL.test(label)) || (wildcard && labels.length < 2)) {
    throw new TypeError(
      `certNames entry ${JSON.stringify(name)} is not an IP address, a host name or "*." and a name of two ` +
        `labels or more (e.g. "kv.example.test", "*.vault.example.test", "192.0.2.2")`,
    );
  }
  return name.toLowerCase();
}

/** The server certificate's names: the defaults, a specific listen address, and `certNames`. */
export function certificateNamesOf(host: string, certNames: readonly string[] = []): string[] {
  const names = [...DEFAULT_CERTIFICATE_NAMES];
  if (isIP(host) && !WILDCARD_ADDRESSES.has(host)) names.push(host);
  for (const name of certNames) names.push(checkCertificateName(name));
  return [...new Set(names)];
}

/**
 * The host printed URLs use for a listen address. Never a bracketed IPv6 literal where a name works:
 * core-rest-pipeline passes `[::1]` to the resolver as is (`getaddrinfo ENOTFOUND [::1]`).
 */
export function urlHostOf(host: string, certNames: readonly string[] = []): string {
  if (host === "" || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  if (host === "::1") return "localhost";
  if (isIP(host) !== 6) return host;
  const name = certNames.find((candidate) => !isIP(candidate) && !candidate.startsWith("*."));
  return name ?? `[${host}]`;
}
