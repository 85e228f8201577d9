// A TokenCredential that asks the emulator's managed-identity endpoint for a token, the way
// ManagedIdentityCredential does on App Service, so a test worker can act as a named identity without
// @azure/identity (not a dependency of this package).
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

/** The App Service protocol version the emulator's endpoint speaks. */
const API_VERSION = "2019-08-01";
/** How long (real time) a client may reuse a token before asking again. */
const REUSE_WINDOW_MS = 1000;

/**
 * Tokens from `endpoint` for the identity with `clientId` (the default, all-powerful identity when
 * `undefined`).
 */
export class IdentityEndpointCredential implements TokenCredential {
  constructor(
    private readonly endpoint: string,
    private readonly header: string,
    private readonly clientId: string | undefined,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = [scopes].flat()[0];
    if (!scope) throw new TypeError("getToken needs at least one scope");
    const url = new URL(this.endpoint);
    url.searchParams.set("resource", scope.replace(/\/\.default$/, ""));
    url.searchParams.set("api-version", API_VERSION);
    if (this.clientId) url.searchParams.set("client_id", this.clientId);
    const response = await fetch(url, {
      headers: { "X-IDENTITY-HEADER": this.header },
      signal: options?.abortSignal as AbortSignal | undefined,
    });
    const body = (await response.json()) as { access_token?: string; expires_on?: string; message?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`The emulator's identity endpoint answered ${response.status}: ${body.message ?? ""}`);
    }
    // The token expires an hour later on the emulator clock, which tests move (clock.advance); reported as
    // expiring within a second, it is asked for again on (nearly) every request, as EmulatorCredential does.
    const expiresOnTimestamp = Math.min(Number(body.expires_on) * 1000, Date.now() + REUSE_WINDOW_MS);
    return { token: body.access_token, expiresOnTimestamp, tokenType: "Bearer" };
  }
}
