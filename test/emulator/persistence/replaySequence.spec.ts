// After a crash (no stop(), so no final snapshot), replaying the mutation log restores each vault's version
// sequence counter too: versions created after the restart get new sequence numbers, never reused ones
// (version listings and events order versions by them).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DurableState, loadDurableState } from "../../../src/emulator/persistence/durableState.js";
import { EmulatorClock } from "../../../src/emulator/vault/clock.js";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-replay-sequence-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** Durability for the given vaults on `dataFile`, as the emulator starts it. */
function startDurable(dataFile: string, vaults: { name: string; store: VaultStore }[]) {
  return DurableState.start(
    dataFile,
    loadDurableState(dataFile),
    () => vaults,
    () => ({
      schema: 3,
      tenantId: "tenant",
      tokenKey: Buffer.alloc(32, 1).toString("base64"),
      ca: { certificate: "certificate", privateKey: "key" },
      vaults: {
        defaultVault: "emulator",
        vaults: vaults.map(({ name, store }) => ({ name, state: store.snapshot() })),
      },
    }),
    (error) => {
      throw error;
    },
  );
}

const sequencesOf = (store: VaultStore, name: string): number[] =>
  store
    .snapshot()
    .secrets.find((secret) => secret.name === name)!
    .versions.map((version) => version.sequence);

describe("replaying the mutation log", () => {
  it("restores the version sequence counter, so new versions after a crash do not reuse numbers", async () => {
    const dataFile = join(directory, "vault.json");
    const store = new VaultStore(defaultVaultSettings, new EmulatorClock());
    const durable = await startDurable(dataFile, [{ name: "emulator", store }]);
    try {
      for (const value of ["v1", "v2"]) {
        store.setSecret("rotated", { value });
        await durable.commit();
      }

      // The crash: the snapshot still says sequence 0; only the log knows versions 1 and 2.
      const replayed = loadDurableState(dataFile)!.state.vaults.vaults[0]!.state;
      expect(replayed.sequence).toBe(2);
      const restarted = new VaultStore(defaultVaultSettings, new EmulatorClock(), replayed);
      restarted.setSecret("rotated", { value: "v3" });
      expect(sequencesOf(restarted, "rotated")).toEqual([1, 2, 3]);
    } finally {
      await durable.stop();
    }
  });

  it("restores the counter of a vault the log created", async () => {
    const dataFile = join(directory, "vault.json");
    const first = new VaultStore(defaultVaultSettings, new EmulatorClock());
    const vaults = [{ name: "emulator", store: first }];
    const durable = await startDurable(dataFile, vaults);
    try {
      const second = new VaultStore(defaultVaultSettings, new EmulatorClock());
      vaults.push({ name: "second", store: second });
      second.setSecret("in-second", { value: "v1" });
      await durable.commit();

      const replayed = loadDurableState(dataFile)!.state.vaults.vaults;
      expect(replayed.map((vault) => [vault.name, vault.state.sequence])).toEqual([
        ["emulator", 0],
        ["second", 1],
      ]);
    } finally {
      await durable.stop();
    }
  });
});
