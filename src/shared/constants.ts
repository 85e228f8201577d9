/**
 * The version of this package, sent in the `User-Agent` header.
 * Kept equal to package.json's version by a test.
 */
export const SDK_VERSION = "1.0.0-beta.1";

/**
 * The Key Vault service versions this client can talk to.
 */
export const SUPPORTED_API_VERSIONS = [
  "7.0",
  "7.1",
  "7.2",
  "7.3",
  "7.4",
  "7.5",
  "7.6",
  "2025-07-01",
  "2026-04-01",
] as const;

/**
 * The service version sent when none is configured: the same default as `@azure/keyvault-secrets` 4.12.0.
 */
export const LATEST_API_VERSION = "2026-04-01";
