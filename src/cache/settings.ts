// SecretCacheOptions checked and filled in with their defaults (the @default tags of options.ts).
import { systemClock } from "../shared/clock.js";
import type { CacheClock, SecretCacheOptions } from "./options.js";

/** Options with defaults applied. @internal */
export interface CacheSettings {
  ttlMs: number;
  refreshAheadRatio: number;
  jitterRatio: number;
  maxStaleMs: number;
  negativeTtlMs: number;
  maxEntries: number;
  maxConcurrency: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  clock: CacheClock;
  random: () => number;
}

/**
 * Checks `options` and applies the defaults.
 * @throws TypeError or RangeError naming the option that is wrong.
 * @internal
 */
export function resolveSettings(options: SecretCacheOptions): CacheSettings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("SecretCache options must be an object");
  }
  const settings: CacheSettings = {
    ttlMs: number(options.ttlMs, "ttlMs", 300_000, { min: 1 }),
    refreshAheadRatio: number(options.refreshAheadRatio, "refreshAheadRatio", 0.8, { min: 0, max: 1 }),
    jitterRatio: number(options.jitterRatio, "jitterRatio", 0.2, { min: 0, max: 0.99 }),
    maxStaleMs: number(options.maxStaleMs, "maxStaleMs", 3_600_000, { min: 0 }),
    negativeTtlMs: number(options.negativeTtlMs, "negativeTtlMs", 30_000, { min: 0 }),
    maxEntries: number(options.maxEntries, "maxEntries", 1000, { min: 1, integer: true }),
    maxConcurrency: number(options.maxConcurrency, "maxConcurrency", 8, { min: 1, integer: true }),
    retryDelayMs: number(options.retryDelayMs, "retryDelayMs", 1000, { min: 1 }),
    maxRetryDelayMs: number(options.maxRetryDelayMs, "maxRetryDelayMs", 64_000, { min: 1 }),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
  const clock = settings.clock as Partial<CacheClock>;
  if (typeof clock.now !== "function" || typeof clock.setTimeout !== "function") {
    throw new TypeError("options.clock must have now(), setTimeout() and clearTimeout() functions");
  }
  if (typeof clock.clearTimeout !== "function") {
    throw new TypeError("options.clock must have now(), setTimeout() and clearTimeout() functions");
  }
  if (typeof settings.random !== "function") throw new TypeError("options.random must be a function");
  if (settings.maxRetryDelayMs < settings.retryDelayMs) {
    throw new RangeError("options.maxRetryDelayMs must be at least options.retryDelayMs");
  }
  return settings;
}

function number(
  value: unknown,
  name: string,
  fallback: number,
  bounds: { min: number; max?: number; integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const { min, max = Infinity, integer = false } = bounds;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`options.${name} must be a number (got ${typeof value})`);
  }
  if (value < min || value > max || (integer && !Number.isInteger(value))) {
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`options.${name} must be ${integer ? "an integer " : ""}${range} (got ${value})`);
  }
  return value;
}
