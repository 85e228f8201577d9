// Refresh-ahead over a simulated hour: once loaded, callers never wait on the network, and each entry is
// refreshed in the background about once per TTL, at jittered times.
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const HOUR_MS = 3_600_000;
const TTL_MS = 5_000;
// A get every 500 ms: the refresh window (the last 20% of a 4–5 s lifetime) always sees at least one.
const STEP_MS = 500;

describe("SecretCache refresh-ahead", () => {
  it("over a simulated hour at ttlMs 5 s, no get() after the first waits, and entries refresh about once per TTL", async () => {
    fixture = createCacheFixture();
    const names = ["alpha", "beta"];
    for (const name of names) await fixture.client.setSecret(name, `${name}-value`);
    const cache = fixture.cache({ ttlMs: TTL_MS });
    const reasons: string[] = [];
    cache.on("refresh", (event) => reasons.push(event.reason));
    for (const name of names) await cache.get(name);

    let waited = 0;
    let gets = 0;
    for (let elapsed = 0; elapsed < HOUR_MS; elapsed += STEP_MS) {
      await fixture.clock.advance(STEP_MS);
      // Every request is held while the gets run: a get that needed one could not resolve.
      fixture.transport.hold();
      for (const name of names) {
        let resolved = false;
        void cache.get(name).then((value) => {
          expect(value).toBe(`${name}-value`);
          resolved = true;
        });
        await settle(1);
        gets++;
        if (!resolved) waited++;
      }
      fixture.transport.release();
      await settle();
    }

    expect(gets).toBe((2 * HOUR_MS) / STEP_MS);
    expect(waited).toBe(0);
    expect(cache.stats()).toMatchObject({ misses: 2, staleHits: 0, errors: 0 });
    for (const name of names) {
      const refreshes = fixture.backendGets(name) - 1;
      // Refreshed at 80% of a lifetime jittered into [0.8, 1] × TTL, i.e. every 3.2–4 s plus up to one step.
      expect(refreshes).toBeGreaterThanOrEqual(HOUR_MS / TTL_MS);
      expect(refreshes).toBeLessThanOrEqual(HOUR_MS / (0.8 * 0.8 * TTL_MS));
    }
    expect(new Set(reasons)).toEqual(new Set(["miss", "refreshAhead"]));
    // Jitter: the two entries do not refresh in lockstep.
    const times = (name: string) =>
      fixture.emulator.journal
        .entries()
        .filter((entry) => entry.operation === "getSecret" && entry.secretName === name)
        .map((entry) => entry.time);
    expect(times("alpha")).not.toEqual(times("beta"));
  }, 60_000);

  it("with refresh-ahead off (ratio 1), the first get after the TTL gets the held value and starts the refresh", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("plain", "v1");
    const cache = fixture.cache({ ttlMs: TTL_MS, refreshAheadRatio: 1, jitterRatio: 0 });
    await cache.get("plain");
    await fixture.client.setSecret("plain", "v2"); // through the same client: the entry is dropped at once
    expect(await cache.get("plain")).toBe("v2");

    const other = fixture.newOtherClient();
    await other.setSecret("plain", "v3"); // another client: only the TTL (or an event) reveals it
    await fixture.clock.advance(TTL_MS - 1);
    expect(await cache.get("plain")).toBe("v2");
    await fixture.clock.advance(1);
    fixture.transport.hold(); // the caller does not wait for the refresh it starts
    expect(await cache.get("plain")).toBe("v2");
    await settle();
    expect(fixture.transport.pending).toBe(1);
    fixture.transport.release();
    await settle();
    expect(await cache.get("plain")).toBe("v3");
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, staleHits: 1 });
  });
});
