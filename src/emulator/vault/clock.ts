import type { TimeSource } from "../protocol/types.js";

/**
 * The emulator's controllable clock: one time source for every timestamp the emulator writes, for
 * scheduled purges and for token expiry. It follows real time until frozen or shifted.
 */
export class EmulatorClock implements TimeSource {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly changeListeners = new Set<() => void>();

  /** Calls `listener` after every freeze, unfreeze, advance, set or reset (events due by then get published). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }

  /** Current emulator time in milliseconds since the epoch. */
  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Stops the clock at its current time (or at `atMs`). */
  freeze(atMs: number = this.now()): void {
    this.frozenAt = atMs;
    this.changed();
  }

  /** Lets the clock run again from where it stands. */
  unfreeze(): void {
    if (this.frozenAt !== undefined) {
      this.offsetMs = this.frozenAt - Date.now();
      this.frozenAt = undefined;
      this.changed();
    }
  }

  /** Moves the clock forward (or backward, with a negative value) by `ms`. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError("advance(ms) needs a finite number of milliseconds");
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
    this.changed();
  }

  /** Sets the clock to an absolute time, keeping its frozen or running state. */
  set(time: Date | number): void {
    const ms = typeof time === "number" ? time : time.getTime();
    if (!Number.isFinite(ms)) throw new RangeError("set(time) needs a valid Date or epoch milliseconds");
    if (this.frozenAt !== undefined) this.frozenAt = ms;
    else this.offsetMs = ms - Date.now();
    this.changed();
  }

  /** Whether the clock is frozen. */
  get isFrozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = undefined;
    this.changed();
  }
}
