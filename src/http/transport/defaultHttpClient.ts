// Node variant of the client's default transport (browsers get defaultHttpClient-browser.ts, the client's own
// fetch HttpClient). A lean HttpClient on node:http/node:https keep-alive agents for the requests this client
// sends — a JSON or empty body, the whole response read as text — and core's own Node HttpClient for every
// other request (streamed or binary bodies, progress callbacks, streamed responses, request overrides,
// multipart/form data, Expect: 100-continue), so each of core's behaviours stays reachable.
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
// Node's own timers, not whatever a test put on globalThis: every request carries the per-try timeout, and
// tests that make global timers fire at once (to skip retry back-offs) must not time requests out.
import { clearTimeout, setTimeout } from "node:timers";
import { createGunzip, createInflate } from "node:zlib";
import {
  createDefaultHttpClient,
  RestError,
  type HttpClient,
  type HttpHeaders,
  type PipelineRequest,
  type PipelineResponse,
  type TlsSettings,
} from "@azure/core-rest-pipeline";
import { abortError } from "../../shared/abort.js";
import { IncomingHeaders } from "./incomingHeaders.js";
import { requestTarget, type ParsedOrigin } from "./requestTarget.js";

/**
 * Whether the lean client sends `request` itself: everything it does not do is left to core's client.
 * @internal
 */
export function isLeanRequest(request: PipelineRequest): boolean {
  return (
    (request.body === undefined || request.body === null || typeof request.body === "string") &&
    !request.onUploadProgress &&
    !request.onDownloadProgress &&
    !request.streamResponseStatusCodes?.size &&
    !request.requestOverrides &&
    !request.formData &&
    !request.multipartBody &&
    !/100-continue/i.test(request.headers.get("Expect") ?? "")
  );
}

/** The agents of one client: keep-alive by default, one https agent per TLS settings object (as core). */
class Agents {
  private http?: HttpAgent;
  private httpNoKeepAlive?: HttpAgent;
  private readonly https = new WeakMap<TlsSettings, HttpsAgent>();
  private readonly httpsNoKeepAlive = new WeakMap<TlsSettings, HttpsAgent>();
  private readonly noTlsSettings: TlsSettings = {};

  of(request: PipelineRequest, secure: boolean): HttpAgent | HttpsAgent {
    if (request.agent) return request.agent as HttpAgent;
    const keepAlive = !request.disableKeepAlive;
    if (!secure) {
      return keepAlive
        ? (this.http ??= new HttpAgent({ keepAlive: true }))
        : (this.httpNoKeepAlive ??= new HttpAgent({ keepAlive: false }));
    }
    const tlsSettings = request.tlsSettings ?? this.noTlsSettings;
    const cache = keepAlive ? this.https : this.httpsNoKeepAlive;
    let agent = cache.get(tlsSettings);
    if (!agent) {
      agent = new HttpsAgent({ ...tlsSettings, keepAlive });
      cache.set(tlsSettings, agent);
    }
    return agent;
  }
}

function toRestError(error: Error & { code?: string }, request: PipelineRequest): Error {
  if (error.name === "AbortError" || error instanceof RestError) return error;
  return new RestError(error.message, { code: error.code ?? RestError.REQUEST_SEND_ERROR, request });
}

/**
 * The request's headers as the flat `[name, value, ...]` list node:http writes out as it is, Host first. With
 * an object, node:http copies each header into its own table (validating and lower-casing the name) and
 * looks for Host and Expect, for every request. Only for requests through our own agents: a proxy agent may
 * rewrite the headers of a request, which it can only do when they are kept in that table.
 */
function headerList(headers: HttpHeaders, host: string): string[] {
  const list = ["Host", host];
  for (const [name, value] of headers) list.push(name, value);
  return list;
}

/** The response body as text, decoded when the service says it is gzip or deflate encoded. */
function readText(response: IncomingMessage): Promise<string> {
  const encoding = response.headers["content-encoding"];
  const decoder = encoding === "gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : undefined;
  const stream = decoder ? response.pipe(decoder) : response;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const fail = (error: Error): void =>
      reject(
        error.name === "AbortError"
          ? error
          : new RestError(`Error reading response as text: ${error.message}`, {
              code: RestError.PARSE_ERROR,
            }),
      );
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", fail);
    if (decoder) response.on("error", fail);
    // A connection that closes before the body ended (the decoder would otherwise wait forever).
    response.on("close", () => {
      if (!response.complete) fail(new Error("The connection closed before the response ended."));
    });
  });
}

/**
 * The lean HttpClient for Node. Same contract as core's: abort signal and `timeout` reject with an
 * AbortError, transport failures with a RestError carrying the socket's error code, `agent` (a proxy
 * agent) and `tlsSettings` are honoured, `disableKeepAlive` really closes the connection.
 */
class LeanNodeHttpClient implements HttpClient {
  private readonly agents = new Agents();
  private readonly lastOrigin: { parsed?: ParsedOrigin } = {};
  private fallback?: HttpClient;

  sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    if (!isLeanRequest(request)) return (this.fallback ??= createDefaultHttpClient()).sendRequest(request);
    return this.send(request);
  }

  private send(request: PipelineRequest): Promise<PipelineResponse> {
    const signal = request.abortSignal;
    if (signal?.aborted) return Promise.reject(abortError());
    const secure = request.url.startsWith("https:");
    if (!secure && !request.allowInsecureConnection) {
      return Promise.reject(
        new Error(`Cannot connect to ${request.url} while allowInsecureConnection is false.`),
      );
    }
    const body = typeof request.body === "string" ? request.body : undefined;
    if (body !== undefined && !request.headers.has("Content-Length")) {
      request.headers.set("Content-Length", Buffer.byteLength(body));
    }
    return new Promise<PipelineResponse>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let response: IncomingMessage | undefined;
      const settle = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: Error): void => {
        settle();
        reject(error);
      };
      function onAbort(): void {
        const error = abortError();
        response?.destroy(error);
        clientRequest.destroy(error);
        fail(error);
      }
      const target = requestTarget(request.url, this.lastOrigin);
      const options: RequestOptions = target ?? {};
      // With a caller's or proxy agent, the TLS settings go with the request: a proxy agent passes them to
      // the TLS connection it opens through the tunnel (core's client drops them, with a warning).
      if (request.agent && request.tlsSettings) Object.assign(options, request.tlsSettings);
      options.method = request.method;
      options.agent = this.agents.of(request, secure);
      options.headers =
        target && !request.agent && !request.headers.has("Host")
          ? headerList(request.headers, this.lastOrigin.parsed!.host)
          : request.headers.toJSON({ preserveCase: true });
      const send = secure ? httpsRequest : httpRequest;
      const onResponse = (incoming: IncomingMessage): void => {
        response = incoming;
        const answer: PipelineResponse = {
          status: incoming.statusCode ?? 0,
          headers: new IncomingHeaders(incoming.headers),
          request,
        };
        if (request.method === "HEAD") {
          incoming.resume();
          settle();
          resolve(answer);
          return;
        }
        readText(incoming).then((text) => {
          settle();
          answer.bodyAsText = text;
          resolve(answer);
        }, fail);
      };
      const clientRequest =
        options.path === undefined ? send(request.url, options, onResponse) : send(options, onResponse);
      clientRequest.on("error", (error) => fail(toRestError(error, request)));
      signal?.addEventListener("abort", onAbort);
      if (request.timeout > 0) timer = setTimeout(onAbort, request.timeout);
      clientRequest.end(body);
    });
  }
}

/**
 * The transport a SecretClient uses when the options name none.
 * @internal
 */
export function createClientHttpClient(): HttpClient {
  return new LeanNodeHttpClient();
}
