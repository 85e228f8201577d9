// Browser variant of defaultHttpClient.ts (mapped in by the package's "browser" export): core's fetch client.
import { createDefaultHttpClient, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * Whether the lean Node client would send `request` itself; there is none in a browser.
 * @internal
 */
export function isLeanRequest(_request: PipelineRequest): boolean {
  return false;
}

/**
 * The transport a SecretClient uses when the options name none: core's fetch-based client.
 * @internal
 */
export function createClientHttpClient(): HttpClient {
  return createDefaultHttpClient();
}
