// Node variant (browsers get canonicalSecretId-browser.ts through the package's "browser" export).

/** Vault URL, name and version read from a secret id. @internal */
export interface SecretIdParts {
  vaultUrl: string;
  name: string;
  version?: string;
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
 * The parts of an id in the exact shape the service sends, read without the URL parser (a CPU saving on
 * every mapped response); undefined for any other shape, which the caller then parses as a URL.
 * @internal
 */
export function splitCanonicalSecretId(id: string): SecretIdParts | undefined {
  const canonical = CANONICAL_SECRET_ID.exec(id);
  if (
    !canonical ||
    (canonical[1] !== lastCanonicalOrigin && !isCanonicalOrigin(canonical[2], canonical[3], canonical[4]))
  ) {
    return undefined;
  }
  lastCanonicalOrigin = canonical[1];
  return { vaultUrl: canonical[1], name: canonical[5], version: canonical[6] };
}

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
