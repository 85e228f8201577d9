// Paging for the three list operations. A $skiptoken names the sort key of the last item returned (not an
// offset), so a listing stays consistent while secrets are written between page fetches: nothing is
// returned twice and nothing that existed throughout is skipped.
import { badParameter } from "../protocol/serviceErrors.js";
import { maxPageSize } from "../protocol/secretLimits.js";

/** Which listing a token belongs to; a token is only accepted back by the same kind of listing. */
export type ListingKind = "secrets" | "versions" | "deletedsecrets";

/** A sort key: an upper-cased name (secrets, deleted secrets) or a version sequence number (versions). */
export type SortKey = string | number;

/** The page request: where the listing lives and how the client asked for it. */
export interface PageRequest {
  kind: ListingKind;
  /** The vault origin, e.g. `https://127.0.0.1:8443`. */
  origin: string;
  /** The listing's path, e.g. `/secrets/my-name/versions`. */
  path: string;
  apiVersion: string;
  /** `maxresults` as the client sent it (re-appended to nextLink only then). */
  maxResults?: number;
  /** The raw `$skiptoken`, when following a nextLink. */
  skipToken: string | null;
}

/** What a listing needs of an operation call (structural, so paging stays below the handlers). */
export interface ListingCall {
  apiVersion: string;
  query: URLSearchParams;
  bundle: { origin: string };
}

/** The page request of a listing call: `maxresults` validated, `$skiptoken` as sent, ids on the call's origin. */
export function listingRequest(call: ListingCall, kind: ListingKind, path: string): PageRequest {
  return {
    kind,
    origin: call.bundle.origin,
    path,
    apiVersion: call.apiVersion,
    maxResults: parseMaxResults(call.query.get("maxresults")),
    skipToken: call.query.get("$skiptoken"),
  };
}

/** `maxresults` of the list operations: absent, or an integer from 1 to 25. */
export function parseMaxResults(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= maxPageSize)) {
    throw badParameter(`Invalid maxresults value '${raw}': it must be an integer from 1 to ${maxPageSize}.`);
  }
  return value;
}

/** A `SecretListResult`-shaped page. */
export interface Page<T> {
  value: T[];
  nextLink: string | null;
}

/**
 * Where a page's items come from: up to `count` items whose sort key is greater than `after` (from the start
 * without it), ascending — an index lookup, so a page costs O(page) whatever the vault size.
 */
export type ItemsAfter<T> = (after: SortKey | undefined, count: number) => readonly T[];

/**
 * One page after the position the skiptoken names, at most `maxResults` (default 25) long, with a nextLink
 * when more items follow. `source` is an {@link ItemsAfter} lookup, or all items sorted ascending by `keyOf`.
 */
export function pageOf<T, R>(
  source: readonly T[] | ItemsAfter<T>,
  keyOf: (item: T) => SortKey,
  toJson: (item: T) => R,
  request: PageRequest,
): Page<R> {
  const after = request.skipToken === null ? undefined : decodeSkipToken(request.skipToken, request.kind);
  const size = request.maxResults ?? maxPageSize;
  const itemsAfter: ItemsAfter<T> =
    typeof source === "function"
      ? source
      : (from, count) =>
          (from === undefined ? source : source.filter((item) => keyOf(item) > from)).slice(0, count);
  // One item past the page tells whether a next page exists without counting the rest.
  const fetched = itemsAfter(after, size + 1);
  const page = fetched.slice(0, size);
  const nextLink =
    fetched.length > size
      ? nextLinkOf(request, encodeSkipToken(request.kind, keyOf(page[page.length - 1])))
      : null;
  return { value: page.map(toJson), nextLink };
}

/** {@link ItemsAfter} over `items` sorted ascending by a numeric key: a binary search, then a slice. */
export function sortedItemsAfter<T>(items: readonly T[], keyOf: (item: T) => number): ItemsAfter<T> {
  return (after, count) => {
    let low = 0;
    let high = items.length;
    while (after !== undefined && low < high) {
      const middle = (low + high) >>> 1;
      if (keyOf(items[middle]!) <= (after as number)) low = middle + 1;
      else high = middle;
    }
    return items.slice(low, low + count);
  };
}

/** An opaque, URL-safe token naming the last key returned by a `kind` listing. */
export function encodeSkipToken(kind: ListingKind, after: SortKey): string {
  return Buffer.from(JSON.stringify({ k: kind, a: after }), "utf8").toString("base64url");
}

/** The key inside a token from {@link encodeSkipToken}; 400 BadParameter for anything else. */
export function decodeSkipToken(token: string, kind: ListingKind): SortKey {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error("not base64url");
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalidSkipToken();
  }
  const { k, a } = (parsed ?? {}) as { k?: unknown; a?: unknown };
  const validKey = kind === "versions" ? Number.isSafeInteger(a) : typeof a === "string";
  if (k !== kind || !validKey) throw invalidSkipToken();
  return a as SortKey;
}

function nextLinkOf(request: PageRequest, token: string): string {
  const maxResults = request.maxResults === undefined ? "" : `&maxresults=${request.maxResults}`;
  const apiVersion = encodeURIComponent(request.apiVersion);
  return `${request.origin}${request.path}?api-version=${apiVersion}&$skiptoken=${token}${maxResults}`;
}

function invalidSkipToken() {
  return badParameter("The specified $skiptoken is invalid. Follow the nextLink the service returned.");
}
