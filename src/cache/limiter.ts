/**
 * Caps the number of tasks running at once; the rest wait in arrival order. The cache runs every backend
 * request through one limiter, so a cold preload of thousands of names cannot burst past a vault's limit.
 * @internal
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly maxConcurrency: number) {}

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Runs `task` once a slot is free; settles as the task does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrency) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips while work is queued.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
