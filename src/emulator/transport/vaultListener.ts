// Turns node:http requests into dispatcher requests and dispatcher outcomes into socket writes.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "./dispatcher.js";
import { ServiceError } from "../protocol/serviceErrors.js";

/** Larger bodies are refused: the biggest legitimate one is a restore of a many-version backup blob. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The request listener of the vault server.
 *
 * @param dispatcher - The emulator pipeline.
 * @param secure - Whether the listener is HTTPS (URLs and `strict-transport-security`).
 */
export function vaultRequestListener(dispatcher: Dispatcher, secure: boolean) {
  const scheme = secure ? "https" : "http";
  return (request: IncomingMessage, response: ServerResponse): void => {
    let url: URL;
    try {
      // Concatenated, not resolved: a path starting with "//" (SDKs sometimes send one) would otherwise
      // be read as a network-path reference naming another host.
      const target = request.url ?? "/";
      if (!target.startsWith("/")) throw new TypeError("not an origin-form request target");
      url = new URL(`${scheme}://${request.headers.host ?? "127.0.0.1"}${target}`);
    } catch {
      response
        .writeHead(400, { "content-type": "text/plain; charset=utf-8" })
        .end("Bad request URL or Host header.");
      return;
    }
    void dispatcher
      .dispatch({
        method: (request.method ?? "GET").toUpperCase(),
        url,
        headers: flatHeaders(request.headers),
        readBody: () => readBody(request),
        secure,
        remoteAddress: request.socket.remoteAddress,
        // Only latency and hang faults wait on it, so it is built on first use (off the hot path).
        get signal() {
          return disconnectSignal(response);
        },
      })
      .then((outcome) => {
        if (outcome.kind === "reset") {
          resetConnection(request);
          return;
        }
        if (outcome.kind === "aborted") {
          response.destroy();
          return;
        }
        const { status, headers, body } = outcome.response;
        if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
        response.writeHead(status, headers);
        response.end(body);
      })
      .catch(() => response.destroy());
  };
}

/** Sends a TCP RST where the socket type allows it (plain TCP); TLS sockets are closed abruptly instead. */
function resetConnection(request: IncomingMessage): void {
  try {
    request.socket.resetAndDestroy();
  } catch {
    request.socket.destroy();
  }
}

/** A signal that aborts when the client goes away before the response has been sent. */
function disconnectSignal(response: ServerResponse): AbortSignal {
  const gone = new AbortController();
  if (response.destroyed) gone.abort();
  response.on("close", () => {
    if (!response.writableFinished) gone.abort();
  });
  return gone.signal;
}

function flatHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function readBody(request: IncomingMessage): Promise<string> {
  // The common case (GET, DELETE, body-less probes) needs no stream listeners at all.
  const length = request.headers["content-length"];
  if ((length === undefined || length === "0") && request.headers["transfer-encoding"] === undefined) {
    return Promise.resolve("");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        request.removeAllListeners("data");
        request.resume();
        reject(
          new ServiceError(413, "BadParameter", `The request body exceeds ${MAX_REQUEST_BODY_BYTES} bytes.`),
        );
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
