// CORS for browser tests. The real Key Vault sends no CORS headers, so this is off unless asked for.
import type { EmulatorResponse } from "../protocol/types.js";

/** Headers a browser may read from responses (what clients log or act on). */
const EXPOSED_HEADERS = [
  "x-ms-request-id",
  "x-ms-client-request-id",
  "x-ms-keyvault-service-version",
  "x-ms-keyvault-region",
  "x-ms-keyvault-network-info",
  "www-authenticate",
  "retry-after",
  "retry-after-ms",
  "content-length",
  "date",
].join(", ");
const ALLOWED_METHODS = "GET, PUT, PATCH, POST, DELETE, OPTIONS";
const DEFAULT_ALLOWED_HEADERS = "authorization, content-type, x-ms-client-request-id, x-ms-useragent";

/** Decides CORS answers for a set of allowed origins (`"*"` allows any). */
export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;

  /** @param origins - Allowed origins; an empty list turns CORS off. */
  constructor(origins: readonly string[]) {
    this.origins = new Set(origins.map((origin) => origin.replace(/\/+$/, "")));
  }

  /** Whether any origin is allowed. */
  get enabled(): boolean {
    return this.origins.size > 0;
  }

  /** The origin to echo in `Access-Control-Allow-Origin`, or `undefined` when the origin is not allowed. */
  allowedOrigin(origin: string | undefined): string | undefined {
    if (!origin) return undefined;
    if (this.origins.has("*") || this.origins.has(origin)) return origin;
    return undefined;
  }

  /** Whether a request is a CORS preflight this policy answers. */
  isPreflight(method: string, headers: Record<string, string>): boolean {
    return (
      method === "OPTIONS" &&
      headers["access-control-request-method"] !== undefined &&
      this.allowedOrigin(headers["origin"]) !== undefined
    );
  }

  /** The 204 answer to a preflight. */
  preflightResponse(headers: Record<string, string>): EmulatorResponse {
    return {
      status: 204,
      headers: {
        "access-control-allow-origin": this.allowedOrigin(headers["origin"])!,
        "access-control-allow-methods": ALLOWED_METHODS,
        "access-control-allow-headers": headers["access-control-request-headers"] || DEFAULT_ALLOWED_HEADERS,
        "access-control-max-age": "600",
        vary: "Origin",
      },
    };
  }

  /** Adds the CORS response headers (in place) when the request's origin is allowed. */
  decorate(response: EmulatorResponse, origin: string | undefined): EmulatorResponse {
    const allowed = this.allowedOrigin(origin);
    if (allowed === undefined) return response;
    response.headers["access-control-allow-origin"] = allowed;
    response.headers["access-control-expose-headers"] = EXPOSED_HEADERS;
    response.headers["vary"] = "Origin";
    return response;
  }
}
