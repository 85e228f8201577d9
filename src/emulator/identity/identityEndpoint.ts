// A managed-identity endpoint speaking the App Service protocol (api-version 2019-08-01), so an
// unmodified DefaultAzureCredential gets emulator tokens from IDENTITY_ENDPOINT + IDENTITY_HEADER. A
// user-assigned identity is picked as App Service picks it: by `client_id` (or `object_id`) in the query.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_IDENTITY, type IdentityDirectory, type NamedIdentity } from "./identities.js";
import { DEFAULT_TOKEN_LIFETIME_SECONDS, audienceOf, type TokenAuthority } from "./tokens.js";

/** The path the identity endpoint answers on. */
export const IDENTITY_PATH = "/msi/token";
/** The only protocol version the endpoint speaks. */
export const IDENTITY_API_VERSION = "2019-08-01";

/**
 * App Service's answer when the asked identity is not assigned to the app (400, as captured in
 * azure-sdk-for-net#43691); @azure/identity surfaces `message` in its AuthenticationError.
 */
export const UNKNOWN_IDENTITY_MESSAGE = "Unable to load the proper Managed Identity.";

/** The App Service token response. */
export interface IdentityTokenResponse {
  access_token: string;
  /** Expiry, real-time epoch seconds as a string (as App Service sends it). */
  expires_on: string;
  resource: string;
  token_type: "Bearer";
  client_id: string;
}

/**
 * Builds the request listener of the identity endpoint.
 *
 * @param tokens - Mints the tokens.
 * @param identityHeader - The secret callers must send in `X-IDENTITY-HEADER`.
 * @param identities - The identities `client_id` / `object_id` may ask for.
 */
export function identityRequestListener(
  tokens: TokenAuthority,
  identityHeader: string,
  identities: IdentityDirectory,
) {
  const expected = Buffer.from(identityHeader);
  return (request: IncomingMessage, response: ServerResponse): void => {
    request.resume(); // the protocol has no request body; discard anything sent
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== IDENTITY_PATH)
      return send(response, 404, { error: "not_found", message: "Unknown path." });
    if (request.method !== "GET") {
      return send(response, 405, { error: "method_not_allowed", message: "Use GET." });
    }
    const header = request.headers["x-identity-header"];
    if (typeof header !== "string" || header.length === 0) {
      return send(response, 400, {
        error: "invalid_request",
        message: "The X-IDENTITY-HEADER header is missing.",
      });
    }
    const given = Buffer.from(header);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return send(response, 401, {
        error: "unauthorized",
        message: "The X-IDENTITY-HEADER header is not valid.",
      });
    }
    if (url.searchParams.get("api-version") !== IDENTITY_API_VERSION) {
      return send(response, 400, {
        error: "invalid_request",
        message: `The api-version query parameter must be ${IDENTITY_API_VERSION}.`,
      });
    }
    const resource = url.searchParams.get("resource");
    if (!resource) {
      return send(response, 400, {
        error: "invalid_request",
        message: "The resource query parameter is missing.",
      });
    }
    const identity = identityAsked(url.searchParams, identities);
    if (!identity) {
      return send(response, 400, {
        statusCode: 400,
        message: UNKNOWN_IDENTITY_MESSAGE,
        correlationId: randomUUID(),
      });
    }
    const minted = tokens.mint(resource, DEFAULT_TOKEN_LIFETIME_SECONDS, identity);
    const body: IdentityTokenResponse = {
      access_token: minted.token,
      // Real time, not the emulator clock: the caller's token cache runs on its own clock, and a frozen or
      // shifted emulator clock must not make it treat a fresh token as long expired (or valid for years).
      expires_on: String(Math.floor(Date.now() / 1000) + DEFAULT_TOKEN_LIFETIME_SECONDS),
      resource: audienceOf(resource),
      token_type: "Bearer",
      client_id: identity.clientId,
    };
    send(response, 200, body);
  };
}

/** The identity the query names (`client_id`, `clientid`, `object_id`, `mi_res_id`), else the default one. */
function identityAsked(query: URLSearchParams, identities: IdentityDirectory): NamedIdentity | undefined {
  const clientId = query.get("client_id") ?? query.get("clientid");
  if (clientId !== null) return identities.withClientId(clientId);
  const objectId = query.get("object_id") ?? query.get("principal_id");
  if (objectId !== null) return identities.withObjectId(objectId);
  // Emulator identities have no Azure resource ids, so a resource id never names one of them.
  if (query.get("mi_res_id") !== null) return undefined;
  return DEFAULT_IDENTITY;
}

function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  response.end(text);
}
