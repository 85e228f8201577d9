// Headers the service puts on every response, 401s and errors included (docs/service-behaviour.md#response-headers).
import { randomUUID } from "node:crypto";
import type { EmulatorResponse } from "../protocol/types.js";

/** The service version the emulator reports in `x-ms-keyvault-service-version`. */
export const EMULATOR_SERVICE_VERSION = "1.9.2000.1";
/** The region the emulator reports in `x-ms-keyvault-region`. */
export const EMULATOR_REGION = "local";

/** What the common headers depend on besides the response itself. */
export interface CommonHeaderContext {
  /** The request's `x-ms-client-request-id`, echoed when present. */
  clientRequestId?: string;
  /** Whether the response travels over TLS (adds `strict-transport-security`). */
  secure: boolean;
  /** The caller's address as the service would see it, for `x-ms-keyvault-network-info`. */
  remoteAddress?: string;
}

/** Adds the service's common headers to `response` (in place) and returns it. */
export function addCommonHeaders(response: EmulatorResponse, context: CommonHeaderContext): EmulatorResponse {
  const headers = response.headers;
  headers["cache-control"] = "no-cache";
  headers["pragma"] = "no-cache";
  headers["expires"] = "-1";
  headers["x-ms-request-id"] = randomUUID();
  if (context.clientRequestId !== undefined) headers["x-ms-client-request-id"] = context.clientRequestId;
  headers["x-ms-keyvault-service-version"] = EMULATOR_SERVICE_VERSION;
  headers["x-ms-keyvault-region"] = EMULATOR_REGION;
  headers["x-ms-keyvault-network-info"] = networkInfo(context.remoteAddress ?? "127.0.0.1");
  headers["x-content-type-options"] = "nosniff";
  if (context.secure) headers["strict-transport-security"] = "max-age=31536000;includeSubDomains";
  return response;
}

function networkInfo(address: string): string {
  const mapped = address.startsWith("::ffff:") ? address.slice(7) : address;
  const v6 = mapped.includes(":");
  return `conn_type=${v6 ? "Ipv6" : "Ipv4"};addr=${mapped};act_addr_fam=${v6 ? "InterNetworkV6" : "InterNetwork"};`;
}
