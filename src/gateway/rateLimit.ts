// A fixed-window request counter per caller key, on an injectable clock, bounded in memory.
import type { GatewayRateLimit } from "./options.js";

/** Decides, per caller key, whether one more request fits in the current window. */
export interface RateLimiter {
  /** Counts a request; undefined when it fits, else the seconds until the window ends (for Retry-After). */
  take(callerKey: string): number | undefined;
}

// Windows kept at most; past this, ended windows are dropped first, then the oldest.
const MAX_CALLERS = 10_000;

/** A rate limiter for `limit` on `now`, or one that lets everything through for `false`. */
export function createRateLimiter(limit: GatewayRateLimit | false, now: () => number): RateLimiter {
  if (limit === false) return { take: () => undefined };
  const requests = limit.requests ?? 60;
  const windowMs = limit.windowMs ?? 60_000;
  if (!(requests >= 1) || !(windowMs >= 1))
    throw new RangeError("rateLimit needs requests >= 1 and windowMs >= 1.");
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(callerKey) {
      const time = now();
      let window = windows.get(callerKey);
      if (!window || time - window.start >= windowMs) {
        if (!window && windows.size >= MAX_CALLERS) prune(windows, time, windowMs);
        window = { start: time, count: 0 };
        windows.set(callerKey, window);
      }
      if (window.count >= requests) return Math.max(1, Math.ceil((window.start + windowMs - time) / 1000));
      window.count += 1;
      return undefined;
    },
  };
}

function prune(windows: Map<string, { start: number }>, time: number, windowMs: number): void {
  for (const [key, window] of windows) if (time - window.start >= windowMs) windows.delete(key);
  // Every window still running: forget the oldest (Map order is insertion order).
  if (windows.size >= MAX_CALLERS) windows.delete(windows.keys().next().value!);
}
