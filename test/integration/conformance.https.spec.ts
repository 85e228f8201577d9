// Every conformance suite of test/emulator/conformance, run against real HTTPS emulators with raw
// node:https requests (the emulator CA as the only trust anchor, a valid bearer token on each request).
import { afterAll } from "vitest";
import type { VaultSettings } from "../../src/emulator/vault/vaultStore.js";
import { defineBackupRestoreConformance } from "../emulator/conformance/backupRestore.js";
import { defineListingConformance } from "../emulator/conformance/listing.js";
import { defineRequestValidationConformance } from "../emulator/conformance/requestValidation.js";
import { defineRoutingConformance } from "../emulator/conformance/routing.js";
import { defineSecretCrudConformance } from "../emulator/conformance/secretCrud.js";
import { defineSoftDeleteConformance } from "../emulator/conformance/softDelete.js";
import { createHttpsTarget, type HttpsTarget } from "../helpers/httpsTarget.js";

const started: HttpsTarget[] = [];
async function makeTarget(settings?: Partial<VaultSettings>): Promise<HttpsTarget> {
  const target = await createHttpsTarget(settings);
  started.push(target);
  return target;
}
afterAll(async () => {
  await Promise.all(started.map((target) => target.close()));
});

defineSecretCrudConformance(makeTarget);
defineListingConformance(makeTarget);
defineSoftDeleteConformance(makeTarget);
defineBackupRestoreConformance(makeTarget);
defineRequestValidationConformance(makeTarget);
defineRoutingConformance(makeTarget);
