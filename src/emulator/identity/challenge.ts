// The two 401 challenges the emulator sends: the plain bearer challenge (no or unusable token) and the
// Continuous Access Evaluation claims challenge (a fault kind).
import { ServiceError, errorResponse } from "../protocol/serviceErrors.js";
import type { EmulatorResponse } from "../protocol/types.js";

/** The authority host named in challenges (a single-segment path, as every SDK parses it). */
export const AUTHORITY_HOST = "https://login.microsoftonline.com";

/**
 * 401 `Unauthorized` with `WWW-Authenticate: Bearer authorization="<authority>/<tenant>", resource="<origin>"`.
 *
 * @param message - The `error.message` (e.g. "AKV10000: Request is missing a Bearer or PoP token.").
 * @param tenantId - The tenant GUID named in the authorization URI.
 * @param vaultOrigin - The resource the client must ask a token for, e.g. `https://127.0.0.1:8443`.
 */
export function bearerChallenge(message: string, tenantId: string, vaultOrigin: string): EmulatorResponse {
  const response = errorResponse(new ServiceError(401, "Unauthorized", message));
  response.headers["www-authenticate"] =
    `Bearer authorization="${AUTHORITY_HOST}/${tenantId}", resource="${vaultOrigin}"`;
  return response;
}

/**
 * The claims a CAE challenge carries when a fault does not name its own: an `nbf` the new token must
 * satisfy plus the CAE error code, as in the service's revocation challenges.
 */
export function defaultCaeClaims(nowMs: number): string {
  const nbf = String(Math.floor(nowMs / 1000));
  return JSON.stringify({
    access_token: { nbf: { essential: true, value: nbf }, xms_caeerror: { value: "10012" } },
  });
}

/**
 * 401 CAE claims challenge: `Bearer realm="", authorization_uri="…/common/oauth2/authorize",
 * error="insufficient_claims", claims="<base64 JSON>"`, with the base64 padding stripped as the service
 * sometimes does (clients must cope with both).
 *
 * @param claimsJson - The claims JSON to encode.
 */
export function caeChallenge(claimsJson: string): EmulatorResponse {
  const claims = Buffer.from(claimsJson, "utf8").toString("base64").replace(/=+$/, "");
  const response = errorResponse(
    new ServiceError(
      401,
      "Unauthorized",
      "AKV10050: The access token has been revoked; claims are required.",
    ),
  );
  response.headers["www-authenticate"] =
    `Bearer realm="", authorization_uri="${AUTHORITY_HOST}/common/oauth2/authorize", ` +
    `error="insufficient_claims", claims="${claims}"`;
  return response;
}
