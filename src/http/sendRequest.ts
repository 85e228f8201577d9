import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type HttpHeaders,
  type RawHttpHeadersInput,
  type Pipeline,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { abortError, type AbortSignalLike } from "../shared/abort.js";
import type { FullOperationResponse, OperationOptions } from "../model/options.js";
import type { RequestSpec } from "../wire/requests.js";
import { markUnrecordedOperation } from "./policies/httpSpanPolicy.js";
import { createRestError } from "./restErrors.js";

/** What sendRequest needs from the client, fixed at construction. @internal */
export interface SendContext {
  pipeline: Pipeline;
  httpClient: HttpClient;
  /** The vault URL without trailing slash, e.g. `https://myvault.vault.azure.net` or `https://app.example/kv`. */
  vaultOrigin: string;
  /** The vault URL's own query without `?` ("" when none), kept on every request as the official client does. */
  vaultQuery: string;
  apiVersion: string;
  /** False when the client was built with `keepAliveOptions.enable: false`. */
  keepAlive: boolean;
  /** The client-level `allowInsecureConnection`: lets every request of the client use http. */
  allowInsecureConnection: boolean;
}

/**
 * Sends one request described by a {@link RequestSpec} through the client pipeline and returns its parsed
 * JSON body (undefined when empty). A status outside `spec.expectedStatus` becomes a RestError.
 * @internal
 */
export async function sendRequest(
  context: SendContext,
  spec: RequestSpec,
  options: OperationOptions,
  operationRecorded = true,
): Promise<unknown> {
  if (options.abortSignal?.aborted) throw abortError();
  const requestOptions = options.requestOptions ?? {};
  const headers = createHttpHeaders(spec.body === undefined ? acceptJson : acceptAndSendJson);
  if (requestOptions.headers) setAll(headers, requestOptions.headers);
  if (requestOptions.customHeaders) setAll(headers, requestOptions.customHeaders);

  const callerSignal = options.abortSignal;
  // Nearly always a native AbortSignal or none; only an AbortSignalLike needs a native one in front.
  const wrapped =
    callerSignal && !(callerSignal instanceof AbortSignal) ? nativeAbortSignal(callerSignal) : undefined;
  const request = createPipelineRequest({
    url: toUrl(context, spec),
    method: spec.method,
    headers,
    body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
    abortSignal: wrapped?.signal ?? callerSignal,
    timeout: requestOptions.timeout,
    tracingOptions: options.tracingOptions,
    allowInsecureConnection: requestOptions.allowInsecureConnection ?? context.allowInsecureConnection,
    onUploadProgress: requestOptions.onUploadProgress,
    onDownloadProgress: requestOptions.onDownloadProgress,
    disableKeepAlive: !context.keepAlive,
  });
  if (!operationRecorded) markUnrecordedOperation(request);
  let response: PipelineResponse;
  try {
    response = await context.pipeline.sendRequest(context.httpClient, request);
  } finally {
    wrapped?.cleanup();
  }
  const parsedBody = parseBody(response);
  const expected = spec.expectedStatus.includes(response.status);
  const error = expected ? undefined : createRestError(response, parsedBody);
  if (options.onResponse) {
    const full: FullOperationResponse = {
      ...response,
      rawHeaders: response.headers.toJSON(),
      parsedBody: parsedBody as FullOperationResponse["parsedBody"],
    };
    options.onResponse(full, error, error);
  }
  if (error) throw error;
  return parsedBody;
}

/** The absolute URL of a spec: vault URL + path + api-version, or a nextLink kept below the vault URL. */
function toUrl(context: SendContext, spec: RequestSpec): string {
  if (spec.url !== undefined) {
    const url = new URL(spec.url);
    // A nextLink comes from the service; never follow one to another host (which would receive the token)
    // or out of the vault URL's path.
    if (!(url.origin + url.pathname).startsWith(context.vaultOrigin + "/")) {
      throw new Error("Refused a nextLink to a different host or path than the vault URL.");
    }
    if (url.searchParams.has("api-version")) return spec.url;
    url.searchParams.set("api-version", context.apiVersion);
    return url.toString();
  }
  // Concatenated, with the encoding URLSearchParams would apply, instead of building one per request.
  const vaultQuery = context.vaultQuery && `${context.vaultQuery}&`;
  let url = `${context.vaultOrigin}${spec.path}?${vaultQuery}api-version=${formEncode(context.apiVersion)}`;
  if (spec.query) {
    for (const [name, value] of Object.entries(spec.query))
      url += `&${formEncode(name)}=${formEncode(value)}`;
  }
  return url;
}

/** application/x-www-form-urlencoded encoding of a query name or value, as URLSearchParams serializes it. */
function formEncode(text: string): string {
  return /^[A-Za-z0-9*\-._]*$/.test(text) ? text : new URLSearchParams({ _: text }).toString().slice(2);
}

const acceptJson = { Accept: "application/json" };
const acceptAndSendJson = { Accept: "application/json", "Content-Type": "application/json" };

function setAll(headers: HttpHeaders, values: RawHttpHeadersInput): void {
  for (const [name, value] of Object.entries(values)) headers.set(name, value);
}

/** Parses the JSON body once; an unparsable success body is a PARSE_ERROR, an unparsable error body is ignored. */
function parseBody(response: PipelineResponse): unknown {
  const text = response.bodyAsText;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    if (response.status >= 400) return undefined;
    throw createRestError(
      response,
      undefined,
      "The service returned a response body that is not valid JSON.",
      RestError.PARSE_ERROR,
    );
  }
}

/**
 * A native AbortSignal following the caller's signal, which may be any AbortSignalLike (such as one from
 * an older @azure/abort-controller): credentials and fetch need the native kind. What core's
 * wrapAbortSignalLikePolicy does in `createPipelineFromOptions`, done once per operation call.
 */
function nativeAbortSignal(signal: AbortSignalLike): { signal: AbortSignal; cleanup: () => void } {
  const controller = new AbortController();
  const forward = (): void => controller.abort((signal as { reason?: unknown }).reason);
  signal.addEventListener("abort", forward);
  return { signal: controller.signal, cleanup: () => signal.removeEventListener("abort", forward) };
}
