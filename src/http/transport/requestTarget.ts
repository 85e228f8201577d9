// Node only (used by the lean transport in defaultHttpClient.ts).
import type { RequestOptions } from "node:http";

/** The scheme, host and port of the last origin a client sent to, parsed once. */
export interface ParsedOrigin {
  origin: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** The Host header for this origin: host name (IPv6 in brackets) and port unless it is the default. */
  host: string;
}

// A path and query made only of characters URL parsing leaves as they are (no space, quote, bracket, `#`,
// backslash or non-ASCII): for those, `new URL(url)` would change nothing Node sends.
const VERBATIM_PATH = /^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/;

/**
 * Splits `url` into the host and path options `http.request` takes, parsing its origin only when it differs
 * from the last one (a client talks to one vault): node:http otherwise builds a URL object and an options
 * object from the string on every request, garbage and CPU that every call paid for
 * (docs/performance.md#request-target). Returns undefined
 * (send the URL string as before) when the origin is not already in canonical form (upper case, default
 * port, user info...) or the path has characters or dot segments that URL parsing would rewrite.
 * @internal
 */
export function requestTarget(
  url: string,
  last: { parsed?: ParsedOrigin },
): Pick<RequestOptions, "protocol" | "hostname" | "port" | "path"> | undefined {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  if (slash < 0) return undefined;
  const path = url.slice(slash);
  if (!VERBATIM_PATH.test(path) || path.includes("/.")) return undefined;
  const origin = url.slice(0, slash);
  let parsed = last.parsed;
  if (parsed?.origin !== origin) {
    const parts = new URL(url);
    if (parts.origin !== origin || parts.username || parts.password) return undefined;
    // node:http wants an IPv6 host without its brackets.
    const hostname = parts.hostname.startsWith("[") ? parts.hostname.slice(1, -1) : parts.hostname;
    parsed = last.parsed = {
      origin,
      protocol: parts.protocol,
      hostname,
      port: parts.port ? Number(parts.port) : undefined,
      host: parts.host,
    };
  }
  return { protocol: parsed.protocol, hostname: parsed.hostname, port: parsed.port, path };
}
