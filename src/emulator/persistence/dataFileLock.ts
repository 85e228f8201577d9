// One emulator per data file: `<dataFile>.lock`, created exclusively, holds the owner's PID and ports. A
// second emulator is refused with a message naming them; a lock whose process is gone (kill -9, a crash)
// is taken over.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";

/** What the lock file records about its holder. */
export interface LockHolder {
  pid: number;
  /** The vault port, once listening. */
  port?: number;
  /** The identity endpoint port, once listening. */
  identityPort?: number;
  /** ISO time the holder started. */
  started: string;
}

/** Another running emulator holds the data file. */
export class DataFileLockedError extends Error {
  constructor(
    /** The data file. */
    readonly path: string,
    /** Who holds it. */
    readonly holder: LockHolder,
  ) {
    const where = holder.port === undefined ? "(still starting)" : `on port ${holder.port}`;
    super(
      `The emulator data file ${path} is in use by another keyvault-emulator (PID ${holder.pid} ${where}). ` +
        `Stop that one first, or use another --data file. If no emulator is running, delete ${path}.lock.`,
    );
    this.name = "DataFileLockedError";
  }
}

/** A held lock. */
export class DataFileLock {
  private released = false;

  private constructor(
    readonly dataFile: string,
    private holder: LockHolder,
  ) {}

  /** The lock file of `dataFile`. */
  static pathOf(dataFile: string): string {
    return `${dataFile}.lock`;
  }

  /** Takes the lock of `dataFile`, or throws {@link DataFileLockedError} while a live process holds it. */
  static acquire(dataFile: string): DataFileLock {
    const path = DataFileLock.pathOf(dataFile);
    const holder: LockHolder = { pid: process.pid, started: new Date().toISOString() };
    // The content is written first and hard-linked into place: link() fails when the lock exists, and a
    // reader never sees a lock file without its holder.
    const draft = `${path}.${process.pid}.tmp`;
    writeFileSync(draft, JSON.stringify(holder), { mode: 0o600 });
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(draft, path);
          return new DataFileLock(dataFile, holder);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
        const existing = readHolder(path);
        if (existing && isAlive(existing.pid)) throw new DataFileLockedError(dataFile, existing);
        rmSync(path, { force: true }); // the holder is gone (or the file is garbage): take it over
      }
      throw new Error(`Could not take the lock ${path}: it keeps being recreated by another process`);
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** Records the ports once listening, so a refused second emulator can name them. */
  update(ports: { port: number; identityPort: number }): void {
    if (this.released) return;
    this.holder = { ...this.holder, ...ports };
    // Replaced by a rename: a second emulator reading the lock meanwhile sees the old or the new holder,
    // never an empty file it would take for garbage and remove.
    const path = DataFileLock.pathOf(this.dataFile);
    const draft = `${path}.${process.pid}.tmp`;
    writeFileSync(draft, JSON.stringify(this.holder), { mode: 0o600 });
    renameSync(draft, path);
  }

  /** Removes the lock file (only if it is still ours). Synchronous, so it also works in an `exit` handler. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const path = DataFileLock.pathOf(this.dataFile);
    if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
    return Number.isSafeInteger(holder?.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
