import type { TokenCredential } from "@azure/core-auth";
import {
  createEmptyPipeline,
  logPolicy,
  userAgentPolicy,
  type Pipeline,
  type PipelinePolicy,
} from "@azure/core-rest-pipeline";
import { SDK_VERSION } from "../shared/constants.js";
import { logger } from "../shared/logger.js";
import type { SecretClientOptions } from "../model/options.js";
import { challengeAuthPolicy } from "./policies/challengeAuthPolicy.js";
import { httpSpanPolicy } from "./policies/httpSpanPolicy.js";
import { keyVaultRetryPolicy } from "./policies/retryPolicy.js";
import { clientRequestIdPolicy } from "./policies/clientRequestIdPolicy.js";
import { learnedUserAgent, whenLogging } from "./policies/corePolicyWrappers.js";
import { failureExplanationPolicy, type NetworkErrorAdvice } from "./policies/timeoutPolicies.js";

/** Response headers Key Vault sends for diagnostics; logged unredacted (docs/service-behaviour.md#response-headers). @internal */
export const keyVaultAllowedHeaderNames = [
  "x-ms-keyvault-region",
  "x-ms-keyvault-network-info",
  "x-ms-keyvault-service-version",
  "x-ms-request-id",
  "x-ms-client-request-id",
];

/** Query parameters that carry no secrets and help when reading logs. @internal */
export const keyVaultAllowedQueryParameters = ["api-version", "maxresults", "outContentType"];

/**
 * The user agent this client sends: the caller's prefix first, then `keyvault-secrets-client/<version>`;
 * core appends its own and the platform's parts.
 * @internal
 */
export function userAgentPrefix(callerPrefix: string | undefined): string {
  const ours = `keyvault-secrets-client/${SDK_VERSION}`;
  return callerPrefix ? `${callerPrefix} ${ours}` : ours;
}

/** The policies only one platform has: Node's transport settings and redirect handling. @internal */
export interface PlatformPolicies {
  /** Policies that set the request's agent or TLS settings; they run first, as in core's default pipeline. */
  transport: PipelinePolicy[];
  /** Runs right after the tracing policy; browsers follow redirects inside fetch and have none. */
  redirect?: PipelinePolicy;
  /** Runs at the start of the Sign phase, before the challenge policy (log redaction of transport settings). */
  beforeSign?: PipelinePolicy;
  /** What to add to the message of a transport error, by its code (Node's codes; browsers have none). */
  networkErrorAdvice?: NetworkErrorAdvice;
}

/**
 * Builds the client's pipeline on core's `createEmptyPipeline` with only the policies a Key Vault client
 * needs, in the order `createPipelineFromOptions` would put them: the platform's transport policies,
 * user agent and client request id, the caller's perCall policies, our retry policy (Retry phase), the HTTP
 * span and redirect policies, the challenge policy (Sign phase), the log policy and the caller's perRetry
 * policies. Left out on purpose: core's form-data and multipart policies (this client sends JSON only) and
 * its decompression policy (see pipeline.ts).
 * @internal
 */
export function buildClientPipeline(
  credential: TokenCredential,
  options: SecretClientOptions,
  platform: PlatformPolicies,
): Pipeline {
  const loggingOptions = options.loggingOptions ?? {};
  const logOptions = {
    logger: loggingOptions.logger ?? logger.info,
    additionalAllowedHeaderNames: [
      ...keyVaultAllowedHeaderNames,
      ...(loggingOptions.additionalAllowedHeaderNames ?? []),
    ],
    additionalAllowedQueryParameters: [
      ...keyVaultAllowedQueryParameters,
      ...(loggingOptions.additionalAllowedQueryParameters ?? []),
    ],
  };
  const userAgentOptions = {
    ...options.userAgentOptions,
    userAgentPrefix: userAgentPrefix(options.userAgentOptions?.userAgentPrefix),
  };
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(failureExplanationPolicy(platform.networkErrorAdvice));
  for (const policy of platform.transport) pipeline.addPolicy(policy);
  pipeline.addPolicy(learnedUserAgent(userAgentPolicy(userAgentOptions)));
  pipeline.addPolicy(clientRequestIdPolicy(options.telemetryOptions?.clientRequestIdHeaderName));
  pipeline.addPolicy(keyVaultRetryPolicy(options.retryOptions), { phase: "Retry" });
  pipeline.addPolicy(httpSpanPolicy({ ...userAgentOptions, ...logOptions }), { afterPhase: "Retry" });
  if (platform.redirect) pipeline.addPolicy(platform.redirect, { afterPhase: "Retry" });
  if (platform.beforeSign) pipeline.addPolicy(platform.beforeSign, { phase: "Sign" });
  pipeline.addPolicy(
    challengeAuthPolicy(credential, {
      disableChallengeResourceVerification: options.disableChallengeResourceVerification,
      allowInsecureConnection: options.allowInsecureConnection,
    }),
    { phase: "Sign" },
  );
  pipeline.addPolicy(whenLogging(logPolicy(logOptions), logOptions.logger), { afterPhase: "Sign" });
  for (const { policy, position } of options.additionalPolicies ?? []) {
    // perRetry policies run after signing, so they see every attempt, as in core-client's pipelines.
    pipeline.addPolicy(policy, position === "perRetry" ? { afterPhase: "Sign" } : undefined);
  }
  return pipeline;
}
