import type { TokenCredential } from "@azure/core-auth";
import {
  createPipelineFromOptions,
  redirectPolicyName,
  tracingPolicyName,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import { SDK_VERSION } from "../constants.js";
import { logger } from "../logger.js";
import type { SecretClientOptions } from "../options.js";
import { challengeAuthPolicy } from "./challengeAuthPolicy.js";
import { httpSpanPolicy } from "./httpSpanPolicy.js";
import { keyVaultRetryPolicy } from "./throttlingRetryStrategy.js";
import { redactableTlsOptions, transportSettingsRedactionPolicy } from "./transportSettingsRedaction.js";

/** Response headers Key Vault sends for diagnostics; logged unredacted (keyvault-rest.md §9). @internal */
export const keyVaultAllowedHeaderNames = [
  "x-ms-keyvault-region",
  "x-ms-keyvault-network-info",
  "x-ms-keyvault-service-version",
  "x-ms-request-id",
  "x-ms-client-request-id",
];

/** Query parameters that carry no secrets and help when reading logs. @internal */
export const keyVaultAllowedQueryParameters = ["api-version", "maxresults", "outContentType"];

// The name core gives the retry policy createPipelineFromOptions adds; core does not export it.
const coreDefaultRetryPolicyName = "defaultRetryPolicy";

/**
 * The user agent this client sends: the caller's prefix first, then `keyvault-secrets-client/<version>`;
 * core appends its own and the platform's parts.
 * @internal
 */
export function userAgentPrefix(callerPrefix: string | undefined): string {
  const ours = `keyvault-secrets-client/${SDK_VERSION}`;
  return callerPrefix ? `${callerPrefix} ${ours}` : ours;
}

/**
 * Builds the client's pipeline once: core's standard set (request id, user agent, tracing, redirect, TLS,
 * proxy, log policy with the Key Vault header allow-list), our retry policy in place of core's default one,
 * the Key Vault challenge policy in the Sign phase, and the caller's additional policies.
 * @internal
 */
export function createSecretClientPipeline(
  credential: TokenCredential,
  options: SecretClientOptions,
): Pipeline {
  const loggingOptions = options.loggingOptions ?? {};
  const pipelineOptions = {
    ...options,
    tlsOptions: redactableTlsOptions(options.tlsOptions),
    userAgentOptions: {
      ...options.userAgentOptions,
      userAgentPrefix: userAgentPrefix(options.userAgentOptions?.userAgentPrefix),
    },
    loggingOptions: {
      logger: loggingOptions.logger ?? logger.info,
      additionalAllowedHeaderNames: [
        ...keyVaultAllowedHeaderNames,
        ...(loggingOptions.additionalAllowedHeaderNames ?? []),
      ],
      additionalAllowedQueryParameters: [
        ...keyVaultAllowedQueryParameters,
        ...(loggingOptions.additionalAllowedQueryParameters ?? []),
      ],
    },
  };
  const pipeline = createPipelineFromOptions(pipelineOptions);
  pipeline.removePolicy({ name: coreDefaultRetryPolicyName });
  pipeline.addPolicy(keyVaultRetryPolicy(options.retryOptions), { phase: "Retry" });
  // core's tracing policy, replaced by the same policy skipped for operations whose span does not record.
  // The redirect policy (Node only) is taken out and put back after it, which keeps core's order: retry,
  // tracing, redirect, then the Sign phase.
  pipeline.removePolicy({ name: tracingPolicyName });
  const [redirect] = pipeline.removePolicy({ name: redirectPolicyName });
  pipeline.addPolicy(
    httpSpanPolicy({ ...pipelineOptions.userAgentOptions, ...pipelineOptions.loggingOptions }),
    { afterPhase: "Retry" },
  );
  if (redirect && options.redirectOptions?.handleRedirects !== false) {
    pipeline.addPolicy(redirect, { afterPhase: "Retry" });
  }
  pipeline.addPolicy(transportSettingsRedactionPolicy(), { phase: "Sign" });
  pipeline.addPolicy(
    challengeAuthPolicy(credential, {
      disableChallengeResourceVerification: options.disableChallengeResourceVerification,
      allowInsecureConnection: options.allowInsecureConnection,
    }),
    { phase: "Sign" },
  );
  for (const { policy, position } of options.additionalPolicies ?? []) {
    // perRetry policies run after signing, so they see every attempt, as in core-client's pipelines.
    pipeline.addPolicy(policy, position === "perRetry" ? { afterPhase: "Sign" } : undefined);
  }
  return pipeline;
}
