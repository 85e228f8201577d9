// Access tokens the emulator mints and accepts: compact JWTs signed HS256 with a per-emulator key.
// Times come from the emulator clock, so advancing the clock expires tokens like real time would.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { TimeSource } from "../protocol/types.js";
import { DEFAULT_IDENTITY, type EmulatorIdentity } from "./identities.js";

/** The claims of an emulator access token (a subset of an Entra ID v1 access token's claims). */
export interface EmulatorTokenClaims {
  /** Audience: the vault origin, e.g. `https://127.0.0.1:8443`. */
  aud: string;
  /** Issuer: `https://sts.windows.net/<tenant>/`. */
  iss: string;
  /** Tenant id. */
  tid: string;
  /** Application (client) id of the identity the token was issued to. */
  appid: string;
  /** Object id of the identity the token was issued to. */
  oid: string;
  /** Subject. */
  sub: string;
  /** Issued at, epoch seconds. */
  iat: number;
  /** Not before, epoch seconds. */
  nbf: number;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Unique token id. */
  uti: string;
}

/** A freshly minted token. */
export interface MintedToken {
  /** The compact JWT. */
  token: string;
  /** Expiry in milliseconds since the epoch (emulator clock). */
  expiresOnTimestamp: number;
}

/** The result of checking an `Authorization` header. */
export type TokenVerdict = { valid: true; claims: EmulatorTokenClaims } | { valid: false; message: string };

/**
 * Messages of the 401s the emulator answers for unusable tokens. AKV10000 and AKV10022 are the real
 * service's texts; the service's wording for the other cases was never captured, so these are
 * emulator choices that follow the same pattern.
 */
export const TokenMessages = {
  missing: "AKV10000: Request is missing a Bearer or PoP token.",
  malformed: "AKV10021: The bearer token is malformed.",
  signature: "AKV10016: The bearer token signature is invalid.",
  audience: (expected: string, found: string) =>
    `AKV10022: Invalid audience. Expected ${expected}, found: ${found}.`,
  issuer: (expected: string, found: string) =>
    `AKV10032: Invalid issuer. Expected ${expected}, found: ${found}.`,
  expired: "AKV10023: The bearer token has expired.",
  notYetValid: "AKV10024: The bearer token is not yet valid.",
} as const;

/** Default lifetime of minted tokens: one hour, like Entra ID's usual access tokens. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

const HEADER_SEGMENT = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
const MAX_CACHED_SIGNATURES = 1024;

/** Mints and verifies emulator tokens for one tenant with one signing key. */
export class TokenAuthority {
  /** Tokens whose signature already checked out, to keep the hot path free of HMAC and JSON work. */
  private readonly verified = new Map<string, EmulatorTokenClaims>();

  constructor(
    private readonly key: Buffer,
    /** The tenant named in issued tokens and in 401 challenges. */
    readonly tenantId: string,
    private readonly clock: TimeSource,
  ) {}

  /** Creates a random 256-bit signing key. */
  static generateKey(): Buffer {
    return randomBytes(32);
  }

  /** The issuer every token carries. */
  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  /**
   * Mints a token for `audience` (a resource URL or a `<resource>/.default` scope), issued to `identity`
   * (its ids become `appid` and `oid`/`sub`).
   */
  mint(
    audience: string,
    lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
    identity: EmulatorIdentity = DEFAULT_IDENTITY,
  ): MintedToken {
    const now = Math.floor(this.clock.now() / 1000);
    const claims: EmulatorTokenClaims = {
      aud: audienceOf(audience),
      iss: this.issuer,
      tid: this.tenantId,
      appid: identity.clientId,
      oid: identity.objectId,
      sub: identity.objectId,
      iat: now,
      nbf: now - 300,
      exp: now + lifetimeSeconds,
      uti: randomUUID(),
    };
    const unsigned = `${HEADER_SEGMENT}.${base64url(JSON.stringify(claims))}`;
    return { token: `${unsigned}.${this.signature(unsigned)}`, expiresOnTimestamp: claims.exp * 1000 };
  }

  /**
   * Checks an `Authorization` header value for a request whose challenge resource is `expectedAudience`.
   * A token for `alsoAccepted` (the vault's own origin, which hand-made tokens name) passes too.
   */
  verify(authorization: string | undefined, expectedAudience: string, alsoAccepted?: string): TokenVerdict {
    if (!authorization) return { valid: false, message: TokenMessages.missing };
    let claims = this.verified.get(authorization);
    if (!claims) {
      const match = /^(?:Bearer|PoP)\s+(\S+)\s*$/i.exec(authorization);
      if (!match) return { valid: false, message: TokenMessages.missing };
      const checked = this.claimsOf(match[1]!);
      if (typeof checked === "string") return { valid: false, message: checked };
      this.remember(authorization, checked);
      claims = checked;
    }
    if (claims.iss !== this.issuer)
      return { valid: false, message: TokenMessages.issuer(this.issuer, claims.iss) };
    const expected = claims.aud === expectedAudience ? expectedAudience : audienceOf(expectedAudience);
    if (claims.aud !== expected && (alsoAccepted === undefined || claims.aud !== audienceOf(alsoAccepted)))
      return { valid: false, message: TokenMessages.audience(expected, claims.aud) };
    const now = this.clock.now() / 1000;
    if (claims.exp <= now) return { valid: false, message: TokenMessages.expired };
    if (claims.nbf > now) return { valid: false, message: TokenMessages.notYetValid };
    return { valid: true, claims };
  }

  /** Signature-checked claims, keyed by the whole `Authorization` value (hot path: one Map lookup). */
  private remember(authorization: string, claims: EmulatorTokenClaims): void {
    if (this.verified.size >= MAX_CACHED_SIGNATURES) this.verified.clear();
    this.verified.set(authorization, claims);
  }

  private claimsOf(token: string): EmulatorTokenClaims | string {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== HEADER_SEGMENT) return TokenMessages.malformed;
    const expected = Buffer.from(this.signature(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]!);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
      return TokenMessages.signature;
    let claims: EmulatorTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as EmulatorTokenClaims;
    } catch {
      return TokenMessages.malformed;
    }
    return claims;
  }

  private signature(unsigned: string): string {
    return createHmac("sha256", this.key).update(unsigned).digest("base64url");
  }
}

/** `https://host:port/.default` or `https://host:port/` → `https://host:port`. */
export function audienceOf(resourceOrScope: string): string {
  return resourceOrScope.replace(/\/\.default$/, "").replace(/\/+$/, "");
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
