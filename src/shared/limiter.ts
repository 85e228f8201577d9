import type { TimerClock } from "./clock.js";

/**
 * Caps the number of tasks running at once; the rest wait in arrival order. The cache and the config loader
 * run every backend request through one limiter, so a cold preload or a start-up load of thousands of names
 * cannot burst past a vault's limit, and pause it when the vault throttles, so waiting loads do not keep
 * hammering it.
 * @internal
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private resumeAt = -Infinity;
  private resumeTimer: unknown;

  constructor(
    private readonly maxConcurrency: number,
    private readonly clock: TimerClock,
  ) {}

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Runs `task` once a slot is free and no pause is on; settles as the task does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrency || this.clock.now() < this.resumeAt) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.running--;
      this.drain();
    }
  }

  /** Starts no new task for `ms` milliseconds (tasks already running go on). */
  pause(ms: number): void {
    const until = this.clock.now() + ms;
    if (until <= this.resumeAt) return;
    this.resumeAt = until;
    if (this.resumeTimer !== undefined) this.clock.clearTimeout(this.resumeTimer);
    this.resumeTimer = this.clock.setTimeout(() => {
      this.resumeTimer = undefined;
      this.drain();
    }, ms);
  }

  /** Cancels the pause timer (the cache is being disposed); queued tasks are let through to fail fast. */
  close(): void {
    if (this.resumeTimer !== undefined) this.clock.clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    this.resumeAt = -Infinity;
    this.drain();
  }

  private drain(): void {
    if (this.clock.now() < this.resumeAt) return;
    while (this.running < this.maxConcurrency && this.queue.length > 0) {
      this.running++;
      this.queue.shift()!();
    }
  }
}
