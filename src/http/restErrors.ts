import {
  createHttpHeaders,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import type { KeyVaultErrorBody } from "../wire/wireTypes.js";

/**
 * Turns a response with an unexpected status into the `RestError` callers of `@azure/keyvault-secrets`
 * expect: `statusCode`, `code` = the service's `error.code`, `message` = its `error.message`, and `details` =
 * the parsed error body (with `innererror`, which tells `SecretDisabled` from a permission 403).
 * The attached request has neither body nor Authorization header, so no secret value or token can leak
 * through the error.
 * @internal
 */
export function createRestError(response: PipelineResponse, parsedBody: unknown): RestError {
  const detail = (parsedBody as KeyVaultErrorBody | undefined)?.error ?? undefined;
  const message =
    typeof detail?.message === "string" && detail.message
      ? detail.message
      : `The service answered with unexpected status code ${response.status}.`;
  const request = withoutCredentials(response.request);
  const error = new RestError(message, {
    code: typeof detail?.code === "string" ? detail.code : undefined,
    statusCode: response.status,
    request,
    response: { ...response, request },
  });
  error.details = parsedBody;
  return error;
}

/**
 * A copy of a request without body and without Authorization header, safe to attach to errors.
 * @internal
 */
export function withoutCredentials(request: PipelineRequest): PipelineRequest {
  const headers = createHttpHeaders(request.headers.toJSON());
  headers.delete("Authorization");
  return { ...request, body: undefined, headers };
}
