// The entry state machine around failures, to the millisecond: backing off after a cold failure (answering
// with the last error, a forced refresh still going out), remembered 404s, background retries that stop
// with the stale window, and the events each step emits.
import { afterEach, describe, expect, it } from "vitest";
import type { SecretCacheOptions } from "../../src/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const TTL_MS = 10_000;
// random() = 0: the first backoff is half of retryDelayMs.
const FIRST_BACKOFF_MS = 500;

function setup(options: SecretCacheOptions = {}) {
  fixture = createCacheFixture();
  return fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0, random: () => 0, retryDelayMs: 1_000, ...options });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { statusCode?: number }) => error.statusCode,
  );

describe("a cold entry backing off after a transient failure", () => {
  it("answers with the last error until the backoff is over, then asks the vault again", async () => {
    const cache = setup();
    await fixture.client.setSecret("cold", "v1");
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 1 });
    expect(await failure(cache.get("cold"))).toBe(503);
    expect(fixture.backendGets("cold")).toBe(1);

    await fixture.clock.advance(FIRST_BACKOFF_MS - 1);
    expect(await failure(cache.get("cold"))).toBe(503);
    expect(fixture.backendGets("cold")).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 2, errors: 1 });

    await fixture.clock.advance(1);
    expect(await cache.get("cold")).toBe("v1");
    expect(fixture.backendGets("cold")).toBe(2);
  });

  it("still sends a forced refresh during the backoff, and a get meanwhile joins it", async () => {
    const cache = setup();
    await fixture.client.setSecret("cold", "v1");
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 1 });
    await failure(cache.get("cold"));
    const missesBefore = cache.stats().misses;

    fixture.transport.hold();
    const forced = cache.refresh("cold");
    await settle();
    const joined = cache.get("cold");
    await settle();
    fixture.transport.release();

    await forced;
    expect(await joined).toBe("v1");
    expect(fixture.backendGets("cold")).toBe(2);
    expect(cache.stats()).toMatchObject({ misses: missesBefore + 1, coalesced: 1 });
  });

  it("does not retry in the background: nothing waits for the value", async () => {
    const cache = setup();
    await fixture.client.setSecret("cold", "v1");
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });
    await failure(cache.get("cold"));
    await fixture.clock.advance(3_600_000);
    expect(fixture.backendGets("cold")).toBe(1);
    expect(fixture.clock.pendingTimers).toBe(0);
  });
});

describe("a remembered 404", () => {
  it("is answered from memory until exactly negativeTtlMs later", async () => {
    const cache = setup({ negativeTtlMs: 30_000 });
    expect(await failure(cache.get("missing"))).toBe(404);
    await fixture.clock.advance(29_999);
    expect(await failure(cache.get("missing"))).toBe(404);
    expect(fixture.backendGets("missing")).toBe(1);
    await fixture.clock.advance(1);
    expect(await failure(cache.get("missing"))).toBe(404);
    expect(fixture.backendGets("missing")).toBe(2);
  });

  it("is not remembered with negativeTtlMs 0", async () => {
    const cache = setup({ negativeTtlMs: 0 });
    await failure(cache.get("missing"));
    expect(cache.stats().size).toBe(0);
    await failure(cache.get("missing"));
    expect(fixture.backendGets("missing")).toBe(2);
  });

  it("emits no evict event for a value that was never cached", async () => {
    const cache = setup();
    const evicted: unknown[] = [];
    cache.on("evict", (event) => evicted.push(event));
    await failure(cache.get("missing"));
    expect(evicted).toEqual([]);
  });
});

describe("events along the way", () => {
  it("names the stale limit when a value outlives maxStaleMs, and a 404 when the secret went away", async () => {
    const cache = setup({ maxStaleMs: 5_000 });
    await fixture.client.setSecret("limited", "v1");
    await fixture.client.setSecret("deleted", "v1");
    await cache.getMany(["limited", "deleted"]);
    const evicted: unknown[] = [];
    cache.on("evict", (event) => evicted.push(event));
    const rule = fixture.emulator.faults.add({
      kind: "status",
      status: 503,
      operation: "getSecret",
      secretName: "limited",
      times: "always",
    });
    const poller = await fixture.newOtherClient().beginDeleteSecret("deleted", { intervalInMs: 0 });
    await poller.pollUntilDone();

    await fixture.clock.advance(TTL_MS);
    expect(await cache.get("deleted")).toBe("v1"); // served stale while the refresh meets the 404
    await settle();
    expect(await failure(cache.get("deleted"))).toBe(404);
    await fixture.clock.advance(5_000);
    expect(await failure(cache.get("limited"))).toBe(503);
    expect(evicted).toEqual([
      { name: "deleted", version: undefined, reason: "notFound" },
      { name: "limited", version: undefined, reason: "staleLimit" },
    ]);
    fixture.emulator.faults.remove(rule);
  });

  it("says whether a failure is served stale, and how stale", async () => {
    const cache = setup();
    await fixture.client.setSecret("flaky", "v1");
    await cache.get("flaky");
    const errors: { name: string; version?: string; servingStale: boolean; status?: number }[] = [];
    cache.on("error", ({ name, version, servingStale, error }) =>
      errors.push({ name, version, servingStale, status: (error as { statusCode?: number }).statusCode }),
    );
    const stale: unknown[] = [];
    cache.on("stale", (event) => stale.push(event));
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 1 });
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 1 });
    fixture.emulator.faults.add({ kind: "status", status: 403, operation: "getSecret", times: 1 });

    await fixture.clock.advance(TTL_MS + 1_500);
    expect(await cache.get("flaky")).toBe("v1"); // served at once; the background refresh meets the 503
    await settle();
    expect(await cache.get("flaky")).toBe("v1"); // served stale, with the failure behind it
    expect(stale).toEqual([{ name: "flaky", version: undefined, statusCode: 503, staleForMs: 1_500 }]);
    expect(await failure(cache.get("cold-and-failing"))).toBe(503);
    expect(await failure(cache.get("flaky", { forceRefresh: true }))).toBe(403);

    expect(errors).toEqual([
      { name: "flaky", version: undefined, servingStale: true, status: 503 },
      { name: "cold-and-failing", version: undefined, servingStale: false, status: 503 },
      { name: "flaky", version: undefined, servingStale: false, status: 403 },
    ]);
  });

  it("stops retrying in the background once the value is past maxStaleMs", async () => {
    const cache = setup({ maxStaleMs: 20_000, maxRetryDelayMs: 1_000 });
    await fixture.client.setSecret("outage", "v1");
    await cache.get("outage");
    const servingStale: boolean[] = [];
    cache.on("error", (event) => servingStale.push(event.servingStale));
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });
    await fixture.clock.advance(TTL_MS);
    expect(await cache.get("outage")).toBe("v1"); // fails, serves stale, schedules retries

    await fixture.clock.advance(20_000); // the retries run out with the window
    const attempts = fixture.backendGets("outage");
    await fixture.clock.advance(3_600_000);
    expect(fixture.backendGets("outage")).toBe(attempts);
    expect(servingStale.at(-1)).toBe(false);
    expect(servingStale.slice(0, -1).every(Boolean)).toBe(true);
  });
});

describe("refresh reasons", () => {
  it("tell a miss, an expired value, a forced refresh, a retry, a preload and an event apart", async () => {
    const cache = setup({ refreshAheadRatio: 1 });
    const reasons: string[] = [];
    cache.on("refresh", (event) => reasons.push(event.reason));
    await fixture.client.setSecret("a", "v1");
    await fixture.client.setSecret("b", "v1");

    await cache.getSecret("a"); // miss
    await fixture.clock.advance(TTL_MS);
    await cache.get("a"); // expired: served stale while it reloads
    await settle();
    await cache.refresh("a"); // forced
    await cache.preload(["b"]); // preload
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 1 });
    await cache.refresh("a").catch(() => undefined);
    await cache.get("a"); // served stale; the retry reloads it
    await fixture.clock.advance(FIRST_BACKOFF_MS);
    await cache.handleEvent({
      eventType: "Microsoft.KeyVault.SecretNearExpiry",
      subject: "a",
      data: { VaultName: "emulator", ObjectName: "a" },
    });

    await cache.handleEvent({
      eventType: "Microsoft.KeyVault.SecretNewVersionCreated",
      subject: "a",
      data: { VaultName: "emulator", ObjectName: "a", Version: "another-version" },
    });

    expect(reasons).toEqual(["miss", "expired", "forced", "preload", "retry", "event", "event"]);
  });
});
