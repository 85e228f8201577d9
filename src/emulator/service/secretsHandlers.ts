// Handlers of the /secrets routes: set, get, update, backup, restore and the two listings.
import { supportsOutContentType } from "../protocol/apiVersions.js";
import { openBackup, sealBackup } from "../vault/backupBlob.js";
import { secretBundle, secretId, secretItem, versionItem } from "./bundles.js";
import { jsonResponse, secretNameOf, type OperationCall } from "./handlerContext.js";
import { listingRequest, pageOf, sortedItemsAfter } from "./paging.js";
import { parseRestoreParameters, parseSetParameters, parseUpdateParameters } from "./requestValidation.js";
import { badParameter, secretDisabled } from "../protocol/serviceErrors.js";
import type { EmulatorResponse } from "../protocol/types.js";
import { currentVersion } from "../vault/vaultRecords.js";
import { keyOf } from "../vault/vaultStore.js";

const outContentTypes = ["application/x-pkcs12", "application/x-pem-file"];

/** PUT /secrets/{name}: a new current version; 200 with the value. */
export function setSecret(call: OperationCall): EmulatorResponse {
  const input = parseSetParameters(call.request.body);
  const { record, version } = call.store.setSecret(secretNameOf(call), input);
  return jsonResponse(200, secretBundle(call.bundle, record, version, true));
}

/**
 * GET /secrets/{name}[/{version}]: 200 with the value; 403 SecretDisabled for a disabled version (nbf and
 * exp are informational and not enforced). `outContentType` converts certificate-backed secrets only, and
 * the emulator stores no certificates, so a valid value is a 400 BadParameter (emulator choice); before
 * api-version 2025-06-01-preview the parameter does not exist and is ignored like any unknown parameter.
 */
export function getSecret(call: OperationCall): EmulatorResponse {
  const outContentType = supportsOutContentType(call.apiVersion) ? call.query.get("outContentType") : null;
  if (outContentType !== null && !outContentTypes.includes(outContentType)) {
    throw badParameter(
      `The outContentType '${outContentType}' is not supported; use one of ${outContentTypes.join(", ")}.`,
    );
  }
  const { record, version } = call.store.getVersion(secretNameOf(call), call.route.version);
  if (outContentType !== null) {
    throw badParameter("The outContentType parameter applies only to secrets that back a certificate.");
  }
  if (!version.enabled) throw secretDisabled();
  return jsonResponse(200, secretBundle(call.bundle, record, version, true));
}

/** PATCH /secrets/{name}/{version}: changes only the fields sent; 200 without the value. */
export function updateSecret(call: OperationCall): EmulatorResponse {
  const patch = parseUpdateParameters(call.request.body);
  const { record, version } = call.store.updateVersion(secretNameOf(call), call.route.version, patch);
  return jsonResponse(200, secretBundle(call.bundle, record, version, false));
}

/** POST /secrets/{name}/backup: every version, sealed into an opaque blob. */
export function backupSecret(call: OperationCall): EmulatorResponse {
  const record = call.store.getActive(secretNameOf(call));
  const versions = record.versions.map(({ sequence: _sequence, ...version }) => version);
  return jsonResponse(200, { value: sealBackup({ name: record.name, versions }, call.store.backupKey) });
}

/** POST /secrets/restore: recreates the secret with its original versions; 200 with the latest, no value. */
export function restoreSecret(call: OperationCall): EmulatorResponse {
  const backup = openBackup(parseRestoreParameters(call.request.body), call.store.backupKey);
  const latest = backup.versions[backup.versions.length - 1];
  const record = call.store.restoreSecret(backup, secretId(call.bundle.origin, backup.name, latest.version));
  return jsonResponse(200, secretBundle(call.bundle, record, currentVersion(record), false));
}

/** GET /secrets: active secrets by upper-cased name, base ids, current version's properties. */
export function getSecrets(call: OperationCall): EmulatorResponse {
  const page = pageOf(
    (after, count) => call.store.listActive(after as string | undefined, count),
    (record) => keyOf(record.name),
    (record) => secretItem(call.bundle, record),
    listingRequest(call, "secrets", "/secrets"),
  );
  return jsonResponse(200, page);
}

/** GET /secrets/{name}/versions: versions in creation order; an unknown name is an empty list, not 404. */
export function getSecretVersions(call: OperationCall): EmulatorResponse {
  const name = secretNameOf(call);
  const request = listingRequest(call, "versions", `/secrets/${encodeURIComponent(name)}/versions`);
  const record = call.store.findActive(name);
  const page = pageOf(
    sortedItemsAfter(record?.versions ?? [], (version) => version.sequence),
    (version) => version.sequence,
    (version) => versionItem(call.bundle, record!, version),
    request,
  );
  return jsonResponse(200, page);
}
