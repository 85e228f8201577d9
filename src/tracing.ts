import { createTracingClient } from "@azure/core-tracing";
import { SDK_VERSION } from "./constants.js";

/**
 * The tracing client behind the `SecretClient.<method>` spans. Without an OpenTelemetry instrumenter
 * registered, core-tracing's no-op implementation makes each span nearly free.
 * @internal
 */
export const tracingClient = createTracingClient({
  namespace: "Microsoft.KeyVault",
  packageName: "keyvault-secrets-client",
  packageVersion: SDK_VERSION,
});
