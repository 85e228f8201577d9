import type { PipelinePolicy, TlsSettings } from "@azure/core-rest-pipeline";

/** Name of the policy that keeps TLS keys and proxy credentials out of logs. */
export const transportSettingsRedactionPolicyName = "transportSettingsRedactionPolicy";

const redactedJson = (): string => "[REDACTED]";

// core's logPolicy (and RestError's inspect) JSON-serialise the whole request, which would print
// `tlsSettings` (private key, pfx, passphrase) and the proxy `agent` (proxy URL with its password).
// A non-enumerable toJSON makes them print as "[REDACTED]" while object spreads — which is how core builds
// its https.Agent from tlsSettings — still see every real option.
/**
 * Makes `value` serialise as "[REDACTED]" (a non-enumerable `toJSON`), leaving every property readable.
 * @internal
 */
export function hideFromJson<T extends object>(value: T): T {
  if (!Object.prototype.hasOwnProperty.call(value, "toJSON")) {
    Object.defineProperty(value, "toJSON", { value: redactedJson, enumerable: false, configurable: true });
  }
  return value;
}

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
