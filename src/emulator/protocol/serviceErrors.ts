// The one table of Key Vault error responses on the server side. Texts marked "verbatim" are the service's
// own (docs/service-behaviour.md#errors); the others are emulator choices for cases where no real message was captured.
// No message ever includes a secret value, a tag value or a backup blob.
import type { EmulatorResponse } from "./types.js";

/** The region the emulator names in messages that quote one (the real service names the Azure region). */
export const emulatorRegion = "local";

/** A Key Vault error: HTTP status plus the `{"error":{code,message,innererror}}` body fields. */
export class ServiceError extends Error {
  /**
   * @param status - HTTP status code.
   * @param code - `error.code`.
   * @param message - `error.message`.
   * @param innerCode - `error.innererror.code`, when the service sends one.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

const notFoundTail =
  " was not found in this key vault. If you recently deleted this secret you may be able to recover it using" +
  " the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";

/** 404 SecretNotFound for a missing name, or `name/version` for a missing version (verbatim form). */
export function secretNotFound(nameOrId: string): ServiceError {
  return new ServiceError(404, "SecretNotFound", `A secret with (name/id) ${nameOrId}${notFoundTail}`);
}

/** 404 SecretNotFound from get-deleted and purge of a name that is not soft-deleted (verbatim). */
export function deletedSecretNotFound(name: string): ServiceError {
  return new ServiceError(404, "SecretNotFound", `Deleted Secret not found: ${name}`);
}

/** 403 Forbidden / SecretDisabled on reading the value of a disabled version (verbatim). */
export function secretDisabled(): ServiceError {
  return new ServiceError(
    403,
    "Forbidden",
    "Operation get is not allowed on a disabled secret.",
    "SecretDisabled",
  );
}

/** 409 Conflict / ObjectIsDeletedButRecoverable on setting a soft-deleted name (verbatim). */
export function deletedButRecoverable(name: string): ServiceError {
  return new ServiceError(
    409,
    "Conflict",
    `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this` +
      " state, the secret can only be recovered or purged.",
    "ObjectIsDeletedButRecoverable",
  );
}

/** 409 Conflict / ObjectIsBeingDeleted while a delete or purge is propagating (verbatim short form). */
export function beingDeleted(): ServiceError {
  return new ServiceError(409, "Conflict", "Secret is currently being deleted.", "ObjectIsBeingDeleted");
}

/** 409 Conflict / ObjectIsBeingRecovered while a recovery is propagating (verbatim). */
export function beingRecovered(name: string): ServiceError {
  return new ServiceError(
    409,
    "Conflict",
    `Secret ${name} is currently being recovered and cannot be re-created; retry later.`,
    "ObjectIsBeingRecovered",
  );
}

/** 409 Conflict on restoring a name that exists in any state (verbatim; `secretId` is the versioned id). */
export function restoreConflict(secretId: string): ServiceError {
  return new ServiceError(
    409,
    "Conflict",
    `Conflict while restoring secret ${secretId} - secret already exists or concurrent access`,
  );
}

/** 403 Forbidden on purge in a vault with purge protection (verbatim, with the vault and region filled in). */
export function purgeProtected(vaultName: string): ServiceError {
  return new ServiceError(
    403,
    "Forbidden",
    'Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service' +
      " will automatically purge it after the retention period has passed.\r\n" +
      `Vault: ${vaultName};location=${emulatorRegion}`,
  );
}

/** 400 BadParameter for a name outside `^[0-9a-zA-Z-]{1,127}$` (verbatim). */
export function invalidName(name: string): ServiceError {
  return badParameter(`The request URI contains an invalid name: ${name}`);
}

/** 400 BadParameter for an api-version the emulator does not serve (verbatim). */
export function unknownApiVersion(apiVersion: string, latestApiVersion: string): ServiceError {
  return badParameter(
    `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version` +
      ` (${latestApiVersion}).`,
  );
}

/**
 * 400 BadParameter for a request without `api-version`. The real text was never captured; the service has no
 * default version, so the emulator refuses rather than guessing one.
 */
export function missingApiVersion(latestApiVersion: string): ServiceError {
  return badParameter(
    `The api-version query parameter is required. Consider using the latest supported version (${latestApiVersion}).`,
  );
}

/** 400 BadParameter with an emulator-chosen message (request validation). */
export function badParameter(message: string): ServiceError {
  return new ServiceError(400, "BadParameter", message);
}

/** 400 "Malformed backup blob" for a restore of foreign, tampered or garbled bytes (verbatim, code included). */
export function malformedBackup(): ServiceError {
  return new ServiceError(400, "Malformed backup blob", "Backup blob contains invalid or corrupt version.");
}

/** 404 for a path that is no Key Vault secrets route (emulator choice). */
export function unknownRoute(): ServiceError {
  return new ServiceError(
    404,
    "NotFound",
    "The requested URI does not represent any resource on the server.",
  );
}

/**
 * 404 VaultNotFound for a host naming a vault this emulator does not have (emulator choice: the service
 * would fail at DNS). The message names the known vaults and both ways to add one.
 */
export function unknownVault(name: string, known: readonly string[], reason?: string): ServiceError {
  return new ServiceError(
    404,
    "VaultNotFound",
    `This emulator has no vault named "${name}"${reason ? ` (${reason})` : ""}; its vaults are: ` +
      `${known.join(", ")}. Create it with --vault ${name} or emulator.vaults.create("${name}"), ` +
      `or start the emulator with --create-vaults-on-first-use.`,
  );
}

/** 405 for a known route called with a method it does not support (emulator choice). */
export function methodNotAllowed(method: string): ServiceError {
  return new ServiceError(
    405,
    "MethodNotAllowed",
    `The requested resource does not support http method '${method}'.`,
  );
}

// The service's answers to throttling and to its own transient failures: the throttle answers 429 with the
// first; fault rules answer any of them (or another status, with a generic code) unless a rule names its own.
const TRANSIENT_ERRORS: Readonly<Record<number, { code: string; message: string }>> = {
  429: {
    code: "Throttled",
    message:
      "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached",
  },
  500: {
    code: "InternalServerError",
    message: "The server encountered an internal error. Please retry the request.",
  },
  502: { code: "BadGateway", message: "The server received an invalid response from an upstream server." },
  503: { code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please retry later." },
  504: {
    code: "GatewayTimeout",
    message: "The server did not receive a timely response from an upstream server.",
  },
};

/** 429 Throttled, as the service answers a vault over its request limits (no Retry-After). */
export function throttled(): ServiceError {
  return statusError(429);
}

/**
 * The error the service answers with `status` (429 and the transient 5xx statuses verbatim), or a generic
 * `Http<status>` error for any other status an injected fault names.
 */
export function statusError(status: number, code?: string, message?: string): ServiceError {
  const known = TRANSIENT_ERRORS[status];
  return new ServiceError(
    status,
    code ?? known?.code ?? `Http${status}`,
    message ?? known?.message ?? "Injected fault.",
  );
}

/** 500 for an emulator bug; deliberately generic so no internal detail (or request data) leaks. */
export function internalError(): ServiceError {
  return new ServiceError(500, "InternalServerError", "The emulator failed to process the request.");
}

/** The JSON body the service sends for `error`. */
export function errorBody(error: ServiceError): string {
  const inner = error.innerCode === undefined ? {} : { innererror: { code: error.innerCode } };
  return JSON.stringify({ error: { code: error.code, message: error.message, ...inner } });
}

/** The response for `error`, with the service's JSON content type. */
export function errorResponse(error: ServiceError): EmulatorResponse {
  return {
    status: error.status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: errorBody(error),
  };
}
