// Node variant of the client pipeline. Browsers get pipeline-browser.ts instead (the package's "browser"
// export maps every `*-browser` file over its Node twin; see scripts/build.mjs), so nothing here reaches a
// browser bundle.
import type { TokenCredential } from "@azure/core-auth";
import {
  agentPolicy,
  proxyPolicy,
  redirectPolicy,
  tlsPolicy,
  type Pipeline,
  type PipelinePolicy,
} from "@azure/core-rest-pipeline";
import type { SecretClientOptions } from "../model/options.js";
import { buildClientPipeline } from "./clientPipeline.js";
import { localhostResolutionPolicy } from "./transport/localhostResolution.js";
import { environmentNoProxyList } from "./transport/loopbackProxyBypass.js";
import { networkErrorAdvice } from "./policies/networkErrorAdvice.js";
import { redirectWhenRedirected } from "./policies/corePolicyWrappers.js";
import {
  redactableTlsOptions,
  transportSettingsRedactionPolicy,
} from "./policies/transportSettingsRedaction.js";

// The variables core's proxy policy reads (each also in lower case); NO_PROXY is applied by that policy.
const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"];

/**
 * Whether the environment names a proxy, read once when the client is built (as core does). Guarded for
 * runtimes that load the Node build without a `process` object.
 * @internal
 */
export function environmentProxyConfigured(): boolean {
  const env = typeof process === "object" ? process.env : undefined;
  return !!env && PROXY_VARIABLES.some((name) => env[name] || env[name.toLowerCase()]);
}

/**
 * Builds the client's pipeline for Node: the shared policies of {@link buildClientPipeline} plus, only when
 * the options or the environment ask for them, core's agent, TLS and proxy policies; the resolution of
 * `*.localhost` vault hosts to loopback (browsers do that themselves); and core's redirect policy unless
 * `redirectOptions.handleRedirects` is false.
 *
 * No decompression policy: it only adds `Accept-Encoding: gzip,deflate`. Key Vault answers are small JSON
 * documents, its documentation mentions no response compression, and a server has no reason to compress
 * what was not asked for compressed (not checked against a real vault). Should a response still say it is
 * gzip or deflate encoded, the default transport (defaultHttpClient.ts) decodes it.
 * @internal
 */
export function createSecretClientPipeline(
  credential: TokenCredential,
  options: SecretClientOptions,
): Pipeline {
  const transport: PipelinePolicy[] = [];
  if (options.agent) transport.push(agentPolicy(options.agent));
  if (options.tlsOptions) transport.push(tlsPolicy(redactableTlsOptions(options.tlsOptions)));
  if (options.proxyOptions) transport.push(proxyPolicy(options.proxyOptions));
  else if (environmentProxyConfigured()) {
    transport.push(proxyPolicy(undefined, { customNoProxyList: environmentNoProxyList(process.env) }));
  }
  const redactTransportSettings = transport.length > 0;
  // Last, so an agent set above wins; the agents it makes for *.localhost hosts are redacted already.
  transport.push(localhostResolutionPolicy());
  return buildClientPipeline(credential, options, {
    transport,
    redirect:
      options.redirectOptions?.handleRedirects === false
        ? undefined
        : redirectWhenRedirected(redirectPolicy(options.redirectOptions)),
    beforeSign: redactTransportSettings ? transportSettingsRedactionPolicy() : undefined,
    networkErrorAdvice,
  });
}
