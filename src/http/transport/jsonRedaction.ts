const redactedJson = (): string => "[REDACTED]";

// core's logPolicy (and RestError's inspect) JSON-serialise the whole request, which would print
// `tlsSettings` (private key, pfx, passphrase) and the proxy `agent` (proxy URL with its password).
// A non-enumerable toJSON makes them print as "[REDACTED]" while object spreads — which is how core builds
// its https.Agent from tlsSettings — still see every real option. It sits on the transport floor because both
// the `*.localhost` agents here and the redaction policy in http/policies/ (a floor above) use it.
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
