/**
 * Captures the delays of `setTimeout` calls instead of waiting them out, so retry and polling delays can be
 * asserted without sleeping (ky's trick). Patches `globalThis.setTimeout`/`clearTimeout` until `restore()`.
 *
 * - `"immediately"` (default): every timer is recorded and fires on the next turn of the event loop.
 * - `"held"`: timers are recorded and never fire until `release()`, to act while something is waiting.
 */
export interface CapturedTimers {
  /** The delay (ms) of every timer scheduled while installed, in order. */
  readonly delays: number[];
  /** Fires every held timer (in `"held"` mode). */
  release(): void;
  /** Number of timers scheduled and not yet fired or cleared (in `"held"` mode). */
  pendingCount(): number;
  /** Puts the real timer functions back. */
  restore(): void;
}

type TimerCallback = (...args: unknown[]) => void;

export function captureTimers(mode: "immediately" | "held" = "immediately"): CapturedTimers {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const delays: number[] = [];
  const held = new Map<object, () => void>();

  const fakeSetTimeout = (callback: TimerCallback, ms?: number, ...args: unknown[]): unknown => {
    delays.push(ms ?? 0);
    if (mode === "immediately") return realSetTimeout(callback, 0, ...args);
    const handle = { held: true, unref: () => handle, ref: () => handle, hasRef: () => false };
    held.set(handle, () => callback(...args));
    return handle;
  };
  const fakeClearTimeout = (handle: unknown): void => {
    if (typeof handle === "object" && handle !== null && held.delete(handle)) return;
    realClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  };

  globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout;
  globalThis.clearTimeout = fakeClearTimeout as typeof clearTimeout;

  return {
    delays,
    release() {
      const callbacks = [...held.values()];
      held.clear();
      for (const callback of callbacks) callback();
    },
    pendingCount: () => held.size,
    restore() {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    },
  };
}

/** Lets pending promise callbacks run (a few macrotask turns), without relying on timers. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
