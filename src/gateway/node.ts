/**
 * Node adapters for a Key Vault gateway: `http.createServer` handlers and Express/Connect middleware around
 * the Fetch-standard handler of `createSecretsGateway`. Only types come from `node:http`, and nothing else
 * in the package imports this module, so Workers and browsers never load it.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SecretsGateway } from "./options.js";
import { PARTS_ENTRY, type GatewayAnswer, type GatewayRequestParts, type WithPartsEntry } from "./parts.js";

/** Options of {@link toNodeHandler} and {@link toConnectMiddleware}. */
export interface NodeGatewayOptions {
  /**
   * The public origin to build request URLs on, e.g. `https://app.example`, instead of the `Host` header
   * (behind a proxy that rewrites `Host`).
   * @default undefined (`http(s)://` + the `Host` header)
   */
  origin?: string;
  /**
   * Middleware only: the gateway's `basePath`; requests outside it go to `next()`.
   * @default "" (every request goes to the gateway)
   */
  basePath?: string;
}

// Connection-level headers that describe this hop, not the request.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "host",
  "te",
  "trailer",
]);

/** Whether the raw request target is origin-form without dot segments, empty segments or backslashes. */
function isPlainTarget(target: string): boolean {
  const path = target.split("?")[0];
  return target.startsWith("/") && !/\/\.{1,2}(\/|$)|\/\/|\\|%2e|%2f|%5c/i.test(path);
}

/** The full URL of a Node request, or undefined when its target or Host cannot name this gateway. */
function urlOf(request: IncomingMessage, options: NodeGatewayOptions): string | undefined {
  const target = request.url ?? "";
  const host = request.headers.host;
  if (!isPlainTarget(target) || (options.origin === undefined && !host)) return undefined;
  const encrypted = (request.socket as { encrypted?: boolean }).encrypted === true;
  return `${options.origin ?? `${encrypted ? "https" : "http"}://${host}`}${target}`;
}

/** Whether a Node request has a body a Fetch Request would carry. */
function hasBody(request: IncomingMessage): boolean {
  return (
    (request.headers["transfer-encoding"] !== undefined ||
      (request.headers["content-length"] !== undefined && request.headers["content-length"] !== "0")) &&
    request.method !== "GET" &&
    request.method !== "HEAD"
  );
}

/** The Fetch Request for a Node request whose URL `urlOf` gave. */
function toRequest(request: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers };
  if (hasBody(request)) {
    init.body = request as unknown as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(url, init);
}

// What Headers does to a value (strips leading and trailing HTTP whitespace), and no more.
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * The parts of a Node request, read straight from IncomingMessage: the Fetch Request (and its body stream)
 * is only built when something asks for it (`authorize`, or a request with a body), and then only once.
 * Headers answer as the Request's would: hop-by-hop headers absent, repeated ones joined.
 */
function partsOf(request: IncomingMessage, url: string): GatewayRequestParts | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // new Request refuses a URL with credentials (a Host header with "@"): so does this path.
  if (parsed.username !== "" || parsed.password !== "") return undefined;
  let fetchRequest: Request | undefined;
  const lazyRequest = (): Request => (fetchRequest ??= toRequest(request, url));
  return {
    method: request.method ?? "GET",
    url: parsed,
    header(name) {
      if (HOP_BY_HOP.has(name)) return null;
      const value = request.headers[name];
      if (value === undefined) return null;
      return (Array.isArray(value) ? value.join(", ") : value).replace(HTTP_WHITESPACE, "");
    },
    body: () => (hasBody(request) ? lazyRequest().body : null),
    request: lazyRequest,
  };
}

/** Writes an answer to a Node response (bodies are small JSON, so it is sent in one piece). */
function sendAnswer(answer: GatewayAnswer, out: ServerResponse): void {
  if (answer.body === null) {
    out.writeHead(answer.status, answer.headers);
    out.end();
    return;
  }
  const body = Buffer.from(answer.body, "utf8");
  out.writeHead(answer.status, { ...answer.headers, "content-length": String(body.byteLength) });
  out.end(body);
}

/** Writes a Fetch Response to a Node response (bodies are small JSON, so it is buffered). */
async function send(response: Response, out: ServerResponse): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  out.writeHead(response.status, Object.fromEntries(response.headers));
  out.end(body);
}

const badTarget = (out: ServerResponse): void => {
  out.writeHead(400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  out.end(
    JSON.stringify({ error: { code: "BadParameter", message: "The request target is not a plain path." } }),
  );
};

/**
 * A `http.createServer`/`https.createServer` request listener serving `gateway`; the socket's remote
 * address is the caller key when `authorize` names none.
 * @example
 * ```ts
 * http.createServer(toNodeHandler(createSecretsGateway({ ... }))).listen(8080);
 * ```
 */
export function toNodeHandler(
  gateway: SecretsGateway,
  options: NodeGatewayOptions = {},
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  // A gateway from createSecretsGateway carries its internal entry: the same checks, without building an
  // undici Request and Response per request. A handler an app wrapped gets Fetch objects as before.
  const entry = (gateway as SecretsGateway & WithPartsEntry)[PARTS_ENTRY];
  return async (request, response) => {
    const url = urlOf(request, options);
    if (url === undefined) return badTarget(response);
    const connection = { clientAddress: request.socket.remoteAddress };
    if (entry) {
      const parts = partsOf(request, url);
      if (!parts) return badTarget(response);
      return sendAnswer(await entry(parts, connection), response);
    }
    await send(await gateway(toRequest(request, url), connection), response);
  };
}

/**
 * Express/Connect middleware serving `gateway` for requests under `options.basePath` (use the full URL:
 * mount it at the app root) and passing the others to `next()`. Errors go to `next(error)`.
 * @example
 * ```ts
 * app.use(toConnectMiddleware(gateway, { basePath: "/kv" }));
 * ```
 */
export function toConnectMiddleware(
  gateway: SecretsGateway,
  options: NodeGatewayOptions = {},
): (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void {
  const handler = toNodeHandler(gateway, options);
  const basePath = options.basePath ?? "";
  return (request, response, next) => {
    // Express keeps the full target in originalUrl when a router stripped a mount path from url.
    const full = (request as { originalUrl?: string }).originalUrl ?? request.url ?? "";
    const path = full.split("?")[0];
    if (basePath && path !== basePath && !path.startsWith(`${basePath}/`)) return next();
    request.url = full;
    handler(request, response).catch(next);
  };
}
