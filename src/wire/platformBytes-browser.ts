// Browser variant of platformBytes.ts: browsers have no Buffer, backups are plain Uint8Arrays.

/**
 * The bytes themselves: a browser has no Buffer.
 * @internal
 */
export function asPlatformBytes(bytes: Uint8Array): Uint8Array {
  return bytes;
}
