// The durable state's files, one case at a time: which log generations are replayed and in what order, what
// a commit writes (and does not), vaults created and deleted through the log, when compaction starts, and
// what start() and stop() leave on disk.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataFileError } from "../../../src/emulator/persistence/dataFile.js";
import { DataFileLock } from "../../../src/emulator/persistence/dataFileLock.js";
import {
  DurableState,
  loadDurableState,
  logPathOf,
  openDataFile,
} from "../../../src/emulator/persistence/durableState.js";
import { EmulatorClock } from "../../../src/emulator/vault/clock.js";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore.js";
import type { VaultSnapshot } from "../../../src/emulator/vault/vaultStore.js";
import { settle } from "../../helpers/capturedTimers";

let directory: string;
let dataFile: string;
const running: DurableState[] = [];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-durable-files-"));
  dataFile = join(directory, "vault.json");
});
afterEach(async () => {
  for (const durable of running.splice(0)) await durable.stop().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
});

type Vaults = { name: string; store: VaultStore }[];
const BACKUP_KEY = Buffer.alloc(32, 9).toString("base64");

const newStore = (snapshot?: VaultSnapshot) =>
  new VaultStore(defaultVaultSettings, new EmulatorClock(), snapshot);

/** Starts durability over `vaults` as the emulator does (loading whatever is on disk first). */
async function start(
  vaults: Vaults,
  onError: (error: Error) => void = (error) => {
    throw error;
  },
): Promise<DurableState> {
  const durable = await DurableState.start(
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
    onError,
  );
  running.push(durable);
  return durable;
}

/** The log lines of `generation`, parsed. */
const logLines = (generation = 0): unknown[] =>
  readFileSync(logPathOf(dataFile, generation), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));

const versionChange = (name: string, value: string, sequence: number) => ({
  op: "version",
  key: name.toUpperCase(),
  name,
  version: { version: `v${sequence}`, sequence, value, enabled: true, created: 1, updated: 1 },
});

/** A snapshot file of one empty vault "emulator" whose logs start at `logGeneration`. */
function writeSnapshot(logGeneration: number): void {
  const state = { schema: 1, backupKey: BACKUP_KEY, sequence: 0, secrets: [], purges: [] };
  writeFileSync(
    dataFile,
    JSON.stringify({
      schema: 3,
      logGeneration,
      tenantId: "tenant",
      tokenKey: Buffer.alloc(32, 1).toString("base64"),
      ca: { certificate: "certificate", privateKey: "key" },
      vaults: { defaultVault: "emulator", vaults: [{ name: "emulator", state }] },
    }),
  );
}

const valuesOf = (state: VaultSnapshot | undefined) =>
  Object.fromEntries((state?.secrets ?? []).map((secret) => [secret.name, secret.versions.at(-1)!.value]));

describe("loadDurableState", () => {
  it("replays the logs of the snapshot's generation and later, in numeric order, and appends to the newest", () => {
    writeSnapshot(2);
    const line = (name: string, value: string, sequence: number) =>
      JSON.stringify([{ vault: "emulator", sequence, changes: [versionChange(name, value, sequence)] }]) +
      "\n";
    writeFileSync(logPathOf(dataFile, 1), line("older", "not replayed", 1));
    writeFileSync(logPathOf(dataFile, 2), line("db", "from 2", 1));
    writeFileSync(logPathOf(dataFile, 10), line("db", "from 10", 2));
    writeFileSync(logPathOf(dataFile, 9), line("db", "from 9", 3));
    for (const stray of ["vault.json.log.x1", "vault.json.log.1.bak", "other.json.log.11"]) {
      writeFileSync(join(directory, stray), "not a log of this data file");
    }

    const loaded = loadDurableState(dataFile)!;
    expect(loaded.generation).toBe(10);
    expect(loaded.snapshotExists).toBe(true);
    expect(valuesOf(loaded.state.vaults.vaults[0]!.state)).toEqual({ db: "from 10" });
  });

  it("appends to the snapshot's generation when there is no log", () => {
    writeSnapshot(4);
    expect(loadDurableState(dataFile)).toMatchObject({ generation: 4, snapshotExists: true });
  });

  it("refuses a log without its snapshot, naming both", () => {
    writeFileSync(logPathOf(dataFile, 0), "");
    expect(() => loadDurableState(dataFile)).toThrow(DataFileError);
    expect(() => loadDurableState(dataFile)).toThrow(
      `it is missing, but its mutation log ${logPathOf(dataFile, 0)} exists`,
    );
  });

  it("skips log entries of a vault it does not know instead of failing the start", () => {
    writeSnapshot(0);
    writeFileSync(
      logPathOf(dataFile, 0),
      JSON.stringify([{ vault: "ghost", sequence: 1, changes: [versionChange("a", "b", 1)] }]) + "\n",
    );
    expect(loadDurableState(dataFile)!.state.vaults.vaults.map((vault) => vault.name)).toEqual(["emulator"]);
  });
});

describe("openDataFile", () => {
  it("takes the lock and loads the state", () => {
    writeSnapshot(0);
    const { lock, loaded } = openDataFile(dataFile);
    expect(existsSync(DataFileLock.pathOf(dataFile))).toBe(true);
    expect(loaded).toMatchObject({ generation: 0, snapshotExists: true });
    lock.release();
  });

  it("releases the lock again when the data file cannot be loaded", () => {
    writeFileSync(dataFile, "{ not json");
    expect(() => openDataFile(dataFile)).toThrow(DataFileError);
    expect(existsSync(DataFileLock.pathOf(dataFile))).toBe(false);
  });
});

describe("DurableState.commit", () => {
  it("logs only the vaults that changed, without settings, and nothing when nothing changed", async () => {
    const first = newStore();
    const second = newStore();
    const durable = await start([
      { name: "emulator", store: first },
      { name: "second", store: second },
    ]);
    await durable.commit();
    expect(statSync(logPathOf(dataFile, 0)).size).toBe(0);

    second.setSecret("db", { value: "v" });
    await durable.commit();
    const [line] = logLines() as { vault: string; created?: unknown }[][];
    expect(line!.map((entry) => entry.vault)).toEqual(["second"]);
    expect(line![0]).not.toHaveProperty("created");
  });

  it("resolves a commit with nothing new only once an earlier commit's line is on disk", async () => {
    // The registry's listener commits a settings change and the admin API commits again before it answers:
    // that second, empty commit must not let the answer out before the first one's line is written.
    const store = newStore();
    const durable = await start([{ name: "emulator", store }]);
    store.setSecret("db", { value: "v" });
    let firstWritten = false;
    const first = durable.commit().then(() => (firstWritten = true));
    await durable.commit();
    expect(firstWritten).toBe(true);
    await first;
    expect(logLines()).toHaveLength(1);
  });

  it("logs vaults created and deleted later, and replays both", async () => {
    const first = newStore();
    first.setSecret("kept", { value: "v" });
    const vaults: Vaults = [{ name: "emulator", store: first }];
    const durable = await start(vaults);
    const later = newStore();
    vaults.push({ name: "later", store: later });
    await durable.commit();
    expect(loadDurableState(dataFile)!.state.vaults.vaults.map((vault) => vault.name)).toEqual([
      "emulator",
      "later",
    ]);

    vaults.pop();
    await durable.commit();
    expect(logLines().at(-1)).toEqual([{ vault: "later", sequence: 0, changes: [], deleted: true }]);
    expect(loadDurableState(dataFile)!.state.vaults.vaults.map((vault) => vault.name)).toEqual(["emulator"]);
  });

  it("gives a vault created through the log the backup key of the first vault", async () => {
    const first = newStore({ schema: 1, backupKey: BACKUP_KEY, sequence: 0, secrets: [], purges: [] });
    const vaults: Vaults = [{ name: "emulator", store: first }];
    const durable = await start(vaults);
    vaults.push({ name: "later", store: newStore() });
    await durable.commit();
    const replayed = loadDurableState(dataFile)!.state.vaults.vaults;
    expect(replayed[1]!.state.backupKey).toBe(BACKUP_KEY);
  });

  it("keeps the snapshot's purge windows when replaying later changes", async () => {
    const purges = [{ name: "gone", reusableAtMs: 8_000_000_000_000 }];
    const store = newStore({ schema: 1, backupKey: BACKUP_KEY, sequence: 0, secrets: [], purges });
    const durable = await start([{ name: "emulator", store }]);
    store.setSecret("other", { value: "v" });
    await durable.commit();
    expect(loadDurableState(dataFile)!.state.vaults.vaults[0]!.state.purges).toEqual(purges);
  });

  it("does not compact a small log", async () => {
    const store = newStore();
    const durable = await start([{ name: "emulator", store }]);
    for (let i = 0; i < 5; i++) {
      store.setSecret(`s${i}`, { value: "v" });
      await durable.commit();
    }
    await settle();
    expect(existsSync(logPathOf(dataFile, 1))).toBe(false);
  });

  it("compacts in the background once the log outgrows 4 MiB and the snapshot, round after round", async () => {
    const store = newStore();
    const durable = await start([{ name: "emulator", store }]);
    const big = "x".repeat(25_000);
    for (let round = 1; round <= 2; round++) {
      for (let i = 0; i < 170 * round; i++) store.setSecret(`s${round}-${i}`, { value: big });
      await durable.commit();
      await durable.compactNow(); // waits for the background compaction (and folds once more)
    }
    expect(JSON.parse(readFileSync(dataFile, "utf8")).logGeneration).toBeGreaterThanOrEqual(4);
  });

  it("reports a compaction that fails to onError, and the write still succeeds", async () => {
    const store = newStore();
    const errors: Error[] = [];
    const durable = await start([{ name: "emulator", store }], (error) => errors.push(error));
    for (let i = 0; i < 170; i++) store.setSecret(`s${i}`, { value: "x".repeat(25_000) });
    rmSync(directory, { recursive: true, force: true }); // the next log cannot be created
    await durable.commit();
    await settle(20);
    expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(["ENOENT"]);
  });
});

describe("DurableState.start and stop", () => {
  it("leaves an existing snapshot as it is at start, and deletes logs older than it", async () => {
    writeSnapshot(1);
    writeFileSync(logPathOf(dataFile, 0), "");
    const before = statSync(dataFile);
    await start([{ name: "emulator", store: newStore() }]);
    expect(statSync(dataFile).ino).toBe(before.ino);
    expect(existsSync(logPathOf(dataFile, 0))).toBe(false);
    expect(existsSync(logPathOf(dataFile, 1))).toBe(true);
  });

  it("folds everything into the snapshot at stop, leaves no log behind, and stops once", async () => {
    const store = newStore();
    const durable = await start([{ name: "emulator", store }]);
    store.setSecret("db", { value: "v" });
    await durable.commit();
    await durable.stop();
    const stopped = statSync(dataFile).ino;
    await durable.stop();
    expect(statSync(dataFile).ino).toBe(stopped);
    expect(readdirSync(directory).filter((name) => name.includes(".log."))).toEqual([]);
    const snapshot = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(valuesOf(snapshot.vaults.vaults[0].state)).toEqual({ db: "v" });
  });
});
