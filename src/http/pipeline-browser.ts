// Browser variant of pipeline.ts, mapped over it by the package's "browser" export (see scripts/build.mjs).
// A browser has no agents, TLS settings or proxies to configure, and fetch follows redirects itself, so
// none of core's Node-only policies is imported here.
import type { TokenCredential } from "@azure/core-auth";
import type { Pipeline } from "@azure/core-rest-pipeline";
import type { SecretClientOptions } from "../model/options.js";
import { buildClientPipeline } from "./clientPipeline.js";

/**
 * Whether the environment names a proxy: never in a browser, whose proxy is the browser's own setting.
 * @internal
 */
export function environmentProxyConfigured(): boolean {
  return false;
}

/**
 * Builds the client's pipeline for browsers: the shared policies of {@link buildClientPipeline} only.
 * @internal
 */
export function createSecretClientPipeline(
  credential: TokenCredential,
  options: SecretClientOptions,
): Pipeline {
  return buildClientPipeline(credential, options, { transport: [] });
}
