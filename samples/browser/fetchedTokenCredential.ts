// A TokenCredential for pages: the browser never holds a client secret, so it asks a backend it trusts
// (here the page's own origin) for an access token. In development that backend is the Vite dev server
// (vite.config.ts) or the test harness, both of which get the token from the Key Vault emulator.
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

/** The JSON the token endpoint answers with. */
interface TokenEndpointResponse {
  token: string;
  expiresOnTimestamp: number;
}

function isTokenEndpointResponse(value: unknown): value is TokenEndpointResponse {
  const candidate = value as Partial<TokenEndpointResponse> | null;
  return (
    typeof candidate?.token === "string" &&
    candidate.token.length > 0 &&
    typeof candidate.expiresOnTimestamp === "number"
  );
}

/**
 * Gets tokens from `GET <tokenUrl>?scope=<scope>`, which answers `{ token, expiresOnTimestamp }`.
 * The SecretClient caches the token and asks again shortly before it expires.
 */
export class FetchedTokenCredential implements TokenCredential {
  /** @param tokenUrl - The token endpoint, absolute or relative to the page. */
  constructor(private readonly tokenUrl: string) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const url = new URL(this.tokenUrl, document.baseURI);
    for (const scope of Array.isArray(scopes) ? scopes : [scopes]) url.searchParams.append("scope", scope);
    // In a browser the pipeline's AbortSignalLike is a real AbortSignal, which fetch needs.
    const signal = options?.abortSignal as AbortSignal | undefined;
    const response = await fetch(url, { signal, credentials: "same-origin" });
    if (!response.ok) {
      throw new Error(`The token endpoint ${url.pathname} answered ${response.status}.`);
    }
    const body: unknown = await response.json();
    if (!isTokenEndpointResponse(body)) {
      throw new Error(`The token endpoint ${url.pathname} answered without a token.`);
    }
    return { token: body.token, expiresOnTimestamp: body.expiresOnTimestamp };
  }
}
