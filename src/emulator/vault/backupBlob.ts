// Backup blobs: opaque to clients, authenticated by the vault. Layout (then base64url without padding):
//   0x29 "AzureKeyVaultSecretBackupV1.microsoft.com" | format byte 0x01 | 12-byte IV | AES-256-GCM ciphertext
//   | 16-byte GCM tag
// The prefix imitates the real service's blobs; the rest is the emulator's own. GCM authenticates the prefix
// too (as additional data), so any change to any byte makes the blob "Malformed backup blob".
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { secretNamePattern } from "../protocol/secretLimits.js";
import { malformedBackup } from "../protocol/serviceErrors.js";
import type { BackedUpSecret, BackedUpVersion } from "./vaultRecords.js";

const prefix = Buffer.concat([
  Buffer.from([0x29]),
  Buffer.from("AzureKeyVaultSecretBackupV1.microsoft.com", "ascii"),
  Buffer.from([0x01]),
]);
const ivLength = 12;
const tagLength = 16;

/** Seals `secret` (all versions, values and times) into a base64url blob only `key` can open. */
export function sealBackup(secret: BackedUpSecret, key: Buffer): string {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(prefix);
  const body = Buffer.concat([cipher.update(JSON.stringify(secret), "utf8"), cipher.final()]);
  return Buffer.concat([prefix, iv, body, cipher.getAuthTag()]).toString("base64url");
}

/**
 * Opens a blob made by {@link sealBackup} with the same key. Anything else (garbage, another vault's
 * key, a changed byte, a wrong shape) throws the service's 400 "Malformed backup blob".
 */
export function openBackup(blob: string, key: Buffer): BackedUpSecret {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(blob)) throw malformedBackup();
  const bytes = Buffer.from(blob, "base64url");
  if (
    bytes.length < prefix.length + ivLength + tagLength ||
    !bytes.subarray(0, prefix.length).equals(prefix)
  ) {
    throw malformedBackup();
  }
  const iv = bytes.subarray(prefix.length, prefix.length + ivLength);
  const body = bytes.subarray(prefix.length + ivLength, bytes.length - tagLength);
  let secret: unknown;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(prefix);
    decipher.setAuthTag(bytes.subarray(bytes.length - tagLength));
    secret = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8"));
  } catch {
    throw malformedBackup();
  }
  if (!isBackedUpSecret(secret)) throw malformedBackup();
  return secret;
}

function isBackedUpSecret(value: unknown): value is BackedUpSecret {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<BackedUpSecret>;
  return (
    typeof candidate.name === "string" &&
    secretNamePattern.test(candidate.name) &&
    Array.isArray(candidate.versions) &&
    candidate.versions.length > 0 &&
    candidate.versions.every(isBackedUpVersion)
  );
}

function isBackedUpVersion(value: unknown): value is BackedUpVersion {
  if (typeof value !== "object" || value === null) return false;
  const version = value as Partial<BackedUpVersion>;
  return (
    typeof version.version === "string" &&
    /^[0-9a-f]{32}$/.test(version.version) &&
    typeof version.value === "string" &&
    typeof version.enabled === "boolean" &&
    Number.isInteger(version.created) &&
    Number.isInteger(version.updated)
  );
}
