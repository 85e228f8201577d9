// Shared contract between the emulator's pure request handler (router, store, handlers) and the adapters
// around it (HTTPS server, in-process HttpClient, auth, faults, journal, persistence).
// Nothing in src/emulator may import from the client side of src/ (a serialization bug must not be
// mirrored on both sides).

/** The Key Vault secrets operations, named as in the REST specification. */
export type OperationName =
  | "setSecret"
  | "getSecret"
  | "updateSecret"
  | "deleteSecret"
  | "getDeletedSecret"
  | "purgeDeletedSecret"
  | "recoverDeletedSecret"
  | "backupSecret"
  | "restoreSecret"
  | "getSecrets"
  | "getSecretVersions"
  | "getDeletedSecrets";

/** A request as the emulator sees it, independent of the transport that carried it. */
export interface EmulatorRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The full request URL (origin, raw path, raw query). */
  url: URL;
  /** Request headers with lower-case names. */
  headers: Record<string, string>;
  /** Raw request body text; `""` when the request had none. */
  body: string;
}

/** A response produced by the emulator, independent of the transport that will carry it. */
export interface EmulatorResponse {
  status: number;
  /** Response headers with lower-case names. */
  headers: Record<string, string>;
  /** Response body text; absent for body-less responses (e.g. 204). */
  body?: string;
}

/** A source of the current time in milliseconds since the epoch. */
export interface TimeSource {
  now(): number;
}
