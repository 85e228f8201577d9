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
 * the parsed error body (with `innererror`, which tells `SecretDisabled` from a permission 403). A permission
 * 403 (`AccessDenied`, `ForbiddenByRbac`) gets one line before the service's text naming the identity and
 * the permission or role action it lacks.
 * The attached request has neither body nor Authorization header, so no secret value or token can leak
 * through the error.
 * @param fallback - The message when the body has none.
 * @param fallbackCode - The `code` when the body has none.
 * @internal
 */
export function createRestError(
  response: PipelineResponse,
  parsedBody: unknown,
  fallback = `The service answered with unexpected status code ${response.status}.`,
  fallbackCode?: string,
): RestError {
  const detail = (parsedBody as KeyVaultErrorBody | undefined)?.error ?? undefined;
  let message = typeof detail?.message === "string" && detail.message ? detail.message : fallback;
  // A permission 403 names the caller and what it lacks deep in the service's text (RBAC's is nine lines):
  // one line up front says both (docs/service-behaviour.md#errors).
  const lacks =
    /((?:name=[^;]*;)?appid=[^;]*;oid=[^;']*)[^]*?(secrets \w+ permission|Microsoft\.KeyVault[^']+)/.exec(
      message,
    );
  if (lacks) message = `${lacks[1]} lacks ${lacks[2]}.\n${message}`;
  const request = withoutCredentials(response.request);
  const error = new RestError(message, {
    code: typeof detail?.code === "string" ? detail.code : fallbackCode,
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
