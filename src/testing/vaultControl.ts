// What the harness does to an emulator on behalf of one test vault: create it, empty it, read its journal,
// move the clock, add faults. One implementation works on an emulator object in this process; the control
// channel (controlChannel.ts) carries the same calls from test workers in other processes.
import type {
  EmulatorClock,
  EmulatorFaults,
  EmulatorJournal,
  EmulatorVaults,
  FaultRule,
  JournalEntry,
  VaultDefinition,
} from "../emulator/index.js";

/** How a test vault is set up: the settings and authorization of a vault definition, without its name. */
export type TestVaultDefinition = Omit<VaultDefinition, "name">;

/** A created test vault. */
export interface CreatedVault {
  /** The vault name, unique in its emulator. */
  name: string;
  /** Its URL, e.g. `https://test-1.vault.localhost:40123`. */
  url: string;
}

/** The calls the harness makes on an emulator for its test vaults (asynchronous: they may cross processes). */
export interface VaultControl {
  /** Creates a fresh empty vault. */
  createVault(definition: TestVaultDefinition): Promise<CreatedVault>;
  /** Deletes a vault with everything in it, and the fault rules aimed at it. */
  deleteVault(name: string): Promise<void>;
  /** Empties a vault (deleted secrets too), removes its fault rules and starts its journal afresh. */
  resetVault(name: string): Promise<void>;
  /** Starts a vault's journal afresh, keeping its secrets. */
  markJournal(name: string): Promise<void>;
  /** The requests a vault answered since it was created, reset or marked, oldest first. */
  journal(name: string): Promise<JournalEntry[]>;
  /** Moves the emulator clock forward; returns the new time (epoch ms). */
  advanceClock(ms: number): Promise<number>;
  /** The emulator clock's time (epoch ms). */
  now(): Promise<number>;
  /** Adds a fault rule that hits only requests to vault `name`; returns its id. */
  addFault(name: string, rule: FaultRule): Promise<string>;
  /** Removes a fault rule; `false` when there was none with that id. */
  removeFault(id: string): Promise<boolean>;
}

/** The parts of an emulator (started or in-process) the control needs. */
export interface ControlledEmulator {
  readonly vaults: EmulatorVaults;
  readonly clock: EmulatorClock;
  readonly faults: EmulatorFaults;
  readonly journal: EmulatorJournal;
}

interface VaultRecord {
  definition: TestVaultDefinition;
  /** Journal entries at or before this emulator time belong to an earlier life of the vault. */
  journalMark: number;
  faultIds: Set<string>;
}

/**
 * The control of `emulator`. Vaults are named `<prefix>-<n>`; the journal is shared by every vault, so each
 * vault keeps a mark (an emulator time) and its journal is its own entries after the mark.
 */
export function controlEmulator(emulator: ControlledEmulator, prefix = "test"): VaultControl {
  const records = new Map<string, VaultRecord>();
  let created = 0;

  const record = (name: string): VaultRecord => {
    const found = records.get(name);
    if (!found) throw new TypeError(`No test vault named "${name}" (it was deleted, or never created).`);
    return found;
  };
  // The mark is a time no later request can have: the clock is read, then waited past (under a
  // millisecond) so that a request arriving right after the call is stamped later than the mark.
  const nextMark = (): number => {
    const mark = emulator.clock.now();
    while (!emulator.clock.isFrozen && emulator.clock.now() <= mark) {
      // Spins at most until the next millisecond.
    }
    return mark;
  };
  const removeFaults = (vault: VaultRecord): void => {
    for (const id of vault.faultIds) emulator.faults.remove(id);
    vault.faultIds.clear();
  };

  return {
    async createVault(definition) {
      let name: string;
      do name = `${prefix}-${++created}`;
      while (emulator.vaults.get(name));
      const vault = emulator.vaults.create({ ...definition, name });
      records.set(vault.name, { definition, journalMark: -Infinity, faultIds: new Set() });
      return { name: vault.name, url: vault.url };
    },
    async deleteVault(name) {
      const vault = records.get(name);
      if (!vault) return;
      removeFaults(vault);
      records.delete(name);
      emulator.vaults.delete(name);
    },
    async resetVault(name) {
      const vault = record(name);
      removeFaults(vault);
      // A new vault under the same name: no secrets, no deleted secrets, no purges in flight.
      emulator.vaults.delete(name);
      emulator.vaults.create({ ...vault.definition, name });
      vault.journalMark = nextMark();
    },
    async markJournal(name) {
      record(name).journalMark = nextMark();
    },
    async journal(name) {
      const { journalMark } = record(name);
      return emulator.journal.entries().filter((entry) => entry.vault === name && entry.time > journalMark);
    },
    async advanceClock(ms) {
      // Forward only: the vaults of other test files share this clock, and their journal marks need it.
      if (!(typeof ms === "number" && ms >= 0 && Number.isFinite(ms))) {
        throw new RangeError(
          `clock.advance(ms) needs a finite number of milliseconds, 0 or more (got ${ms})`,
        );
      }
      emulator.clock.advance(ms);
      return emulator.clock.now();
    },
    async now() {
      return emulator.clock.now();
    },
    async addFault(name, rule) {
      const vault = record(name);
      const id = emulator.faults.add({ ...rule, vault: name });
      vault.faultIds.add(id);
      return id;
    },
    async removeFault(id) {
      for (const vault of records.values()) vault.faultIds.delete(id);
      return emulator.faults.remove(id);
    },
  };
}
