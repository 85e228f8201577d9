// The gateway's one internal entry: a request as the parts its checks read, and an answer as plain data.
// The Fetch handler and the Node adapter both call it, so both run the same checks from one code path; the
// Node adapter just skips building an undici Request and Response when nothing asks for them.
import type { GatewayConnectionInfo } from "./options.js";

/** A request as the gateway's checks read it. */
export interface GatewayRequestParts {
  /** The request method, as received. */
  method: string;
  /** The full request URL (origin + target). */
  url: URL;
  /** A request header by lower-case name, as `Headers.get` would answer it (null when absent). */
  header(name: string): string | null;
  /** The request body stream, or null when the request has none. */
  body(): ReadableStream<Uint8Array> | null;
  /** The Fetch `Request` (what `authorize` is given), built on first use where it is not the input. */
  request(): Request;
}

/** An answer as plain data: status, lower-case header names, and the body text (null for none). */
export interface GatewayAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** The internal entry of a gateway handler. */
export type GatewayPartsEntry = (
  parts: GatewayRequestParts,
  connection?: GatewayConnectionInfo,
) => Promise<GatewayAnswer>;

// Symbol.for: the Node adapter is its own module in dist, apart from the gateway bundle.
/** The property of a gateway handler that holds its internal entry (absent on a handler an app wrapped). */
export const PARTS_ENTRY: unique symbol = Symbol.for("keyvault-secrets-client.gateway.parts");

/** A gateway handler that may carry its internal entry. */
export type WithPartsEntry = { [PARTS_ENTRY]?: GatewayPartsEntry };

/** The parts of a Fetch Request. */
export function partsOfRequest(request: Request): GatewayRequestParts {
  return {
    method: request.method,
    url: new URL(request.url),
    header: (name) => request.headers.get(name),
    body: () => request.body,
    request: () => request,
  };
}

/** The Fetch Response of an answer. */
export function toResponse(answer: GatewayAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
