import { fromBase64Url } from "../../wire/base64url.js";

/**
 * The parameters of a Key Vault `WWW-Authenticate: Bearer …` challenge that the client uses.
 * Unknown parameters (such as `realm`) are dropped.
 * @internal
 */
export interface WWWAuthenticateChallenge {
  /** The authority URL, e.g. `https://login.microsoftonline.com/<tenant>`. */
  authorization?: string;
  /** The same, under the name CAE challenges use. */
  authorization_uri?: string;
  /** An AAD v1 resource; the token scope is `<resource>/.default`. */
  resource?: string;
  /** An AAD v2 scope, used when there is no resource. */
  scope?: string;
  /** Base64-encoded claims of a CAE challenge. */
  claims?: string;
  /** The challenge error, `insufficient_claims` for CAE. */
  error?: string;
  /** The tenant, taken from the authority URL's first path segment. */
  tenantId?: string;
}

const KNOWN_KEYS = new Set(["authorization", "authorization_uri", "resource", "scope", "claims", "error"]);
// key="quoted value" or key=token; a quoted value may contain "=", "," and spaces.
const PARAMETER = /([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|([^\s,"]+))/g;

/**
 * Parses a `WWW-Authenticate` header value. Accepts parameters separated by commas or spaces, with or
 * without the leading `Bearer` scheme.
 * @internal
 */
export function parseWWWAuthenticate(header: string): WWWAuthenticateChallenge {
  const parameters = header.replace(/^\s*Bearer\s+/i, "");
  const challenge: WWWAuthenticateChallenge = {};
  for (const match of parameters.matchAll(PARAMETER)) {
    const key = match[1].toLowerCase();
    if (KNOWN_KEYS.has(key)) {
      challenge[key as Exclude<keyof WWWAuthenticateChallenge, "tenantId">] = match[2] ?? match[3];
    }
  }
  const tenantId = tenantFromAuthority(challenge.authorization ?? challenge.authorization_uri);
  if (tenantId) challenge.tenantId = tenantId;
  return challenge;
}

/**
 * The tenant of an AAD authority URL: its first path segment (`https://login.windows.net/<tenant>`).
 * AD FS authorities (`…/adfs`) have no tenant; an unparsable URL yields none.
 */
function tenantFromAuthority(authority: string | undefined): string | undefined {
  if (!authority) return undefined;
  let url: URL;
  try {
    url = new URL(authority);
  } catch {
    return undefined;
  }
  const first = url.pathname.split("/").find((segment) => segment !== "");
  return first && first.toLowerCase() !== "adfs" ? first : undefined;
}

/**
 * Decodes the base64 (or base64url, padded or not) `claims` of a CAE challenge to the JSON text the
 * credential expects.
 * @throws RangeError when `claims` is not base64.
 * @internal
 */
export function decodeClaims(claims: string): string {
  return new TextDecoder().decode(fromBase64Url(claims));
}
