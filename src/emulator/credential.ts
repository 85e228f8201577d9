// A TokenCredential that mints emulator tokens directly (no identity endpoint round trip).
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type { TokenAuthority } from "./tokens.js";

/**
 * Mints a token the emulator accepts for whatever scope a client asks for (the Key Vault clients ask
 * for `<vault origin>/.default` after the 401 challenge).
 */
export class EmulatorCredential implements TokenCredential {
  /** @param tokens - The emulator's token authority. */
  constructor(private readonly tokens: TokenAuthority) {}

  /** Returns a fresh token for the first scope. */
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const scope = [scopes].flat()[0];
    if (!scope) throw new TypeError("EmulatorCredential.getToken needs at least one scope");
    const { token, expiresOnTimestamp } = this.tokens.mint(scope);
    return { token, expiresOnTimestamp, tokenType: "Bearer" };
  }
}
