import type { HttpMethods } from "@azure/core-rest-pipeline";
import type { GetSecretOptions, SetSecretOptions, UpdateSecretPropertiesOptions } from "../model/options.js";
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

// Every request but one (purge) succeeds with 200 only; one shared array, never modified.
const OK: readonly number[] = [200];

/**
 * A request for `method` on the vault path made of `segments`, each percent-encoded (an empty segment keeps
 * its slash: get-latest is `/secrets/{name}/`), expecting 200 unless `more` says otherwise.
 */
function vaultRequest(method: HttpMethods, segments: string[], more?: Partial<RequestSpec>): RequestSpec {
  let path = "";
  for (const segment of segments) path += "/" + encodeURIComponent(segment);
  return { method, path, expectedStatus: OK, ...more };
}

/** Date → whole seconds since the epoch, the service's "IntDate". */
function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * The JSON body of set and update: `start` (the value, for set), then the writable attributes, then content
 * type and tags when given. The key order is the order on the wire.
 */
function secretBody(
  start: { value?: string },
  options: SetSecretOptions | UpdateSecretPropertiesOptions,
): SecretSetParameters | SecretUpdateParameters {
  const attributes: WritableSecretAttributes = {};
  if (options.enabled !== undefined) attributes.enabled = options.enabled;
  if (options.notBefore !== undefined) attributes.nbf = toUnixSeconds(options.notBefore);
  if (options.expiresOn !== undefined) attributes.exp = toUnixSeconds(options.expiresOn);
  const body: SecretUpdateParameters = { ...start, attributes };
  if (options.contentType !== undefined) body.contentType = options.contentType;
  if (options.tags !== undefined) body.tags = options.tags;
  return body;
}

/** The first page of a listing: GET `segments`, with maxresults when a page size is given. */
function listRequest(segments: string[], maxPageSize: number | undefined): RequestSpec {
  const query = maxPageSize === undefined ? undefined : { maxresults: String(maxPageSize) };
  return vaultRequest("GET", segments, { query });
}

/** PUT /secrets/{name}: creates a new version. */
export function setSecretRequest(name: string, value: string, options: SetSecretOptions): RequestSpec {
  const body = secretBody({ value }, options);
  return vaultRequest("PUT", ["secrets", name], { body });
}

/** GET /secrets/{name}/{version}; an empty version reads the latest. */
export function getSecretRequest(name: string, options: GetSecretOptions): RequestSpec {
  const { version = "", outContentType } = options;
  const query = outContentType !== undefined ? { outContentType } : undefined;
  return vaultRequest("GET", ["secrets", name, version], { query });
}

/** PATCH /secrets/{name}/{version}: changes only the fields given. */
export function updateSecretPropertiesRequest(
  name: string,
  version: string,
  options: UpdateSecretPropertiesOptions,
): RequestSpec {
  const body = secretBody({}, options);
  return vaultRequest("PATCH", ["secrets", name, version], { body });
}

/** DELETE /secrets/{name}: deletes every version. */
export function deleteSecretRequest(name: string): RequestSpec {
  return vaultRequest("DELETE", ["secrets", name]);
}

/** GET /deletedsecrets/{name}. */
export function getDeletedSecretRequest(name: string): RequestSpec {
  return vaultRequest("GET", ["deletedsecrets", name]);
}

/** DELETE /deletedsecrets/{name}: answers 204 with no body. */
export function purgeDeletedSecretRequest(name: string): RequestSpec {
  return vaultRequest("DELETE", ["deletedsecrets", name], { expectedStatus: [204] });
}

/** POST /deletedsecrets/{name}/recover (no body). */
export function recoverDeletedSecretRequest(name: string): RequestSpec {
  return vaultRequest("POST", ["deletedsecrets", name, "recover"]);
}

/** POST /secrets/{name}/backup (no body). */
export function backupSecretRequest(name: string): RequestSpec {
  return vaultRequest("POST", ["secrets", name, "backup"]);
}

/** POST /secrets/restore with the blob as base64url. */
export function restoreSecretBackupRequest(backup: Uint8Array): RequestSpec {
  const body: SecretRestoreParameters = { value: toBase64Url(backup) };
  return vaultRequest("POST", ["secrets", "restore"], { body });
}

/** GET /secrets: the first page of the latest version of every secret. */
export function listSecretsRequest(maxPageSize?: number): RequestSpec {
  return listRequest(["secrets"], maxPageSize);
}

/** GET /secrets/{name}/versions: the first page of a secret's versions. */
export function listSecretVersionsRequest(name: string, maxPageSize?: number): RequestSpec {
  return listRequest(["secrets", name, "versions"], maxPageSize);
}

/** GET /deletedsecrets: the first page of deleted secrets. */
export function listDeletedSecretsRequest(maxPageSize?: number): RequestSpec {
  return listRequest(["deletedsecrets"], maxPageSize);
}

/** GET of a service-issued nextLink, verbatim (it already carries $skiptoken, maxresults and api-version). */
export function nextPageRequest(nextLink: string): RequestSpec {
  return { method: "GET", url: nextLink, expectedStatus: OK };
}
