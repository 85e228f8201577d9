// Browser variant of canonicalSecretId.ts: the fast path saves CPU per mapped response on a busy server; in
// a browser, where each call waits on the network, it is not worth the bytes of its patterns, so every id
// goes through the URL parser (docs/performance.md#secret-id-fast-path).

/** Vault URL, name and version read from a secret id. @internal */
export interface SecretIdParts {
  vaultUrl: string;
  name: string;
  version?: string;
}

/**
 * Always undefined: the caller parses every id as a URL.
 * @internal
 */
export function splitCanonicalSecretId(_id: string): SecretIdParts | undefined {
  return undefined;
}
