import type { CacheClock } from "./options.js";

/**
 * The default clock: `Date.now()` and `setTimeout`, with each timer `unref()`ed where the runtime has it
 * (Node), so a cache's retries never keep a process alive.
 * @internal
 */
export const systemClock: CacheClock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms) as unknown as { unref?: () => void };
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
