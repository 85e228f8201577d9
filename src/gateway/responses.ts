// The responses a gateway sends: its own refusals in Key Vault's error shape (so the page's SecretClient
// throws a RestError with a code), and upstream answers with only the headers a page may see. They are plain
// data (GatewayAnswer): the Fetch handler makes a Response of them, the Node adapter writes them directly.
import type { GatewayAnswer } from "./parts.js";

/** Key Vault-style error codes of the gateway's own refusals, by status. */
const CODES: Record<number, string> = {
  400: "BadParameter",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  413: "RequestTooLarge",
  415: "UnsupportedMediaType",
  421: "MisdirectedRequest",
  429: "Throttled",
  502: "BadGateway",
};

// Secrets must never be cached by the browser or a shared cache, nor sniffed into another type.
const BASE_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

// The upstream headers a page may see: never WWW-Authenticate, Set-Cookie or anything naming the vault.
const FORWARDED_HEADERS = [
  "retry-after",
  "x-ms-request-id",
  "x-ms-client-request-id",
  "x-ms-keyvault-service-version",
];

/** A refusal: `{ error: { code, message } }` with the status, plus any extra headers. */
export function refusal(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): GatewayAnswer {
  const body = JSON.stringify({ error: { code: CODES[status] ?? "Error", message } });
  return {
    status,
    headers: { ...BASE_HEADERS, "content-type": "application/json; charset=utf-8", ...headers },
    body,
  };
}

/** An upstream answer (status, body text, headers) as the page's response. */
export function upstreamResponse(
  status: number,
  body: string | undefined,
  headers: { get(name: string): string | undefined },
): GatewayAnswer {
  const out: Record<string, string> = { ...BASE_HEADERS };
  for (const name of FORWARDED_HEADERS) {
    const value = headers.get(name);
    if (value !== undefined) out[name] = value;
  }
  // 204 and 304 have no body; anything else is the vault's JSON.
  const empty = status === 204 || status === 304 || !body;
  if (!empty) out["content-type"] = "application/json; charset=utf-8";
  return { status, headers: out, body: empty ? null : body };
}

/** CORS headers for an allowed cross-origin request (credentials included: sessions are cookies). */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": FORWARDED_HEADERS.join(", "),
    vary: "Origin",
  };
}

/** The answer to a preflight from an allowed origin. */
export function preflight(origin: string, requestedHeaders: string | null): GatewayAnswer {
  const allowed = (requestedHeaders ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name && name !== "authorization" && name !== "cookie");
  return {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      "access-control-allow-methods": "GET, PUT, PATCH, DELETE, POST",
      "access-control-allow-headers": allowed.join(", "),
      "access-control-max-age": "600",
    },
    body: null,
  };
}
