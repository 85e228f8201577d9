// Listing pages on their way to the page: items the allow-list does not name are dropped, and the nextLink
// is moved from the vault to the gateway (the ids stay as the vault wrote them: SDKs parse them).

/** The upstream path prefix of a vault URL ("" for a vault at the root), to move nextLinks off it. */
export function upstreamPathOf(vaultUrl: string): string {
  return new URL(vaultUrl).pathname.replace(/\/+$/, "");
}

/** The secret name in an item id (`…/secrets/{name}[/{version}]` or `…/deletedsecrets/{name}`). */
function nameOfId(id: unknown): string | undefined {
  return typeof id === "string" ? /\/(?:deleted)?secrets\/([0-9a-zA-Z-]+)/.exec(id)?.[1] : undefined;
}

/**
 * The gateway's version of an upstream nextLink: the same path below the vault's (and the same query) below
 * `gatewayBase`. Undefined when it leaves the vault's path (the listing then ends there).
 */
export function gatewayNextLink(
  nextLink: string,
  upstreamPath: string,
  gatewayBase: string,
): string | undefined {
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    return undefined;
  }
  if (!url.pathname.startsWith(`${upstreamPath}/`)) return undefined;
  return `${gatewayBase}${url.pathname.slice(upstreamPath.length)}${url.search}`;
}

/**
 * A listing page's JSON with only allowed items and the nextLink rewritten; undefined when the body is not a
 * listing page (it is then passed on as it is, e.g. an error).
 */
export function filterPage(
  body: string,
  allowed: (name: string) => boolean,
  rewrite: (nextLink: string) => string | undefined,
): string | undefined {
  let page: { value?: unknown; nextLink?: unknown };
  try {
    page = JSON.parse(body) as typeof page;
  } catch {
    return undefined;
  }
  if (typeof page !== "object" || page === null || !Array.isArray(page.value)) return undefined;
  const value = page.value.filter((item: { id?: unknown } | null) => {
    const name = nameOfId(item?.id);
    return name !== undefined && allowed(name);
  });
  const nextLink =
    typeof page.nextLink === "string" && page.nextLink ? (rewrite(page.nextLink) ?? null) : null;
  return JSON.stringify({ ...page, value, nextLink });
}
