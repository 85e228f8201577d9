// Every request of a loader goes through one gate: a cap on requests in flight (the limiter SecretCache uses
// too), pacing so a load alone stays under the vault's limit, and a pause for everyone when a request still
// ends in 429 after the client's own retries. The gate never retries: the client's retry policy is the one
// layer of retries (it honours Retry-After and backs off on a bare 429).
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { ConcurrencyLimiter } from "../shared/limiter.js";
import { backoffInMs, retryAfterInMs } from "../shared/retryDelay.js";
import type { SecretsConfigClock } from "./options.js";

// How long new requests wait after a 429 the vault sent without Retry-After (Key Vault's usual 429): the
// upper half of 2 s, as the second step of the client's own back-off.
const THROTTLED_PAUSE_MS = 2000;

/** @internal */
export class RequestGate {
  private readonly limiter: ConcurrencyLimiter;
  /** Start times of the requests within the pacing window, oldest first. */
  private readonly starts: number[] = [];
  private readonly waits = new Set<{ handle: unknown; resolve: () => void }>();
  /** One controller per request in flight (one shared signal would collect a listener per request). */
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    concurrency: number,
    private readonly pacing: { requests: number; windowMs: number },
    private readonly clock: SecretsConfigClock,
  ) {
    this.limiter = new ConcurrencyLimiter(concurrency, clock);
  }

  /** Runs one request once a slot is free and the pacing allows it; `close()` aborts its signal. */
  run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.limiter.run(async () => {
      await this.pace();
      const controller = new AbortController();
      if (this.closed) controller.abort();
      this.inFlight.add(controller);
      try {
        return await request(controller.signal);
      } catch (error) {
        const response = (error as { statusCode?: number; response?: PipelineResponse }).response;
        if ((error as { statusCode?: number }).statusCode === 429) {
          const delay =
            retryAfterInMs(response, this.clock.now()) ??
            backoffInMs(2, THROTTLED_PAUSE_MS / 2, THROTTLED_PAUSE_MS);
          this.limiter.pause(delay);
        }
        throw error;
      } finally {
        this.inFlight.delete(controller);
      }
    });
  }

  /** Cancels the gate's timers and lets every waiting request through (to be aborted by its signal). */
  close(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
    this.limiter.close();
    for (const wait of this.waits) {
      this.clock.clearTimeout(wait.handle);
      wait.resolve();
    }
    this.waits.clear();
  }

  /** Runs one request of a sequential stream (a listing's pages) once the pacing allows it, without a slot. */
  async paced<T>(request: () => Promise<T>): Promise<T> {
    await this.pace();
    return request();
  }

  private async pace(): Promise<void> {
    while (!this.closed) {
      const now = this.clock.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - this.pacing.windowMs) this.starts.shift();
      if (this.starts.length < this.pacing.requests) {
        this.starts.push(now);
        return;
      }
      await new Promise<void>((resolve) => {
        const wait = { handle: undefined as unknown, resolve };
        wait.handle = this.clock.setTimeout(
          () => {
            this.waits.delete(wait);
            resolve();
          },
          this.starts[0]! + this.pacing.windowMs - now,
        );
        this.waits.add(wait);
      });
    }
  }
}
