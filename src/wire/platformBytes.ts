// Node variant (browsers get platformBytes-browser.ts through the package's "browser" export).

/** Node's Buffer where the runtime has one (Node, Bun, Deno); read from globalThis so nothing is imported. */
const NodeBuffer = (
  globalThis as { Buffer?: { from(bytes: ArrayBuffer, offset: number, length: number): Uint8Array } }
).Buffer;

/**
 * The bytes as a `Buffer` sharing their memory (no copy), as `@azure/keyvault-secrets` returns backups, so
 * `backup.toString("base64")` works; the bytes themselves where the runtime has no Buffer.
 * @internal
 */
export function asPlatformBytes(bytes: Uint8Array): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length) : bytes;
}
