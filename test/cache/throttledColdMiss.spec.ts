// A cold miss while the vault answers every request 429: exactly one layer retries it. The client's retry
// policy does (honouring Retry-After per try, within its retryOptions); the cache does not run the load again
// itself, but takes the vault's Retry-After as the time before that entry's next attempt and as a pause for
// every other load. The client's waits run on the simulated clock, so the whole storm passes without sleeping.
import { afterEach, describe, expect, it } from "vitest";
import { SecretClient, type SecretCache } from "../../src/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture.js";

/** The client's default `retryOptions.maxRetries`: one try and three retries. */
const CLIENT_TRIES = 4;
const RETRY_AFTER_MS = 2_000;

let fixture: CacheFixture | undefined;
let restoreTimers: (() => void) | undefined;
afterEach(() => {
  restoreTimers?.();
  restoreTimers = undefined;
  fixture?.dispose();
  fixture = undefined;
});

/** A cache on a client built as an app builds it (default retryOptions), and a vault throttling every read. */
async function throttledVault(): Promise<{ fixture: CacheFixture; cache: SecretCache }> {
  fixture = createCacheFixture();
  const client = new SecretClient(fixture.emulator.vaultUrl, fixture.emulator.credential, {
    httpClient: fixture.transport,
  });
  await client.setSecret("busy", "v1"); // also authenticates the client; writes are not throttled here
  await client.setSecret("other", "v2");
  const cache = fixture.cache({}, client);
  fixture.emulator.faults.add({
    kind: "status",
    status: 429,
    retryAfterSeconds: RETRY_AFTER_MS / 1000,
    operation: "getSecret",
    times: "always",
  });
  restoreTimers = fixture.clock.driveGlobalTimers();
  return { fixture, cache };
}

/** Settles `promise` while the simulated clock moves on a second at a time. */
async function settled<T>(
  promise: Promise<T>,
  clock: CacheFixture["clock"],
): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  for (let second = 0; second < 300 && !outcome; second++) await clock.advance(1_000);
  return outcome ?? { error: new Error("still pending after 300 simulated seconds") };
}

function getTimes(fixture: CacheFixture, name: string): number[] {
  return fixture.emulator.journal
    .entries()
    .filter((entry) => entry.operation === "getSecret" && entry.secretName === name && entry.status !== 401)
    .map((entry) => entry.time);
}

describe("SecretCache: a cold miss during a 429 storm", () => {
  it("costs the vault the client's 4 tries, not the client's tries once per cache attempt", async () => {
    const { fixture, cache } = await throttledVault();
    const startedAt = fixture.clock.now();

    const outcome = await settled(cache.get("busy"), fixture.clock);

    // Before one rule, the cache ran its own 6 attempts around the client's 4 tries: 24 requests.
    expect(outcome.error).toMatchObject({ statusCode: 429, code: "Throttled" });
    expect(fixture.backendGets("busy")).toBe(CLIENT_TRIES);
    expect(getTimes(fixture, "busy")).toEqual(
      [0, 1, 2, 3].map((retry) => startedAt + retry * RETRY_AFTER_MS), // the client waited as told
    );
    expect(cache.stats()).toMatchObject({ requests: 1, errors: 1, misses: 1 });
  });

  it("takes the vault's Retry-After as the entry's next attempt and as a pause for every other load", async () => {
    const { fixture, cache } = await throttledVault();
    const first = cache.get("busy").catch((error: unknown) => error);
    await fixture.clock.advance((CLIENT_TRIES - 1) * RETRY_AFTER_MS); // the client's last try fails now
    expect(await first).toMatchObject({ statusCode: 429 });
    const failedAt = fixture.clock.now();

    // Within the wait: the entry answers with its 429 at once, and another name's load is held back.
    await expect(cache.get("busy")).rejects.toMatchObject({ statusCode: 429 });
    const other = cache.get("other").catch((error: unknown) => error);
    await fixture.clock.advance(RETRY_AFTER_MS - 1);
    expect(fixture.backendGets()).toBe(CLIENT_TRIES);

    // Once it is over, the held load goes out, and the entry may be loaded again.
    fixture.emulator.faults.clear();
    await fixture.clock.advance(1);
    expect(getTimes(fixture, "other")).toEqual([failedAt + RETRY_AFTER_MS]);
    expect(await other).toBe("v2");
    expect(await cache.get("busy")).toBe("v1");
    expect(fixture.backendGets("busy")).toBe(CLIENT_TRIES + 1);
  });
});
