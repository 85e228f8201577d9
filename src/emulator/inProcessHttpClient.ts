// An HttpClient (core-rest-pipeline) that hands requests straight to the emulator's dispatcher: no
// sockets, no TLS, same pipeline of auth, faults, handler and journal as the HTTPS server.
import {
  RestError,
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { Readable } from "node:stream";
// Node's own timers, not whatever a test put on globalThis: every request carries the client's per-try
// timeout, and tests that make global timers fire at once (to skip back-offs) must not time requests out.
import { clearTimeout, setTimeout } from "node:timers";
import type { Dispatcher } from "./transport/dispatcher.js";

/** Thrown when the caller's abort signal or the request timeout ends a request (named like core's). */
export class EmulatorAbortError extends Error {
  constructor(message = "The operation was aborted.") {
    super(message);
    this.name = "AbortError";
  }
}

/** Dispatches pipeline requests in-process. */
export class InProcessHttpClient implements HttpClient {
  /** @param dispatcher - The emulator pipeline requests go into. */
  constructor(private readonly dispatcher: Dispatcher) {}

  /** Sends a request; honours `abortSignal` and `timeout` like core's clients (AbortError). */
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    if (request.abortSignal?.aborted) {
      throw new EmulatorAbortError("The operation was aborted. Request has already been canceled.");
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    request.abortSignal?.addEventListener("abort", onAbort, { once: true });
    const timer = request.timeout > 0 ? setTimeout(onAbort, request.timeout) : undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener("abort", () => reject(new EmulatorAbortError()), { once: true });
    });
    aborted.catch(() => undefined); // observed below; avoid an unhandled rejection when not raced
    try {
      const url = new URL(request.url);
      const outcome = await Promise.race([
        this.dispatcher.dispatch({
          method: request.method.toUpperCase(),
          url,
          headers: request.headers.toJSON(),
          readBody: () => bodyText(request.body),
          secure: url.protocol === "https:",
          signal: controller.signal,
        }),
        aborted,
      ]);
      if (outcome.kind === "aborted") throw new EmulatorAbortError();
      if (outcome.kind === "reset") {
        throw new RestError("Connection reset by the emulator (injected fault).", {
          code: RestError.REQUEST_SEND_ERROR,
          request,
        });
      }
      const { status, headers, body } = outcome.response;
      const text = body ?? "";
      const responseHeaders = createHttpHeaders(headers);
      if (body !== undefined) responseHeaders.set("content-length", String(Buffer.byteLength(text)));
      const response: PipelineResponse = { request, status, headers: responseHeaders };
      if (request.streamResponseStatusCodes?.has(status)) {
        response.readableStreamBody = Readable.from([Buffer.from(text, "utf8")]);
      } else {
        response.bodyAsText = text;
      }
      return response;
    } finally {
      if (timer) clearTimeout(timer);
      request.abortSignal?.removeEventListener("abort", onAbort);
    }
  }
}

async function bodyText(body: PipelineRequest["body"]): Promise<string> {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (typeof body === "function") return bodyText(body() as PipelineRequest["body"]);
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString("utf8");
  if (ArrayBuffer.isView(body))
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.text();
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}
