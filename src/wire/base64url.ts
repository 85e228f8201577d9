/**
 * Isomorphic base64url (RFC 4648 §5, unpadded) for backup blobs. Uses atob/btoa, present in browsers and
 * Node ≥ 16, so the main entry imports no Node built-in.
 * @internal
 */

// btoa takes a "binary string"; building it in slices keeps String.fromCharCode's argument count bounded.
const SLICE = 0x8000;

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes base64url (padding optional; standard base64 `+`/`/` also accepted).
 * @throws RangeError when the text is not base64url; the text itself is never echoed.
 */
export function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(base64) || base64.length % 4 === 1) {
    throw new RangeError("The value is not valid base64url.");
  }
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) {
    bytes[index] = binary.charCodeAt(index);
  }
  return bytes;
}
