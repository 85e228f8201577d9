import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * Sends the request's id as `x-ms-client-request-id` (or the configured header) unless already set: what
 * core's setClientRequestIdPolicy does, under its name, without an async step per request.
 * @internal
 */
export function clientRequestIdPolicy(headerName = "x-ms-client-request-id"): PipelinePolicy {
  return {
    name: "setClientRequestIdPolicy",
    sendRequest(request, next) {
      if (!request.headers.has(headerName)) request.headers.set(headerName, request.requestId);
      return next(request);
    },
  };
}
