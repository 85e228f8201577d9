// Node's codes for a server certificate that does not chain to a trusted root.
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);

/**
 * Node only (browsers report every network failure as one opaque fetch error, without these codes): what
 * went wrong and what to do, for the message of a transport error with Node's `code` — a host that does not
 * resolve, a refused connection, an untrusted certificate; undefined for other codes.
 * @param vault - The origin the request went to.
 * @param elapsed - How long the call took, retries included, e.g. "4.1 s".
 * @internal
 */
export function networkErrorAdvice(
  code: string | undefined,
  vault: string,
  elapsed: string,
): string | undefined {
  if (code === "ENOTFOUND") {
    return `The host of ${vault} does not resolve: check the vault URL / name (a vault named "myvault" is https://myvault.vault.azure.net). Not retried.`;
  }
  if (code === "ECONNREFUSED") {
    return `Nothing accepted the connection to ${vault} (refused, ${elapsed} with retries): check the vault URL and port, and that the server (or the emulator) is running.`;
  }
  if (code && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return `Node does not trust the TLS certificate of ${vault}. For the local emulator, start Node with NODE_EXTRA_CA_CERTS=<the CA file the emulator prints> (or pass tlsOptions: { ca }); for a real vault, a TLS-inspecting proxy is in the way: add your organization's root CA to NODE_EXTRA_CA_CERTS. Do not set NODE_TLS_REJECT_UNAUTHORIZED=0.`;
  }
  return undefined;
}
