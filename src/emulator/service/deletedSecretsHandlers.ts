// Handlers of the soft-delete life cycle: delete (on /secrets), get deleted, purge, recover, list deleted.
import { deletedSecretBundle, deletedSecretItem, secretBundle } from "./bundles.js";
import { jsonResponse, noContentResponse, secretNameOf, type OperationCall } from "./handlerContext.js";
import { listingRequest, pageOf } from "./paging.js";
import type { EmulatorResponse } from "../protocol/types.js";
import { currentVersion } from "../vault/vaultRecords.js";
import { keyOf } from "../vault/vaultStore.js";

/** DELETE /secrets/{name}: soft-deletes every version; 200 with the deleted bundle (no value). */
export function deleteSecret(call: OperationCall): EmulatorResponse {
  const record = call.store.deleteSecret(secretNameOf(call));
  return jsonResponse(200, deletedSecretBundle(call.bundle, record));
}

/** GET /deletedsecrets/{name}: 200 once the deletion has propagated, 404 before and for unknown names. */
export function getDeletedSecret(call: OperationCall): EmulatorResponse {
  const record = call.store.getDeleted(secretNameOf(call));
  return jsonResponse(200, deletedSecretBundle(call.bundle, record));
}

/** DELETE /deletedsecrets/{name}: 204 without body; 403 under purge protection. */
export function purgeDeletedSecret(call: OperationCall): EmulatorResponse {
  call.store.purgeDeletedSecret(secretNameOf(call), call.request.url.hostname);
  return noContentResponse();
}

/** POST /deletedsecrets/{name}/recover: all versions come back; 200 with the latest bundle, no value. */
export function recoverDeletedSecret(call: OperationCall): EmulatorResponse {
  const record = call.store.recoverDeletedSecret(secretNameOf(call));
  return jsonResponse(200, secretBundle(call.bundle, record, currentVersion(record), false));
}

/** GET /deletedsecrets: propagated soft-deleted secrets by upper-cased name. */
export function getDeletedSecrets(call: OperationCall): EmulatorResponse {
  const page = pageOf(
    (after, count) => call.store.listDeleted(after as string | undefined, count),
    (record) => keyOf(record.name),
    (record) => deletedSecretItem(call.bundle, record),
    listingRequest(call, "deletedsecrets", "/deletedsecrets"),
  );
  return jsonResponse(200, page);
}
