// The append-only mutation log beside the data file. One line per acknowledged request: a JSON array of
// per-vault entries, each naming its vault. A write is acknowledged only after its line is fsynced; lines
// that arrive while an fsync runs wait for the next one and share it (group commit), so concurrent writers
// cost about one fsync per round, not one each (docs/performance.md#group-commit).
import { open, type FileHandle } from "node:fs/promises";
import { readFileSync } from "node:fs";
import type { VaultChange } from "../vault/vaultChanges.js";
import type { VaultSettings } from "../vault/vaultSettings.js";

/** The changes one request made to one vault. */
export interface LogEntry {
  /** The vault's name. */
  vault: string;
  /** The vault's version sequence counter after the changes. */
  sequence: number;
  changes: VaultChange[];
  /** The vault was created, with these settings (before its changes, if any). */
  created?: VaultSettings;
  /** The vault's settings changed to these (before its changes, if any). */
  settings?: VaultSettings;
  /** The vault was deleted with everything in it. */
  deleted?: true;
}

/** An open log file that appends lines and fsyncs them in groups. */
export class MutationLog {
  private queued: string[] = [];
  private waiting: { resolve(): void; reject(error: Error): void }[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Bytes in the file (what was there at open plus what was appended). */
  bytes: number;
  /** How many fsyncs ran: with group commit, fewer than the appends under concurrency. */
  syncs = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    bytes: number,
  ) {
    this.bytes = bytes;
  }

  /** Opens (creating if needed) `path` for appending. */
  static async open(path: string): Promise<MutationLog> {
    const handle = await open(path, "a", 0o600);
    const { size } = await handle.stat();
    return new MutationLog(path, handle, size);
  }

  /** Appends the entries of one request as one line; resolves once the line is on disk. */
  append(entries: readonly LogEntry[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the mutation log ${this.path} is closed`));
    const line = JSON.stringify(entries) + "\n";
    this.queued.push(line);
    this.bytes += Buffer.byteLength(line);
    const written = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.flushing ??= this.flushQueued();
    return written;
  }

  /** Resolves once everything appended so far is on disk (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Drains and closes the file; later appends are refused. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    await this.handle.close();
  }

  private async flushQueued(): Promise<void> {
    while (this.queued.length > 0) {
      const text = this.queued.join("");
      const waiting = this.waiting;
      this.queued = [];
      this.waiting = [];
      try {
        await this.handle.write(text);
        await this.handle.datasync();
        this.syncs++;
        for (const waiter of waiting) waiter.resolve();
      } catch (error) {
        for (const waiter of waiting) waiter.reject(error as Error);
      }
    }
    this.flushing = undefined;
  }
}

/** What a log file held: its entries, and whether its last line was torn (an unacknowledged write). */
export interface ReadLog {
  entries: LogEntry[][];
  tornTail: boolean;
  /** The length of the intact part: where appending must resume (a torn tail is cut off there). */
  intactBytes: number;
}

/**
 * Reads a log file; `undefined` when it does not exist. A last line without its newline, or that is not
 * valid JSON, is a write the crash interrupted before it was acknowledged and is ignored; a bad line
 * anywhere else is corruption and throws (naming the line).
 */
export function readMutationLog(path: string): ReadLog | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const lines = text.split("\n");
  const last = lines.pop()!; // "" when the file ends with a newline
  const entries: LogEntry[][] = [];
  let tornTail = last !== "";
  let intactBytes = 0;
  lines.forEach((line, index) => {
    try {
      entries.push(parseLine(line));
      intactBytes += Buffer.byteLength(line) + 1;
    } catch (error) {
      if (index === lines.length - 1 && !tornTail) {
        tornTail = true;
        return;
      }
      throw new Error(`line ${index + 1} is not a log entry (${(error as Error).message})`, { cause: error });
    }
  });
  return { entries, tornTail, intactBytes };
}

function parseLine(line: string): LogEntry[] {
  const parsed = JSON.parse(line) as unknown;
  const valid =
    Array.isArray(parsed) &&
    parsed.every(
      (entry: Partial<LogEntry>) =>
        typeof entry?.vault === "string" && Number.isInteger(entry.sequence) && Array.isArray(entry.changes),
    );
  if (!valid) throw new Error("unexpected shape");
  return parsed as LogEntry[];
}
