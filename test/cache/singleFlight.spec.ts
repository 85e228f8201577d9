// Single-flight: however many callers miss at once, the vault sees one request per (name, version).
import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture;
let restoreTimers: (() => void) | undefined;
afterEach(() => {
  restoreTimers?.();
  restoreTimers = undefined;
  fixture?.dispose();
});

describe("SecretCache single-flight", () => {
  it("answers 10,000 concurrent get() of one cold name with exactly one backend GET", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("cold", "v1");
    const cache = fixture.cache();

    const values = await Promise.all(Array.from({ length: 10_000 }, () => cache.get("cold")));

    expect(new Set(values)).toEqual(new Set(["v1"]));
    expect(fixture.backendGets("cold")).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 10_000, coalesced: 9_999, requests: 1, size: 1 });
  });

  it("answers a hit from memory without any request", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("warm", "v1");
    const cache = fixture.cache();
    await cache.get("warm");
    fixture.transport.hold(); // a hit that needed the network would now never resolve

    for (let i = 0; i < 100; i++) expect(await cache.get("warm")).toBe("v1");

    expect(fixture.transport.pending).toBe(0);
    expect(fixture.backendGets("warm")).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 100, misses: 1, requests: 1 });
  });

  it("loads each (name, version) once: names are case-insensitive, pinned versions are separate entries", async () => {
    fixture = createCacheFixture();
    const first = await fixture.client.setSecret("Mixed", "v1");
    await fixture.client.setSecret("Mixed", "v2");
    const cache = fixture.cache();

    const [a, b, pinned] = await Promise.all([
      cache.get("mixed"),
      cache.get("MIXED"),
      cache.get("Mixed", { version: first.properties.version }),
    ]);

    expect([a, b, pinned]).toEqual(["v2", "v2", "v1"]);
    expect(fixture.backendGets()).toBe(2);
  });

  it("keeps backend requests in flight within maxConcurrency during a cold preload", async () => {
    fixture = createCacheFixture();
    const names = Array.from({ length: 40 }, (_, i) => `bulk-${i}`);
    for (const name of names) await fixture.client.setSecret(name, `value-${name}`);
    const cache = fixture.cache({ maxConcurrency: 3 });
    let peak = 0;
    const sendRequest = fixture.transport.sendRequest.bind(fixture.transport);
    fixture.transport.sendRequest = async (request) => {
      peak = Math.max(peak, cache.stats().inFlight);
      return sendRequest(request);
    };

    const result = await cache.preload(names);

    expect(result.loaded.sort()).toEqual([...names].sort());
    expect(result.failed).toEqual([]);
    expect(peak).toBe(3);
    expect(await cache.getMany(["bulk-0", "bulk-39"])).toEqual(["value-bulk-0", "value-bulk-39"]);
    expect(fixture.backendGets()).toBe(40);
  });

  it("leaves retrying a throttled cold preload to the client: at most its 4 tries per name, the rest paused", async () => {
    // The service's rule at a smaller scale: 100 reads per rolling 10 s, 429 without Retry-After.
    fixture = createCacheFixture({ throttle: { transactions: 100, creates: 1_000_000, windowMs: 10_000 } });
    const names = Array.from({ length: 250 }, (_, i) => `throttled-${i}`);
    // The retrying layer: a client with default retryOptions, its waits on the simulated clock.
    const client = new SecretClient(fixture.emulator.vaultUrl, fixture.emulator.credential, {
      httpClient: fixture.transport,
    });
    for (const name of names) await client.setSecret(name, `value-${name}`);
    const cache = fixture.cache({}, client);
    restoreTimers = fixture.clock.driveGlobalTimers();
    const preloaded = async (batch: string[]) => {
      let result: Awaited<ReturnType<typeof cache.preload>> | undefined;
      void cache.preload(batch).then((done) => (result = done));
      for (let second = 0; second < 120 && !result; second++) await fixture.clock.advance(1_000);
      return result!;
    };

    const result = await preloaded(names);

    expect(result.loaded.length + result.failed.length).toBe(250);
    expect(result.failed.every(({ error }) => isRestError(error) && error.statusCode === 429)).toBe(true);
    const gets = fixture.emulator.journal.entries().filter((entry) => entry.operation === "getSecret");
    expect(gets.filter((entry) => entry.status === 429).length).toBeGreaterThan(0);
    const triesPerName = new Map<string, number>();
    for (const { secretName } of gets)
      triesPerName.set(secretName!, (triesPerName.get(secretName!) ?? 0) + 1);
    expect(Math.max(...triesPerName.values())).toBeLessThanOrEqual(4);
    // What the client's tries could not load, loads once the vault has room again.
    await fixture.clock.advance(10_000);
    const again = await preloaded(result.failed.map((failure) => failure.name));
    expect(again.failed).toEqual([]);
    expect(await cache.get("throttled-249")).toBe("value-throttled-249");
  }, 60_000);
});
