// Browser variant of defaultHttpClient.ts (mapped in by the package's "browser" export, which Deno, Bun and
// Cloudflare Workers take too): a compact HttpClient on fetch in place of core's fetch client, which is the
// largest module of the browser bundle. It keeps every behaviour of core's client a request can reach, and
// unlike it clears its timeout and abort listener as soon as the body was read or the request failed.
import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { abortError } from "../../shared/abort.js";
import { progressStream } from "./progressStream.js";

/**
 * Whether the default transport sends `request` with its own code: in a browser the fetch client sends
 * every request itself.
 * @internal
 */
export function isLeanRequest(_request: PipelineRequest): boolean {
  return true;
}

/** A failure to reach the server as core reports it: the runtime's error code (or its cause's) when it has one. */
function sendError(error: unknown, request: PipelineRequest): Error {
  const { message, code, cause } = error as Error & { code?: unknown; cause?: { code?: unknown } };
  const causeCode = cause?.code;
  return new RestError(`Error sending request: ${message}`, {
    code:
      typeof code === "string"
        ? code
        : typeof causeCode === "string"
          ? causeCode
          : RestError.REQUEST_SEND_ERROR,
    request,
  });
}

/** A Node.js stream (or a polyfill of one), which fetch cannot send. */
function isNodeStream(body: unknown): boolean {
  const stream = body as { pipe?: unknown; read?: unknown } | null | undefined;
  return typeof stream?.pipe === "function" && typeof stream.read === "function";
}

/** What fetch sends for the request's body (a function is called for a fresh body, as core does). */
function fetchBody(request: PipelineRequest): unknown {
  const body: unknown = typeof request.body === "function" ? request.body() : request.body;
  if (isNodeStream(body)) throw new Error("Node streams are not supported in browser environment.");
  if (body instanceof ReadableStream && request.onUploadProgress) {
    return progressStream(body, request.onUploadProgress);
  }
  // fetch refuses a view of a SharedArrayBuffer; core sends a copy of its bytes.
  if (ArrayBuffer.isView(body) && !(body.buffer instanceof ArrayBuffer)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice();
  }
  return body;
}

async function sendWithFetch(request: PipelineRequest): Promise<PipelineResponse> {
  const overrides = request.requestOverrides;
  let headers: Headers;
  try {
    headers = new Headers(
      overrides && "headers" in overrides
        ? (overrides.headers as HeadersInit)
        : request.headers.toJSON({ preserveCase: true }),
    );
  } catch (error) {
    throw sendError(error, request);
  }
  if (headers.has("expect")) throw new Error("The Expect header is not supported by the Fetch HttpClient.");
  if (new URL(request.url).protocol !== "https:" && !request.allowInsecureConnection) {
    throw new Error(`Cannot connect to ${request.url} while allowInsecureConnection is false.`);
  }
  if (request.proxySettings) throw new Error("HTTP proxy is not supported in browser environment");
  const callerSignal = request.abortSignal;
  if (callerSignal?.aborted) {
    throw abortError("The operation was aborted. Request has already been canceled.");
  }

  const controller = new AbortController();
  let abortedWith: Error | undefined;
  const abort = (message: string): void => {
    abortedWith ??= abortError(message);
    controller.abort(abortedWith);
  };
  const onCallerAbort = (): void => abort("The operation was aborted.");
  const timeout = request.timeout;
  const timer =
    timeout > 0 ? setTimeout(() => abort(`The request timed out after ${timeout} ms.`), timeout) : undefined;
  /** Ends the request: no timer, no listener left; a body that failed after an abort fails with its reason. */
  const finish = (error?: unknown): unknown => {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
    return abortedWith ?? error;
  };
  callerSignal?.addEventListener("abort", onCallerAbort);

  try {
    const body = fetchBody(request);
    const init: RequestInit & { duplex?: "half" } = {
      method: request.method,
      signal: controller.signal,
      body: body as BodyInit | undefined,
    };
    // fetch must be told a stream body is sent while the response may already arrive.
    if (body instanceof ReadableStream) init.duplex = "half";
    // Only fields a runtime knows: Cloudflare Workers throw on some RequestInit fields ("credentials" on
    // older compatibility dates). "same-origin", fetch's default, needs no field.
    if (request.withCredentials && "credentials" in Request.prototype) init.credentials = "include";
    if ("cache" in Request.prototype) init.cache = "no-store";
    const response = await fetch(request.url, { ...init, ...overrides, headers });
    // fetch reports no upload progress; a Blob is known to be sent whole once the response came.
    if (body instanceof Blob) request.onUploadProgress?.({ loadedBytes: body.size });

    const responseHeaders = createHttpHeaders();
    response.headers.forEach((value, name) => responseHeaders.set(name, value));
    const result: PipelineResponse = { request, status: response.status, headers: responseHeaders };
    const streamCodes = request.streamResponseStatusCodes;
    const streamed = streamCodes?.has(Number.POSITIVE_INFINITY) || streamCodes?.has(response.status);
    const onProgress = request.onDownloadProgress;
    if (streamed && request.enableBrowserStreams) {
      // The caller reads this body: the timeout and the abort listener hold until it ended, failed or was
      // cancelled.
      if (response.body) result.browserStreamBody = progressStream(response.body, onProgress, finish);
      else finish();
      return result;
    }
    const whole =
      onProgress && response.body ? new Response(progressStream(response.body, onProgress)) : response;
    if (streamed) {
      result.blobBody = whole.blob().then(
        (blob) => {
          finish();
          return blob;
        },
        (error: unknown) => {
          throw finish(error);
        },
      );
      return result;
    }
    result.bodyAsText = await whole.text();
    finish();
    return result;
  } catch (error) {
    finish();
    if (abortedWith) throw abortedWith;
    throw (error as Error | undefined)?.name === "AbortError" ? error : sendError(error, request);
  }
}

/**
 * The transport a SecretClient uses when the options name none: fetch, with core's contract — abort signal
 * and `timeout` (no complete response, body included, in time) reject with an AbortError, a failure to
 * reach the server with a RestError `REQUEST_SEND_ERROR` (or the runtime's code).
 * @internal
 */
export function createClientHttpClient(): HttpClient {
  return { sendRequest: sendWithFetch };
}
