import type { PipelinePolicy, TlsSettings } from "@azure/core-rest-pipeline";
import { hideFromJson } from "../transport/jsonRedaction.js";

/** Name of the policy that keeps TLS keys and proxy credentials out of logs. */
export const transportSettingsRedactionPolicyName = "transportSettingsRedactionPolicy";

/**
 * A copy of the caller's TLS options that serialises as "[REDACTED]". Made once per client: core caches
 * its https.Agent by the identity of this object, so a copy per request would defeat keep-alive.
 * @internal
 */
export function redactableTlsOptions(tlsOptions: TlsSettings | undefined): TlsSettings | undefined {
  return tlsOptions ? hideFromJson({ ...tlsOptions }) : undefined;
}

/**
 * Marks the request's transport settings (TLS settings, proxy or custom agent) as unserialisable, so no log
 * line or error inspection can print their secrets. Runs after core's TLS and proxy policies and before its
 * log policy.
 * @internal
 */
export function transportSettingsRedactionPolicy(): PipelinePolicy {
  return {
    name: transportSettingsRedactionPolicyName,
    sendRequest(request, next) {
      if (request.tlsSettings) hideFromJson(request.tlsSettings);
      if (request.agent) hideFromJson(request.agent);
      return next(request);
    },
  };
}
