// A SecretCache on an in-process emulator, driven by one simulated clock: the cache's timers and the
// emulator's clock move together when a test calls `advance`, so an hour passes without sleeping.
import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import {
  createEmulatorHttpClient,
  type EmulatorHttpClient,
  type EmulatorHttpClientOptions,
} from "../../src/emulator/index.js";
import { SecretCache, SecretClient, type CacheClock, type SecretCacheOptions } from "../../src/index.js";
import { settle } from "./capturedTimers.js";

/** A clock whose time moves only when told; timers fire in time order as it passes them. */
export class SimulatedClock implements CacheClock {
  private time: number;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  /** @param follower - A clock frozen and moved along (the emulator's), so both agree on the time. */
  constructor(private readonly follower?: { freeze(atMs?: number): void; set(time: number): void }) {
    // Starts at real time, so tokens minted on the emulator clock also look valid to the pipeline's cache.
    this.time = Math.floor(Date.now() / 1000) * 1000;
    follower?.freeze(this.time);
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /**
   * Runs the global `setTimeout`/`clearTimeout` (a client's retry waits) on this clock until the returned
   * function is called, so a client's back-off passes in simulated time along with the cache's timers.
   */
  driveGlobalTimers(): () => void {
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const ids = new WeakMap<object, unknown>();
    const fakeSetTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const handle = { unref: () => handle, ref: () => handle, hasRef: () => false };
      ids.set(
        handle,
        this.setTimeout(() => callback(...args), ms ?? 0),
      );
      return handle;
    };
    const fakeClearTimeout = (handle: unknown): void => {
      if (typeof handle === "object" && handle !== null && ids.has(handle))
        this.clearTimeout(ids.get(handle));
      else realClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
    };
    globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout;
    globalThis.clearTimeout = fakeClearTimeout as typeof clearTimeout;
    return () => {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    };
  }

  /** Timers scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing each due timer at its own time and letting its work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle(); // work already started finishes at the current time
    for (let fired = 0; fired < 100_000; fired++) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const timer of this.timers)
        if (timer[1].at <= end && (!next || timer[1].at < next[1].at)) next = timer;
      if (!next) break;
      this.timers.delete(next[0]);
      this.setTime(next[1].at);
      next[1].callback();
      await settle();
    }
    this.setTime(end);
    await settle();
  }

  private setTime(time: number): void {
    this.time = Math.max(this.time, time);
    this.follower?.set(this.time);
  }
}

/** A transport in front of the emulator that can hold GETs, to see whether a caller waits on one. */
export interface GatedTransport extends HttpClient {
  /**
   * Holds every GET from now on until `release()`: before it reaches the emulator (`"requests"`), or after the
   * emulator answered (`"responses"`, an answer on its way back). Writes pass.
   */
  hold(phase?: "requests" | "responses"): void;
  /** Lets held requests (and later ones) through, oldest first or (`"newestFirst"`) the other way round. */
  release(order?: "oldestFirst" | "newestFirst"): void;
  /** Requests sent and not answered yet. */
  readonly pending: number;
}

function gatedTransport(emulator: EmulatorHttpClient): GatedTransport {
  let holding: "requests" | "responses" | undefined;
  let pending = 0;
  const held: (() => void)[] = [];
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      pending++;
      try {
        const wait = (phase: "requests" | "responses") =>
          holding === phase && request.method === "GET"
            ? new Promise<void>((resolve, reject) => {
                held.push(resolve);
                // Like a real transport, a held request ends when its caller aborts it.
                request.abortSignal?.addEventListener("abort", () => reject(abortError()), { once: true });
              })
            : undefined;
        await wait("requests");
        const response = await emulator.sendRequest(request);
        await wait("responses");
        return response;
      } finally {
        pending--;
      }
    },
    hold: (phase = "requests") => void (holding = phase),
    release(order = "oldestFirst") {
      holding = undefined;
      const resumes = held.splice(0);
      for (const resume of order === "oldestFirst" ? resumes : resumes.reverse()) resume();
    },
    get pending() {
      return pending;
    },
  };
}

export interface CacheFixture {
  emulator: EmulatorHttpClient;
  clock: SimulatedClock;
  transport: GatedTransport;
  /** A client without pipeline retries: the cache's own backoff is what the tests watch. */
  client: SecretClient;
  /** Another client on the same emulator: its writes do not reach caches built on `client`. */
  newOtherClient(): SecretClient;
  /** Creates a cache on `client` with the simulated clock and seeded jitter; disposed by `dispose()`. */
  cache(options?: SecretCacheOptions, client?: SecretClient): SecretCache;
  /**
   * GET requests for `name` (all GETs without a name) the emulator journalled, challenge 401s aside (a token
   * expiring in simulated time costs one extra 401 round trip, which is the pipeline's business).
   */
  backendGets(name?: string): number;
  dispose(): void;
}

export function createCacheFixture(emulatorOptions: EmulatorHttpClientOptions = {}): CacheFixture {
  const emulator = createEmulatorHttpClient(emulatorOptions);
  const clock = new SimulatedClock(emulator.clock);
  const transport = gatedTransport(emulator);
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
    httpClient: transport,
    retryOptions: { maxRetries: 0 },
  });
  const caches: SecretCache[] = [];
  return {
    emulator,
    clock,
    transport,
    client,
    newOtherClient: () =>
      new SecretClient(emulator.vaultUrl, emulator.credential, {
        httpClient: transport,
        retryOptions: { maxRetries: 0 },
      }),
    cache(options = {}, cacheClient = client) {
      const cache = new SecretCache(cacheClient, { clock, random: seededRandom(42), ...options });
      caches.push(cache);
      return cache;
    },
    backendGets: (name) =>
      emulator.journal
        .entries()
        .filter(
          (entry) =>
            entry.operation === "getSecret" &&
            entry.status !== 401 &&
            (name === undefined || entry.secretName === name),
        ).length,
    dispose() {
      for (const cache of caches) cache.dispose();
      transport.release();
    },
  };
}

/** A seeded PRNG (mulberry32) so jittered schedules repeat run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function abortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}
