// Stale-while-revalidate, with the client built as an app builds it (default retryOptions). Past the TTL a
// get() answers with the held value before any simulated time passes, whatever the vault does (503, 429, no
// answer at all), while one background refresh goes through the client's retries; once the vault recovers the
// new value is served, past maxStaleMs the error surfaces, and a 404 the refresh meets is what the next get
// sees. The client's retry waits and per-try timeouts run on the simulated clock, so nothing sleeps.
import { afterEach, describe, expect, it } from "vitest";
import { SecretClient, type SecretCache, type SecretCacheOptions } from "../../src/index.js";
import type { FaultAction } from "../../src/emulator/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

/** The client's default `retryOptions.maxRetries`: one try and three retries. */
const CLIENT_TRIES = 4;
const TTL_MS = 60_000;
const NOT_YET = Symbol("not answered yet");

let fixture: CacheFixture | undefined;
let restoreTimers: (() => void) | undefined;
afterEach(() => {
  restoreTimers?.();
  restoreTimers = undefined;
  fixture?.dispose();
  fixture = undefined;
});

const outages: {
  label: string;
  fault: FaultAction;
  /** When the cache's next attempt may start after its refresh failed: the vault's Retry-After, or back-off. */
  nextAttemptAfterMs: [number, number];
  /** What a caller gets once the value is past maxStaleMs. */
  surfaced: Record<string, unknown>;
}[] = [
  {
    label: "503s",
    fault: { kind: "status", status: 503 },
    nextAttemptAfterMs: [500, 1_000], // retryDelayMs 1 s, upper half
    surfaced: { statusCode: 503 },
  },
  {
    label: "429s with Retry-After: 5",
    fault: { kind: "status", status: 429, retryAfterSeconds: 5 },
    nextAttemptAfterMs: [5_000, 5_000],
    surfaced: { statusCode: 429 },
  },
  {
    label: "a vault that never answers",
    fault: { kind: "hang" },
    nextAttemptAfterMs: [500, 1_000],
    surfaced: { code: "ETIMEDOUT" },
  },
];

/**
 * A cache on a client with default retryOptions, holding "db" = "v1" loaded at the start; the vault has "v2"
 * since (written through another client, so only a refresh can reveal it), and the clock is at the TTL.
 */
async function pastTheTtl(
  options: SecretCacheOptions = {},
): Promise<{ vault: CacheFixture; cache: SecretCache }> {
  const vault = (fixture = createCacheFixture());
  const client = new SecretClient(vault.emulator.vaultUrl, vault.emulator.credential, {
    httpClient: vault.transport,
  });
  await client.setSecret("db", "v1");
  const cache = vault.cache({ ttlMs: TTL_MS, jitterRatio: 0, ...options }, client);
  expect(await cache.get("db")).toBe("v1");
  await vault.newOtherClient().setSecret("db", "v2");
  restoreTimers = vault.clock.driveGlobalTimers();
  timeOutTriesInSimulatedTime(vault);
  await vault.clock.advance(TTL_MS); // idle until now: no refresh-ahead ran
  return { vault, cache };
}

/**
 * Ends each try at the client's per-try timeout on the simulated clock, as a real socket would in real time
 * (the in-process emulator client times requests out on Node's own timers, which the simulated clock does not
 * move), so a vault that never answers costs the client its timeouts and retries in simulated time.
 */
function timeOutTriesInSimulatedTime(vault: CacheFixture): void {
  const send = vault.transport.sendRequest.bind(vault.transport);
  vault.transport.sendRequest = async (request) => {
    const callerSignal = request.abortSignal;
    const controller = new AbortController();
    const abort = () => controller.abort();
    callerSignal?.addEventListener("abort", abort, { once: true });
    const timer = request.timeout > 0 ? setTimeout(abort, request.timeout) : undefined; // the simulated clock
    request.abortSignal = controller.signal;
    try {
      return await send(request);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", abort);
      request.abortSignal = callerSignal; // the retry policy tells a timeout from the caller's abort by it
    }
  };
}

/** What `promise` settled with before any simulated time passed (microtasks and an I/O turn only). */
async function answeredNow<T>(promise: Promise<T>): Promise<T | typeof NOT_YET> {
  let outcome: { value: T } | { error: unknown } | undefined;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  await settle(1);
  if (!outcome) return NOT_YET;
  if ("error" in outcome) throw outcome.error;
  return outcome.value;
}

/** Settles `promise` while the simulated clock moves on a second at a time. */
async function settled(promise: Promise<unknown>, vault: CacheFixture): Promise<unknown> {
  let outcome: { error?: unknown } | undefined;
  promise.then(
    () => (outcome = {}),
    (error: unknown) => (outcome = { error }),
  );
  for (let second = 0; second < 300 && !outcome; second++) await vault.clock.advance(1_000);
  return outcome?.error ?? new Error("no error after 300 simulated seconds");
}

describe.each(outages)("SecretCache past the TTL while the vault answers with $label", (outage) => {
  it("answers with the held value at once, refreshes once in the background, and serves the new value after", async () => {
    const { vault, cache } = await pastTheTtl();
    vault.emulator.faults.add({ ...outage.fault, operation: "getSecret", times: "always" });
    const startedAt = vault.clock.now();
    const tries = () => vault.emulator.faults.fired().map((fired) => fired.time);
    let failure: { at: number; tries: number } | undefined;
    cache.on("error", () => (failure ??= { at: vault.clock.now(), tries: tries().length }));

    // Twenty callers, no time passing: every one gets the held value; one refresh is on its way to the vault.
    const callers = Promise.all(Array.from({ length: 20 }, () => cache.get("db")));
    expect(await answeredNow(callers)).toEqual(Array<string>(20).fill("v1"));
    expect(vault.clock.now()).toBe(startedAt);
    expect(tries()).toEqual([startedAt]);
    expect(cache.stats()).toMatchObject({ inFlight: 1, requests: 2, misses: 1, staleHits: 20 });

    // The client retries that one refresh, on its own schedule; callers meanwhile never wait.
    for (let second = 0; second < 300 && !failure; second++) {
      await vault.clock.advance(1_000);
      expect(await answeredNow(cache.get("db"))).toBe("v1");
      expect(cache.stats().inFlight).toBeLessThanOrEqual(1);
    }
    expect(failure?.tries).toBe(CLIENT_TRIES); // one layer: the client's tries, not the cache's on top
    expect(failure!.at - startedAt).toBeGreaterThan(2_000); // what each caller used to wait before v1

    // The cache's next attempt is scheduled for when the vault asked, or after its back-off.
    await vault.clock.advance(outage.nextAttemptAfterMs[1]);
    const nextAttempt = tries()[CLIENT_TRIES]! - failure!.at;
    expect(nextAttempt).toBeGreaterThanOrEqual(outage.nextAttemptAfterMs[0]);
    expect(nextAttempt).toBeLessThanOrEqual(outage.nextAttemptAfterMs[1]);

    // The vault recovers: the refresh brings "v2", still without a caller waiting.
    vault.emulator.faults.clear();
    let served: string | typeof NOT_YET = "v1";
    for (let second = 0; second < 300 && served === "v1"; second++) {
      await vault.clock.advance(1_000);
      served = await answeredNow(cache.get("db"));
    }
    expect(served).toBe("v2");
    expect(cache.stats()).toMatchObject({ misses: 1, inFlight: 0 });
  });

  it("surfaces the error once the value is past maxStaleMs, having served it at once until then", async () => {
    const maxStaleMs = 30_000;
    const { vault, cache } = await pastTheTtl({ maxStaleMs });
    vault.emulator.faults.add({ ...outage.fault, operation: "getSecret", times: "always" });
    const staleLimit = vault.clock.now() + maxStaleMs;

    while (vault.clock.now() < staleLimit) {
      expect(await answeredNow(cache.get("db"))).toBe("v1");
      await vault.clock.advance(1_000);
    }

    expect(await settled(cache.get("db"), vault)).toMatchObject(outage.surfaced);
  });
});

describe("SecretCache past the TTL when the background refresh meets an authoritative answer", () => {
  it("answers the caller with the held value, and the next get sees the 404 (remembered, no request)", async () => {
    const { vault, cache } = await pastTheTtl();
    const evictions: string[] = [];
    cache.on("evict", (event) => evictions.push(event.reason));
    await vault.newOtherClient().beginDeleteSecret("db"); // not through the cache's client: no invalidation

    expect(await answeredNow(cache.get("db"))).toBe("v1");
    await settle(); // the refresh meets the 404
    expect(evictions).toEqual(["notFound"]);
    const requests = vault.backendGets("db");
    await expect(cache.get("db")).rejects.toMatchObject({ statusCode: 404, code: "SecretNotFound" });
    expect(vault.backendGets("db")).toBe(requests);
  });
});

describe("SecretCache after a SecretNewVersionCreated event", () => {
  it("makes callers wait for the event's reload alone: once it failed, they get the held value at once", async () => {
    const { vault, cache } = await pastTheTtl();
    vault.emulator.events.subscribe((event) => void cache.handleEvent(event));
    vault.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });
    let failures = 0;
    cache.on("error", () => failures++);

    await vault.newOtherClient().setSecret("db", "v3"); // "v1" is now known to be old: a reload starts
    const waiting = cache.get("db");
    expect(await answeredNow(waiting)).toBe(NOT_YET); // joins that reload
    for (let second = 0; second < 60 && failures === 0; second++) await vault.clock.advance(1_000);
    expect(await answeredNow(waiting)).toBe("v1"); // the reload failed: stale-if-error

    await vault.clock.advance(1_000); // the cache's next attempt is in the client's retries now
    expect(cache.stats().inFlight).toBe(1);
    expect(await answeredNow(cache.get("db"))).toBe("v1");

    vault.emulator.faults.clear();
    let served: string | typeof NOT_YET = "v1";
    for (let second = 0; second < 60 && served === "v1"; second++) {
      await vault.clock.advance(1_000);
      served = await answeredNow(cache.get("db"));
    }
    expect(served).toBe("v3");
  });
});

describe("SecretCache with maxStaleMs 0", () => {
  it("makes a get past the TTL wait for the vault instead of serving the held value", async () => {
    const { vault, cache } = await pastTheTtl({ maxStaleMs: 0 });
    vault.transport.hold();
    const answer = cache.get("db");
    expect(await answeredNow(answer)).toBe(NOT_YET);
    vault.transport.release();
    expect(await answer).toBe("v2");
  });
});
