// A managed-identity endpoint speaking the App Service protocol (api-version 2019-08-01), so an
// unmodified DefaultAzureCredential gets emulator tokens from IDENTITY_ENDPOINT + IDENTITY_HEADER.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  EMULATOR_CLIENT_ID,
  audienceOf,
  type TokenAuthority,
} from "./tokens.js";

/** The path the identity endpoint answers on. */
export const IDENTITY_PATH = "/msi/token";
/** The only protocol version the endpoint speaks. */
export const IDENTITY_API_VERSION = "2019-08-01";

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
 */
export function identityRequestListener(tokens: TokenAuthority, identityHeader: string) {
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
    const minted = tokens.mint(resource);
    const body: IdentityTokenResponse = {
      access_token: minted.token,
      // Real time, not the emulator clock: the caller's token cache runs on its own clock, and a frozen or
      // shifted emulator clock must not make it treat a fresh token as long expired (or valid for years).
      expires_on: String(Math.floor(Date.now() / 1000) + DEFAULT_TOKEN_LIFETIME_SECONDS),
      resource: audienceOf(resource),
      token_type: "Bearer",
      client_id: EMULATOR_CLIENT_ID,
    };
    send(response, 200, body);
  };
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
