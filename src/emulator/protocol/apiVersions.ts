/**
 * The `api-version` values the emulator accepts, oldest first. All of them serve the same secrets paths;
 * the order matters because some response fields are gated on a minimum version (docs/service-behaviour.md#api-versions).
 */
export const supportedApiVersions: readonly string[] = [
  "2015-06-01",
  "2016-10-01",
  "7.0",
  "7.1-preview",
  "7.1",
  "7.2-preview",
  "7.2",
  "7.3-preview",
  "7.3",
  "7.4-preview.1",
  "7.4",
  "7.5-preview.1",
  "7.5",
  "7.6-preview.1",
  "7.6-preview.2",
  "7.6",
  "2025-06-01-preview",
  "2025-07-01",
  "2026-01-01-preview",
  "2026-04-01",
];

/** The newest version, named in the "not recognized" error message. */
export const latestApiVersion = "2026-04-01";

/** Whether `apiVersion` is one the emulator serves (exact, case-sensitive match as the service does). */
export function isSupportedApiVersion(apiVersion: string): boolean {
  return supportedApiVersions.includes(apiVersion);
}

/** Whether a supported `apiVersion` is the same as or newer than `minimum`. */
export function apiVersionAtLeast(apiVersion: string, minimum: string): boolean {
  const index = supportedApiVersions.indexOf(apiVersion);
  const minimumIndex = supportedApiVersions.indexOf(minimum);
  if (minimumIndex < 0) throw new RangeError(`Unknown minimum api-version ${minimum}`);
  return index >= minimumIndex;
}

/** `attributes.recoverableDays` and the `CustomizedRecoverable*` levels exist from this version on. */
export function supportsRecoverableDays(apiVersion: string): boolean {
  return apiVersionAtLeast(apiVersion, "7.1-preview");
}

/** The `outContentType` query parameter (and `previousVersion`) exist from this version on. */
export function supportsOutContentType(apiVersion: string): boolean {
  return apiVersionAtLeast(apiVersion, "2025-06-01-preview");
}
