// The request journal: one entry per vault request, with what tests assert on (operation, status,
// latency) and nothing they must never see (values, bodies, tokens, headers).
import type { OperationName } from "../protocol/types.js";

/** One journalled request. */
export interface JournalEntry {
  /** When the request arrived, emulator-clock milliseconds since the epoch. */
  time: number;
  /** Upper-case HTTP method. */
  method: string;
  /** The operation the request addressed, when it matched one. */
  operation?: OperationName;
  /** The vault the request's host reached (or named, for an unknown vault). */
  vault?: string;
  /** The secret name in the path, when there is one. */
  secretName?: string;
  /** The status sent; `0` when no response was sent (connection reset, hang, client gone). */
  status: number;
  /** Real (wall-clock) milliseconds from arrival to response, injected latency included. */
  latencyMs: number;
  /** The `api-version` query parameter as sent. */
  apiVersion?: string;
  /** The kind of the fault that fired for this request, if any. */
  fault?: string;
  /** The name of the identity whose token the request carried; absent for the default identity. */
  identity?: string;
}

/** The read side of the journal that `RunningEmulator.journal` exposes. */
export interface EmulatorJournal {
  /** Entries, oldest first (a copy). */
  entries(): JournalEntry[];
  /** Forgets every entry. */
  clear(): void;
}

/** Default number of entries kept; the oldest are dropped beyond it so long runs stay bounded. */
export const DEFAULT_JOURNAL_CAPACITY = 10_000;

/** A bounded in-memory journal. */
export class Journal implements EmulatorJournal {
  /** A ring buffer: once full, `oldest` is where the next entry overwrites. */
  private readonly items: JournalEntry[] = [];
  private oldest = 0;

  constructor(private readonly capacity: number = DEFAULT_JOURNAL_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError("Journal capacity must be at least 1");
  }

  /** Appends an entry, overwriting the oldest one when full. */
  record(entry: JournalEntry): void {
    if (this.items.length < this.capacity) {
      this.items.push(entry);
      return;
    }
    this.items[this.oldest] = entry;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  entries(): JournalEntry[] {
    const ordered = [...this.items.slice(this.oldest), ...this.items.slice(0, this.oldest)];
    return ordered.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.items.length = 0;
    this.oldest = 0;
  }
}
