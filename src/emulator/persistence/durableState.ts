// Durability of the data file: the snapshot (`<dataFile>`) plus mutation logs (`<dataFile>.log.<generation>`).
// A request's changes are appended to the current log and fsynced before the response leaves (group
// commit). At start the snapshot is loaded and the logs of its generation and later are replayed over it (a
// torn last line — a write that was never acknowledged — is cut off). When the log outgrows the snapshot, a
// background compaction opens the next generation's log, snapshots the state in the same tick, writes the
// snapshot atomically and deletes the older logs; a crash at any step leaves files that replay to the same state.
import { readdirSync, rmSync, truncateSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { applyVaultChange } from "../vault/vaultChanges.js";
import { keyOf, type VaultStore } from "../vault/vaultStore.js";
import { MutationLog, readMutationLog, type LogEntry } from "./mutationLog.js";
import { DataFileLock } from "./dataFileLock.js";
import {
  DataFileError,
  checkDataFileDirectory,
  loadDataFile,
  removeStaleTemporaryFiles,
  writeFileAtomic,
  type PersistedState,
} from "./dataFile.js";

/** A named vault whose changes the log records. */
export interface DurableVault {
  name: string;
  store: VaultStore;
}

/** The data file as found at start: the snapshot with every log replayed over it. */
export interface LoadedState {
  state: PersistedState;
  /** The generation to append to (the newest log found, or the snapshot's). */
  generation: number;
  /** Whether the snapshot file exists (a new one is written at the first start). */
  snapshotExists: boolean;
}

/** Compaction starts once the log is this large and larger than the last snapshot. */
const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;

/** The log file of `generation`. */
export function logPathOf(dataFile: string, generation: number): string {
  return `${dataFile}.log.${generation}`;
}

/** The generations of the log files beside `dataFile`, ascending. */
function logGenerations(dataFile: string): number[] {
  const prefix = `${basename(dataFile)}.log.`;
  return readdirSync(dirname(dataFile))
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/**
 * Checks the path, takes the data file's lock and loads the state (the lock is released again when loading
 * fails). Writes nothing but the lock file.
 */
export function openDataFile(dataFile: string): { lock: DataFileLock; loaded: LoadedState | undefined } {
  checkDataFileDirectory(dataFile);
  const lock = DataFileLock.acquire(dataFile);
  try {
    return { lock, loaded: loadDurableState(dataFile) };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Reads the snapshot and replays the logs over it; `undefined` when neither exists. Reads only: nothing on
 * disk changes until {@link DurableState.start}. DataFileError for an unusable snapshot or a corrupt log.
 */
export function loadDurableState(dataFile: string): LoadedState | undefined {
  const state = loadDataFile(dataFile);
  const generations = logGenerations(dataFile).filter(
    (generation) => generation >= (state?.logGeneration ?? 0),
  );
  if (!state) {
    if (generations.length === 0) return undefined;
    throw new DataFileError(
      dataFile,
      `it is missing, but its mutation log ${logPathOf(dataFile, generations[0]!)} exists`,
    );
  }
  for (const generation of generations) {
    const path = logPathOf(dataFile, generation);
    let log;
    try {
      log = readMutationLog(path);
    } catch (error) {
      throw new DataFileError(dataFile, `its mutation log ${path} is corrupt: ${(error as Error).message}`);
    }
    for (const line of log?.entries ?? []) replay(state, line);
  }
  return { state, generation: generations.at(-1) ?? state.logGeneration, snapshotExists: true };
}

function replay(state: PersistedState, entries: LogEntry[]): void {
  for (const entry of entries) {
    if (entry.deleted) {
      state.vaults.vaults = state.vaults.vaults.filter((vault) => vault.name !== entry.vault);
      continue;
    }
    let vault = state.vaults.vaults.find((candidate) => candidate.name === entry.vault);
    if (!vault && entry.created) {
      // Every vault of an emulator shares the first vault's backup key (vaultRegistry.ts).
      const backupKey = state.vaults.vaults[0]?.state.backupKey ?? "";
      vault = {
        name: entry.vault,
        settings: entry.created,
        state: { schema: 1, backupKey, sequence: 0, secrets: [], purges: [] },
      };
      state.vaults.vaults.push(vault);
    }
    // A log never names a vault it did not create or the snapshot lacks; such an entry is skipped rather
    // than failing the start.
    if (!vault) continue;
    if (entry.settings) vault.settings = entry.settings;
    const target = {
      secrets: new Map(vault.state.secrets.map((secret) => [keyOf(secret.name), secret])),
      purges: new Map(vault.state.purges.map((purge) => [keyOf(purge.name), purge])),
    };
    for (const change of entry.changes) applyVaultChange(target, change);
    vault.state = {
      ...vault.state,
      sequence: entry.sequence,
      secrets: [...target.secrets.values()],
      purges: [...target.purges.values()],
    };
  }
}

/** The running side: appends changes durably and compacts in the background. */
export class DurableState {
  private compaction: Promise<void> | undefined;
  /**
   * The vaults the files know of, with their settings as logged (JSON): a vault missing from it is logged
   * as created, one gone as deleted, one whose settings differ with its new settings.
   */
  private readonly known = new Map<string, string>();
  private snapshotBytes = 0;
  private stopped = false;

  private constructor(
    readonly dataFile: string,
    private log: MutationLog,
    private generation: number,
    private readonly vaults: () => readonly DurableVault[],
    private readonly produce: () => Omit<PersistedState, "logGeneration">,
    private readonly onError: (error: Error) => void,
  ) {}

  /**
   * Writes the first snapshot when there is none, cuts a torn tail off the log it appends to, opens it, and
   * starts recording the vaults' changes.
   */
  static async start(
    dataFile: string,
    loaded: LoadedState | undefined,
    vaults: () => readonly DurableVault[],
    produce: () => Omit<PersistedState, "logGeneration">,
    onError: (error: Error) => void,
  ): Promise<DurableState> {
    removeStaleTemporaryFiles(dataFile);
    const generation = loaded?.generation ?? 0;
    const logPath = logPathOf(dataFile, generation);
    const intact = readMutationLog(logPath);
    if (intact?.tornTail) truncateSync(logPath, intact.intactBytes);
    for (const old of logGenerations(dataFile)) {
      if (old < (loaded?.state.logGeneration ?? 0)) rmSync(logPathOf(dataFile, old), { force: true });
    }
    const durable = new DurableState(
      dataFile,
      await MutationLog.open(logPath),
      generation,
      vaults,
      produce,
      onError,
    );
    for (const { name, store } of vaults()) {
      store.recordChanges();
      durable.known.set(name, JSON.stringify(store.settings));
    }
    if (!loaded?.snapshotExists) await durable.writeSnapshot(generation);
    return durable;
  }

  /**
   * Appends what the vaults changed since the last call as one log line; resolves once it (and every line
   * appended before it) is on disk.
   * Called after every request that changed something, before the response is sent.
   */
  commit(): Promise<void> {
    const entries: LogEntry[] = [];
    const current = new Set<string>();
    for (const { name, store } of this.vaults()) {
      current.add(name);
      const created = !this.known.has(name);
      const settings = JSON.stringify(store.settings);
      const resettled = !created && this.known.get(name) !== settings;
      this.known.set(name, settings);
      if (created) store.recordChanges();
      const { changes, sequence } = store.takeChanges();
      if (created) entries.push({ vault: name, sequence, changes, created: { ...store.settings } });
      else if (resettled) entries.push({ vault: name, sequence, changes, settings: { ...store.settings } });
      else if (changes.length > 0) entries.push({ vault: name, sequence, changes });
    }
    for (const name of this.known.keys()) {
      if (current.has(name)) continue;
      this.known.delete(name);
      entries.push({ vault: name, sequence: 0, changes: [], deleted: true });
    }
    // Nothing new, but an earlier call may have logged this very change (a registry listener commits before
    // the admin API does) and still be writing it: resolve only once that is on disk too.
    if (entries.length === 0) return this.log.drain();
    const written = this.log.append(entries);
    if (!this.compaction && this.log.bytes > Math.max(MIN_COMPACTION_BYTES, this.snapshotBytes)) {
      this.compaction = this.compact()
        .catch((error: Error) => this.onError(error))
        .finally(() => (this.compaction = undefined));
    }
    return written;
  }

  /** Folds the logs into the snapshot now (after a compaction in progress). */
  async compactNow(): Promise<void> {
    while (this.compaction) await this.compaction;
    await this.compact();
  }

  /** Compacts, closes the log and stops recording. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.commit().catch(() => undefined);
    await this.compactNow();
    await this.log.close();
    // The snapshot now holds everything: the new generation's log is empty and need not stay.
    if (this.log.bytes === 0) await rm(this.log.path, { force: true });
  }

  private async compact(): Promise<void> {
    const generation = this.generation + 1;
    const next = await MutationLog.open(logPathOf(this.dataFile, generation));
    // Same tick: the snapshot holds exactly what was committed to the logs before the switch.
    this.commit().catch(() => undefined);
    const text = this.snapshotText(generation);
    const previous = this.log;
    this.log = next;
    await previous.close();
    await writeFileAtomic(this.dataFile, text);
    this.snapshotBytes = text.length;
    this.generation = generation;
    await rm(previous.path, { force: true });
  }

  private async writeSnapshot(generation: number): Promise<void> {
    const text = this.snapshotText(generation);
    await writeFileAtomic(this.dataFile, text);
    this.snapshotBytes = text.length;
  }

  private snapshotText(generation: number): string {
    return JSON.stringify({ ...this.produce(), logGeneration: generation } satisfies PersistedState);
  }
}
