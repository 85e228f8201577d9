/**
 * Time and timers, injectable so tests drive simulated hours without sleeping. `SecretCache` (`CacheClock`)
 * and `loadSecretsConfig` (`SecretsConfigClock`) take clocks of this shape.
 * @internal
 */
export interface TimerClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/**
 * The default clock: `Date.now()` and `setTimeout`, with each timer `unref()`ed where the runtime has it
 * (Node), so a cache's retries and a config's refreshes never keep a process alive.
 * @internal
 */
export const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms) as unknown as { unref?: () => void };
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
