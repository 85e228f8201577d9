// The service's per-vault throttling (docs/service-behaviour.md#throttling): within any rolling window, at most `creates`
// secret creations and `transactions` other secret operations per vault; over the limit the request is
// answered 429 `Throttled` without Retry-After, exactly as the service does. Rejected requests do not count
// (the service's documented behaviour), so a client that backs off gets through again once the window slides.
import { errorResponse, throttled } from "../protocol/serviceErrors.js";
import type { EmulatorResponse, OperationName, TimeSource } from "../protocol/types.js";

/** The limits of {@link EmulatorCoreOptions.throttle}. */
export interface ThrottleLimits {
  /**
   * Secret operations other than creations allowed per vault within the window.
   * @default 4000
   */
  transactions?: number;
  /**
   * Secret creations (set secret) allowed per vault within the window.
   * @default 300
   */
  creates?: number;
  /**
   * The rolling window, in milliseconds of emulator-clock time.
   * @default 10000
   */
  windowMs?: number;
}

/** The service's published per-vault limits (key-vault-limits, 2025-07 revision). */
export const SERVICE_THROTTLE_LIMITS: Readonly<Required<ThrottleLimits>> = Object.freeze({
  transactions: 4000,
  creates: 300,
  windowMs: 10_000,
});

/** Checks `limits` (TypeError/RangeError naming the field) and fills in the service's values. */
export function resolveThrottleLimits(limits: true | ThrottleLimits): Required<ThrottleLimits> {
  if (limits === true) return { ...SERVICE_THROTTLE_LIMITS };
  if (typeof limits !== "object" || limits === null) {
    throw new TypeError("throttle must be true, false or { transactions, creates, windowMs }");
  }
  for (const key of Object.keys(limits)) {
    if (!(key in SERVICE_THROTTLE_LIMITS)) {
      throw new TypeError(`throttle has an unknown key "${key}" (known: transactions, creates, windowMs)`);
    }
  }
  const resolved = { ...SERVICE_THROTTLE_LIMITS, ...limits };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`throttle.${key} must be a whole number >= 1 (got ${String(value)})`);
    }
  }
  return resolved;
}

/** Timestamps of the requests admitted within the window, oldest first (a queue with a moving head). */
class RollingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Admits a request at `now` (and counts it) unless the window is full. */
  admit(now: number): boolean {
    const horizon = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head]! <= horizon) this.head++;
    // Drop the consumed prefix now and then, so the array stays about `limit` long.
    if (this.head > this.limit) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}

interface VaultWindows {
  transactions: RollingWindow;
  creates: RollingWindow;
}

/** Per-vault throttling; one instance per emulator, keyed by the vault's store. */
export class Throttle {
  private readonly vaults = new WeakMap<object, VaultWindows>();

  constructor(
    private readonly limits: Required<ThrottleLimits>,
    private readonly clock: TimeSource,
  ) {}

  /**
   * Counts one request to `vault` and returns the 429 to answer when it is over the limit.
   * Requests that match no operation are not secret transactions and are not counted.
   */
  check(vault: object, operation: OperationName | undefined): EmulatorResponse | undefined {
    if (operation === undefined) return undefined;
    let windows = this.vaults.get(vault);
    if (!windows) {
      const { transactions, creates, windowMs } = this.limits;
      windows = {
        transactions: new RollingWindow(transactions, windowMs),
        creates: new RollingWindow(creates, windowMs),
      };
      this.vaults.set(vault, windows);
    }
    const window = operation === "setSecret" ? windows.creates : windows.transactions;
    if (window.admit(this.clock.now())) return undefined;
    return errorResponse(throttled());
  }
}
