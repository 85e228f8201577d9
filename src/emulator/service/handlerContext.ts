import type { BundleContext } from "./bundles.js";
import type { RouteMatch } from "./router.js";
import type { EmulatorRequest, EmulatorResponse } from "../protocol/types.js";
import type { VaultStore } from "../vault/vaultStore.js";

/** Everything an operation handler gets: the routed, version-checked request and the vault. */
export interface OperationCall {
  request: EmulatorRequest;
  store: VaultStore;
  route: RouteMatch;
  /** The validated api-version. */
  apiVersion: string;
  /** Query parameters with percent-decoded keys and values. */
  query: URLSearchParams;
  /** What the bundle builders need: origin, api-version, settings. */
  bundle: BundleContext;
}

/** A handler for one operation. Failures are thrown as `ServiceError`s. */
export type OperationHandler = (call: OperationCall) => EmulatorResponse;

/** A JSON response with the service's content type. */
export function jsonResponse(status: number, body: unknown): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  };
}

/** A body-less 204 (purge): no content type, no body. */
export function noContentResponse(): EmulatorResponse {
  return { status: 204, headers: {} };
}

/** The decoded secret name of a route that has one (routing guarantees it for these operations). */
export function secretNameOf(call: OperationCall): string {
  const name = call.route.secretName;
  if (name === undefined) throw new Error(`route for ${call.route.operation} has no secret name`);
  return name;
}
