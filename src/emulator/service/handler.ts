// The emulator's pure request handler: (request, store, store clock) in, response out. Authentication,
// common headers, faults and transport are the adapters' business; this answers authenticated requests.
import { isSupportedApiVersion, latestApiVersion } from "../protocol/apiVersions.js";
import * as deleted from "./deletedSecretsHandlers.js";
import type { OperationCall, OperationHandler } from "./handlerContext.js";
import { validateSecretName } from "./requestValidation.js";
import { matchRoute } from "./router.js";
import * as secrets from "./secretsHandlers.js";
import {
  errorResponse,
  internalError,
  methodNotAllowed,
  missingApiVersion,
  ServiceError,
  unknownApiVersion,
  unknownRoute,
} from "../protocol/serviceErrors.js";
import type { EmulatorRequest, EmulatorResponse, OperationName } from "../protocol/types.js";
import type { VaultStore } from "../vault/vaultStore.js";

export { identifyOperation } from "./router.js";

/** The outcome of {@link handleVaultRequest}: the response plus what the journal wants to know. */
export interface HandledRequest {
  /** Status, headers (content type on JSON bodies) and body text. */
  response: EmulatorResponse;
  /** The operation, when the route matched one. */
  operation?: OperationName;
  /** The percent-decoded secret name from the path, when the route has one. */
  secretName?: string;
  /** The `api-version` query value as sent (present even when it was rejected). */
  apiVersion?: string;
}

const handlers: Record<OperationName, OperationHandler> = {
  setSecret: secrets.setSecret,
  getSecret: secrets.getSecret,
  updateSecret: secrets.updateSecret,
  backupSecret: secrets.backupSecret,
  restoreSecret: secrets.restoreSecret,
  getSecrets: secrets.getSecrets,
  getSecretVersions: secrets.getSecretVersions,
  deleteSecret: deleted.deleteSecret,
  getDeletedSecret: deleted.getDeletedSecret,
  purgeDeletedSecret: deleted.purgeDeletedSecret,
  recoverDeletedSecret: deleted.recoverDeletedSecret,
  getDeletedSecrets: deleted.getDeletedSecrets,
};

/**
 * Answers one authenticated vault request against `store`, on the store's clock. Never throws: every
 * failure becomes a Key Vault error body (an emulator bug becomes a generic 500 without details).
 */
export function handleVaultRequest(request: EmulatorRequest, store: VaultStore): HandledRequest {
  const query = request.url.searchParams;
  const apiVersion = query.get("api-version") ?? undefined;
  const route = matchRoute(request.method, request.url.pathname);
  if (route.kind !== "matched") {
    const error = route.kind === "notFound" ? unknownRoute() : methodNotAllowed(request.method.toUpperCase());
    return withApiVersion({ response: errorResponse(error) }, apiVersion);
  }
  const { operation, secretName } = route.match;
  const handled: HandledRequest = withApiVersion(
    { response: { status: 0, headers: {} }, operation },
    apiVersion,
  );
  if (secretName !== undefined) handled.secretName = secretName;
  try {
    // The service has no default version; a missing one is refused like an unknown one (emulator choice
    // of message: the real text was never captured).
    if (apiVersion === undefined) throw missingApiVersion(latestApiVersion);
    if (!isSupportedApiVersion(apiVersion)) throw unknownApiVersion(apiVersion, latestApiVersion);
    if (secretName !== undefined) validateSecretName(secretName);
    store.sweep();
    const call: OperationCall = {
      request,
      store,
      route: route.match,
      apiVersion,
      query,
      bundle: { origin: request.url.origin, apiVersion, settings: store.settings },
    };
    handled.response = handlers[operation](call);
  } catch (error) {
    handled.response = errorResponse(error instanceof ServiceError ? error : internalError());
  }
  return handled;
}

function withApiVersion(handled: HandledRequest, apiVersion: string | undefined): HandledRequest {
  if (apiVersion !== undefined) handled.apiVersion = apiVersion;
  return handled;
}
