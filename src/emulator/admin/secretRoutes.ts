// The admin API's secret routes, under /api/vaults/{vault}/: the listing and one secret's versions, writes
// with the REST API's body shapes (so its checks and messages apply), soft delete, recover, purge, and
// the one route a value leaves by: reveal, which the live stream records without the value.
import { ServiceError } from "../protocol/serviceErrors.js";
import {
  parseSetParameters,
  parseUpdateParameters,
  validateSecretName,
} from "../service/requestValidation.js";
import type { VaultStore } from "../vault/vaultStore.js";
import { AdminError, ok, type AdminAnswer, type AdminContext, type AdminRequest } from "./adminContext.js";
import { listSecrets, secretView, versionView } from "./secretViews.js";

/** Handles `secrets/...` and `deleted/...` of vault `vault` (`rest` = the segments after the vault name). */
export async function secretRoute(
  context: AdminContext,
  vault: string,
  store: VaultStore,
  request: AdminRequest,
  rest: string[],
): Promise<AdminAnswer> {
  const [collection, name, sub, version] = rest;
  const route = `${request.method} ${[collection, name && ":name", sub, version && ":version"].filter(Boolean).join("/")}`;
  const mutate = async <T>(change: () => T): Promise<T> => {
    const result = serviceCall(change);
    await context.commit();
    return result;
  };
  store.sweep();
  switch (route) {
    case "GET secrets":
      return ok(listSecrets(store, request.query, false));
    case "GET deleted":
      return ok(listSecrets(store, request.query, true));
    case "GET secrets/:name": {
      const record = serviceCall(() => store.getActive(name!));
      return ok({ ...secretView(record), versions: record.versions.map(versionView).reverse() });
    }
    case "PUT secrets/:name": {
      serviceCall(() => validateSecretName(name!));
      const input = serviceCall(() => parseSetParameters(request.body));
      const { record, version: created } = await mutate(() => store.setSecret(name!, input));
      return ok({ ...secretView(record), version: created.version }, 201);
    }
    case "PATCH secrets/:name/versions/:version": {
      const patch = serviceCall(() => parseUpdateParameters(request.body));
      const { record } = await mutate(() => store.updateVersion(name!, version, patch));
      return ok(secretView(record));
    }
    case "POST secrets/:name/reveal": {
      const wanted = request.query.get("version") ?? undefined;
      const found = serviceCall(() => store.getVersion(name!, wanted));
      context.announce({
        kind: "admin",
        time: context.clock.now(),
        action: "reveal",
        vault,
        secretName: found.record.name,
        version: found.version.version,
      });
      return ok({ name: found.record.name, version: found.version.version, value: found.version.value });
    }
    case "DELETE secrets/:name":
      return ok(secretView(await mutate(() => store.deleteSecret(name!))));
    case "POST deleted/:name/recover":
      return ok(secretView(await mutate(() => store.recoverDeletedSecret(name!))));
    case "DELETE deleted/:name":
      await mutate(() => store.purgeDeletedSecret(name!, vault));
      return { status: 204, body: undefined };
  }
  throw new AdminError(404, `No admin route ${request.method} /api/vaults/${vault}/${rest.join("/")}`);
}

/** Runs a vault operation, turning the service's errors into admin errors with the same status and text. */
function serviceCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof ServiceError) throw new AdminError(error.status, `${error.code}: ${error.message}`);
    throw error;
  }
}
