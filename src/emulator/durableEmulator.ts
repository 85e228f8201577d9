// Wires an emulator's vaults to its data file: every vault's changes are committed to the mutation log
// before a response leaves, and snapshots hold every vault plus what must survive a restart.
import type { CertificateAndKey } from "./identity/certificates.js";
import type { EmulatorCore } from "./emulatorCore.js";
import { DurableState, type LoadedState } from "./persistence/durableState.js";

/** What the data file keeps besides the vaults. */
export interface KeptIdentity {
  ca: CertificateAndKey;
  identity: { port: number; header: string };
}

/** Starts durability for `core` on `dataFile` (state already loaded into `core` from `loaded`). */
export async function startDurability(
  dataFile: string,
  loaded: LoadedState | undefined,
  core: EmulatorCore,
  kept: KeptIdentity,
): Promise<DurableState> {
  const durable = await DurableState.start(
    dataFile,
    loaded,
    () => core.vaults.names().map((name) => ({ name, store: core.vaults.get(name)! })),
    () => ({
      schema: 3,
      tenantId: core.tokens.tenantId,
      tokenKey: core.tokenKey.toString("base64"),
      ca: kept.ca,
      identity: kept.identity,
      // Live records: the snapshot is stringified in the same tick (durableState.ts), so no copy is needed.
      vaults: core.vaults.snapshot({ live: true }),
    }),
    (error) => process.emitWarning(`keyvault-emulator could not compact its data file: ${error.message}`),
  );
  core.onMutation(() => durable.commit());
  return durable;
}
