// A TokenCredential that mints emulator tokens directly (no identity endpoint round trip).
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type { EmulatorIdentity } from "./identities.js";
import { DEFAULT_TOKEN_LIFETIME_SECONDS, type TokenAuthority } from "./tokens.js";

/** How long (real time) an SDK may reuse a token from this credential before asking again. */
const REUSE_WINDOW_MS = 1000;

/**
 * Mints a token the emulator accepts for whatever scope a client asks for (the Key Vault clients ask
 * for `<vault origin>/.default` after the 401 challenge).
 *
 * The tokens themselves expire an hour later on the emulator clock, but the credential reports them to
 * SDKs as expiring within a second of real time, so SDK token caches ask again on (nearly) every request.
 * That keeps tests that move the emulator clock (e.g. days ahead to reach a scheduled purge) working
 * without stale-token 401s; minting costs one HMAC.
 */
export class EmulatorCredential implements TokenCredential {
  /**
   * @param tokens - The emulator's token authority.
   * @param identity - Whose tokens to mint (`emulator.credentialFor(name)` passes a named identity's ids).
   * @default identity: the default identity, which every vault lets do anything
   */
  constructor(
    private readonly tokens: TokenAuthority,
    private readonly identity?: EmulatorIdentity,
  ) {}

  /** Returns a fresh token for the first scope. */
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const scope = [scopes].flat()[0];
    if (!scope) throw new TypeError("EmulatorCredential.getToken needs at least one scope");
    const { token } = this.tokens.mint(scope, DEFAULT_TOKEN_LIFETIME_SECONDS, this.identity);
    return { token, expiresOnTimestamp: Date.now() + REUSE_WINDOW_MS, tokenType: "Bearer" };
  }
}
