import { describe, expect, it } from "vitest";
import { EmulatorClock } from "../../../src/emulator/vault/clock.js";
import { TokenAuthority, TokenMessages, audienceOf } from "../../../src/emulator/identity/tokens.js";

const tenant = "11111111-2222-4333-8444-555555555555";
const origin = "https://127.0.0.1:8443";

function authority(clock = new EmulatorClock(), tenantId = tenant, key = TokenAuthority.generateKey()) {
  return new TokenAuthority(key, tenantId, clock);
}

describe("TokenAuthority", () => {
  it("accepts a token it minted for the vault origin (scope form)", () => {
    const tokens = authority();
    const { token } = tokens.mint(`${origin}/.default`);
    const verdict = tokens.verify(`Bearer ${token}`, origin);
    expect(verdict.valid).toBe(true);
    if (verdict.valid) {
      expect(verdict.claims.aud).toBe(origin);
      expect(verdict.claims.iss).toBe(`https://sts.windows.net/${tenant}/`);
      expect(verdict.claims.tid).toBe(tenant);
    }
  });

  it("mints a compact HS256 JWT whose expiry follows the emulator clock", () => {
    const clock = new EmulatorClock();
    clock.freeze(Date.UTC(2030, 0, 1));
    const minted = authority(clock).mint(origin);
    const [header, payload] = minted.token
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload.exp).toBe(Date.UTC(2030, 0, 1) / 1000 + 3600);
    expect(minted.expiresOnTimestamp).toBe(payload.exp * 1000);
  });

  it("answers AKV10000 when the header is missing or not a bearer token", () => {
    const tokens = authority();
    expect(tokens.verify(undefined, origin)).toEqual({ valid: false, message: TokenMessages.missing });
    expect(tokens.verify("Basic dXNlcjpwdw==", origin)).toEqual({
      valid: false,
      message: TokenMessages.missing,
    });
    expect(TokenMessages.missing).toBe("AKV10000: Request is missing a Bearer or PoP token.");
  });

  it("rejects a token for another audience with the service's AKV10022 text", () => {
    const tokens = authority();
    const { token } = tokens.mint("https://vault.azure.net");
    expect(tokens.verify(`Bearer ${token}`, origin)).toEqual({
      valid: false,
      message: `AKV10022: Invalid audience. Expected ${origin}, found: https://vault.azure.net.`,
    });
  });

  it("rejects a token once the emulator clock passes its expiry", () => {
    const clock = new EmulatorClock();
    clock.freeze();
    const tokens = authority(clock);
    const header = `Bearer ${tokens.mint(origin).token}`;
    clock.advance(3599_000);
    expect(tokens.verify(header, origin).valid).toBe(true);
    clock.advance(1_000);
    expect(tokens.verify(header, origin)).toEqual({ valid: false, message: TokenMessages.expired });
  });

  it("rejects a token that is not yet valid on the emulator clock", () => {
    const clock = new EmulatorClock();
    clock.freeze();
    const tokens = authority(clock);
    const header = `Bearer ${tokens.mint(origin).token}`;
    clock.advance(-301_000);
    expect(tokens.verify(header, origin)).toEqual({ valid: false, message: TokenMessages.notYetValid });
  });

  it("rejects a token signed with another emulator's key", () => {
    const foreign = authority().mint(origin).token;
    expect(authority().verify(`Bearer ${foreign}`, origin)).toEqual({
      valid: false,
      message: TokenMessages.signature,
    });
  });

  it("rejects a token from another tenant signed with the same key", () => {
    const key = TokenAuthority.generateKey();
    const other = authority(new EmulatorClock(), "99999999-2222-4333-8444-555555555555", key).mint(
      origin,
    ).token;
    const verdict = authority(new EmulatorClock(), tenant, key).verify(`Bearer ${other}`, origin);
    expect(verdict).toEqual({
      valid: false,
      message: TokenMessages.issuer(
        `https://sts.windows.net/${tenant}/`,
        "https://sts.windows.net/99999999-2222-4333-8444-555555555555/",
      ),
    });
  });

  it("rejects malformed tokens and tampered payloads", () => {
    const tokens = authority();
    expect(tokens.verify("Bearer not-a-jwt", origin)).toEqual({
      valid: false,
      message: TokenMessages.malformed,
    });
    const [header, payload, signature] = tokens.mint(origin).token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86400 })).toString("base64url");
    expect(tokens.verify(`Bearer ${header}.${forged}.${signature}`, origin)).toEqual({
      valid: false,
      message: TokenMessages.signature,
    });
  });
});

describe("audienceOf", () => {
  it("turns scopes and trailing slashes into the bare origin", () => {
    expect(audienceOf("https://127.0.0.1:8443/.default")).toBe("https://127.0.0.1:8443");
    expect(audienceOf("https://127.0.0.1:8443/")).toBe("https://127.0.0.1:8443");
    expect(audienceOf("https://127.0.0.1:8443")).toBe("https://127.0.0.1:8443");
  });
});
