import type { HttpMethods } from "@azure/core-rest-pipeline";
import type { GetSecretOptions, SetSecretOptions, UpdateSecretPropertiesOptions } from "../options.js";
import { toBase64Url } from "./base64url.js";
import type {
  SecretRestoreParameters,
  SecretSetParameters,
  SecretUpdateParameters,
  WritableSecretAttributes,
} from "./wireTypes.js";

/**
 * Everything the wire needs to know about one request, decided in one place: sendRequest only adds the
 * vault URL, the api-version and the per-call options.
 * @internal
 */
export interface RequestSpec {
  method: HttpMethods;
  /** Path below the vault URL, each segment already percent-encoded; or undefined when `url` is set. */
  path?: string;
  /** An absolute URL to request verbatim (a service-issued nextLink). */
  url?: string;
  /** Query parameters other than api-version. */
  query?: Record<string, string>;
  /** The JSON body, if any. */
  body?: unknown;
  /** The statuses that mean success; anything else becomes a RestError. */
  expectedStatus: readonly number[];
}

/** Joins path segments, percent-encoding each; an empty segment keeps its slash (get-latest is `/secrets/{name}/`). */
function toPath(...segments: string[]): string {
  let path = "";
  for (const segment of segments) path += "/" + encodeURIComponent(segment);
  return path;
}

/** Date → whole seconds since the epoch, the service's "IntDate". */
function toUnixSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : Math.floor(date.getTime() / 1000);
}

function toWritableAttributes(options: {
  enabled?: boolean;
  notBefore?: Date;
  expiresOn?: Date;
}): WritableSecretAttributes {
  const attributes: WritableSecretAttributes = {};
  if (options.enabled !== undefined) attributes.enabled = options.enabled;
  const nbf = toUnixSeconds(options.notBefore);
  if (nbf !== undefined) attributes.nbf = nbf;
  const exp = toUnixSeconds(options.expiresOn);
  if (exp !== undefined) attributes.exp = exp;
  return attributes;
}

function pageQuery(maxPageSize: number | undefined): Record<string, string> | undefined {
  return maxPageSize === undefined ? undefined : { maxresults: String(maxPageSize) };
}

/** PUT /secrets/{name}: creates a new version. */
export function setSecretRequest(name: string, value: string, options: SetSecretOptions): RequestSpec {
  const body: SecretSetParameters = { value, attributes: toWritableAttributes(options) };
  if (options.contentType !== undefined) body.contentType = options.contentType;
  if (options.tags !== undefined) body.tags = options.tags;
  return { method: "PUT", path: toPath("secrets", name), body, expectedStatus: [200] };
}

/** GET /secrets/{name}/{version}; an empty version reads the latest. */
export function getSecretRequest(name: string, options: GetSecretOptions): RequestSpec {
  const query = options.outContentType !== undefined ? { outContentType: options.outContentType } : undefined;
  return {
    method: "GET",
    path: toPath("secrets", name, options.version ?? ""),
    query,
    expectedStatus: [200],
  };
}

/** PATCH /secrets/{name}/{version}: changes only the fields given. */
export function updateSecretPropertiesRequest(
  name: string,
  version: string,
  options: UpdateSecretPropertiesOptions,
): RequestSpec {
  const body: SecretUpdateParameters = { attributes: toWritableAttributes(options) };
  if (options.contentType !== undefined) body.contentType = options.contentType;
  if (options.tags !== undefined) body.tags = options.tags;
  return { method: "PATCH", path: toPath("secrets", name, version), body, expectedStatus: [200] };
}

/** DELETE /secrets/{name}: deletes every version. */
export function deleteSecretRequest(name: string): RequestSpec {
  return { method: "DELETE", path: toPath("secrets", name), expectedStatus: [200] };
}

/** GET /deletedsecrets/{name}. */
export function getDeletedSecretRequest(name: string): RequestSpec {
  return { method: "GET", path: toPath("deletedsecrets", name), expectedStatus: [200] };
}

/** DELETE /deletedsecrets/{name}: answers 204 with no body. */
export function purgeDeletedSecretRequest(name: string): RequestSpec {
  return { method: "DELETE", path: toPath("deletedsecrets", name), expectedStatus: [204] };
}

/** POST /deletedsecrets/{name}/recover (no body). */
export function recoverDeletedSecretRequest(name: string): RequestSpec {
  return { method: "POST", path: toPath("deletedsecrets", name, "recover"), expectedStatus: [200] };
}

/** POST /secrets/{name}/backup (no body). */
export function backupSecretRequest(name: string): RequestSpec {
  return { method: "POST", path: toPath("secrets", name, "backup"), expectedStatus: [200] };
}

/** POST /secrets/restore with the blob as base64url. */
export function restoreSecretBackupRequest(backup: Uint8Array): RequestSpec {
  const body: SecretRestoreParameters = { value: toBase64Url(backup) };
  return { method: "POST", path: toPath("secrets", "restore"), body, expectedStatus: [200] };
}

/** GET /secrets: the first page of the latest version of every secret. */
export function listSecretsRequest(maxPageSize?: number): RequestSpec {
  return { method: "GET", path: toPath("secrets"), query: pageQuery(maxPageSize), expectedStatus: [200] };
}

/** GET /secrets/{name}/versions: the first page of a secret's versions. */
export function listSecretVersionsRequest(name: string, maxPageSize?: number): RequestSpec {
  return {
    method: "GET",
    path: toPath("secrets", name, "versions"),
    query: pageQuery(maxPageSize),
    expectedStatus: [200],
  };
}

/** GET /deletedsecrets: the first page of deleted secrets. */
export function listDeletedSecretsRequest(maxPageSize?: number): RequestSpec {
  return {
    method: "GET",
    path: toPath("deletedsecrets"),
    query: pageQuery(maxPageSize),
    expectedStatus: [200],
  };
}

/** GET of a service-issued nextLink, verbatim (it already carries $skiptoken, maxresults and api-version). */
export function nextPageRequest(nextLink: string): RequestSpec {
  return { method: "GET", url: nextLink, expectedStatus: [200] };
}
