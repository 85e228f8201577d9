// The request checks that need no route knowledge beyond the operation: the query, the host, and whether a
// write comes from the gateway's own origin (CSRF). Each returns a refusal message, or undefined when fine.
import { LISTINGS } from "./routes.js";
import type { GatewayOperation } from "./options.js";

/** The query of a checked request: the page's api-version and, for listings, the paging parameters. */
export interface CheckedQuery {
  maxPageSize?: number;
  /** True when the request is a nextLink the gateway issued (it carries `$skiptoken`). */
  continuation: boolean;
}

/**
 * Checks the query: exactly one `api-version`, from the allow-list; `maxresults` (1-25) and `$skiptoken`
 * on listings only; nothing else.
 */
export function checkQuery(
  url: URL,
  operation: GatewayOperation,
  apiVersions: readonly string[],
): CheckedQuery | string {
  const seen = new Set<string>();
  const query: CheckedQuery = { continuation: false };
  for (const [name, value] of url.searchParams) {
    if (seen.has(name)) return `The query parameter '${name}' is repeated.`;
    seen.add(name);
    if (name === "api-version") {
      if (!apiVersions.includes(value)) return "The api-version is not one this gateway accepts.";
    } else if (LISTINGS.has(operation) && name === "maxresults") {
      const size = Number(value);
      if (!/^\d{1,2}$/.test(value) || size < 1 || size > 25) return "maxresults must be 1-25.";
      query.maxPageSize = size;
    } else if (LISTINGS.has(operation) && name === "$skiptoken") {
      query.continuation = true;
    } else {
      return `The query parameter '${name}' is not accepted.`;
    }
  }
  if (!seen.has("api-version")) return "The api-version query parameter is missing.";
  return query;
}

/**
 * The host the request must name: the configured public origin's (`originHost`), else the request URL's. A request URL on
 * another host, or an `X-Forwarded-Host`/`Forwarded` host naming another one, is misdirected (421).
 */
export function checkHost(
  header: (name: string) => string | null,
  url: URL,
  originHost: string | undefined,
): string | undefined {
  const expected = originHost ?? url.host;
  if (url.host !== expected) return "The request names another host than this gateway's.";
  const forwarded = header("x-forwarded-host");
  if (forwarded !== null && forwarded.toLowerCase() !== expected) {
    return "X-Forwarded-Host names another host than this gateway's.";
  }
  const standard = /(?:^|[;,\s])host=("?)([^;,"\s]+)\1/i.exec(header("forwarded") ?? "");
  if (standard && standard[2].toLowerCase() !== expected)
    return "Forwarded names another host than this gateway's.";
  return undefined;
}

/**
 * Whether a state-changing request may proceed: its `Origin` is the gateway's own or a listed CORS origin;
 * without `Origin`, its `Sec-Fetch-Site` is `same-origin`; without either (not a browser), it carries the
 * app's custom header. A cross-site form or a fetch from another origin passes none of these.
 */
export function isSameOriginWrite(
  header: (name: string) => string | null,
  selfOrigin: string,
  corsOrigins: readonly string[],
  csrfHeader: string | undefined,
): boolean {
  const origin = header("origin");
  if (origin !== null) return origin === selfOrigin || corsOrigins.includes(origin);
  const site = header("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  return csrfHeader !== undefined && header(csrfHeader.toLowerCase()) !== null;
}
