// Stale-if-error: while the vault answers 503 or 429, a loaded value keeps being served for up to maxStaleMs
// past its TTL, backend attempts are spaced by exponential backoff, and after the window the error surfaces.
import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const TTL_MS = 5_000;
const MAX_STALE_MS = 60_000;
const RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 8_000;
const STEP_MS = 250;

function failedAttemptTimes(status: number): number[] {
  return fixture.emulator.journal
    .entries()
    .filter((entry) => entry.operation === "getSecret" && entry.status === status)
    .map((entry) => entry.time);
}

describe.each([
  { status: 503, label: "100% 503s" },
  { status: 429, label: "429s without Retry-After" },
])("SecretCache under $label", ({ status }) => {
  it("serves the stale value through the whole maxStaleMs window, backs off, then surfaces the error", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("db", "old-but-good");
    const cache = fixture.cache({
      ttlMs: TTL_MS,
      jitterRatio: 0,
      maxStaleMs: MAX_STALE_MS,
      retryDelayMs: RETRY_DELAY_MS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
    });
    const loadedAt = fixture.clock.now();
    await cache.get("db");
    const staleEvents: number[] = [];
    cache.on("stale", (event) => staleEvents.push(event.statusCode ?? 0));
    fixture.emulator.faults.add({ kind: "status", status, operation: "getSecret", times: "always" });

    let served = 0;
    while (fixture.clock.now() + STEP_MS < loadedAt + TTL_MS + MAX_STALE_MS) {
      await fixture.clock.advance(STEP_MS);
      expect(await cache.get("db")).toBe("old-but-good");
      served++;
    }
    expect(served).toBeGreaterThan(200);

    // The first failure is the refresh-ahead at 80% of the TTL; the nth retry waits a random point in the
    // upper half of min(1 s · 2^(n-1), 8 s).
    const attempts = failedAttemptTimes(status);
    expect(attempts[0]).toBe(loadedAt + 0.8 * TTL_MS);
    expect(attempts.length).toBeLessThan(20);
    attempts.slice(1).forEach((time, index) => {
      const ceiling = Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** index);
      const gap = time - attempts[index]!;
      expect(gap).toBeGreaterThanOrEqual(ceiling / 2);
      expect(gap).toBeLessThanOrEqual(ceiling);
    });
    expect(staleEvents.length).toBeGreaterThan(200);
    expect(new Set(staleEvents)).toEqual(new Set([status]));
    expect(cache.stats().staleHits).toBe(staleEvents.length);

    // Past the window: the error surfaces instead of a value older than maxStaleMs.
    await fixture.clock.advance(STEP_MS * 2);
    const error = await cache.get("db").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isRestError(error) && error.statusCode).toBe(status);
  });
});

describe("SecretCache recovering from an outage", () => {
  it("honours Retry-After, and a successful retry makes the entry fresh again with the backoff reset", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("api-key", "k1");
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0, retryDelayMs: RETRY_DELAY_MS });
    await cache.get("api-key");
    const rule = fixture.emulator.faults.add({
      kind: "status",
      status: 429,
      retryAfterSeconds: 7,
      operation: "getSecret",
      times: "always",
    });
    await fixture.clock.advance(0.8 * TTL_MS);
    expect(await cache.get("api-key")).toBe("k1"); // starts the refresh, which is throttled
    await fixture.clock.advance(6_999);
    expect(failedAttemptTimes(429)).toHaveLength(1);
    await fixture.clock.advance(1);
    expect(failedAttemptTimes(429)).toHaveLength(2);

    fixture.emulator.faults.remove(rule);
    await fixture.newOtherClient().setSecret("api-key", "k2");
    await fixture.clock.advance(7_000);
    expect(await cache.get("api-key")).toBe("k2");
    expect(cache.stats()).toMatchObject({ errors: 2 });
    const requestsBefore = fixture.backendGets("api-key");
    await fixture.clock.advance(0.5 * TTL_MS);
    expect(await cache.get("api-key")).toBe("k2");
    expect(fixture.backendGets("api-key")).toBe(requestsBefore);
  });

  it("serves stale when a load past the TTL fails, without a request per caller while backing off", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("idle", "v1");
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0, retryDelayMs: RETRY_DELAY_MS });
    await cache.get("idle");
    fixture.emulator.faults.add({ kind: "reset", operation: "getSecret", times: "always" });
    await fixture.clock.advance(TTL_MS + 1); // idle past the TTL: no refresh-ahead happened

    const values = await Promise.all(Array.from({ length: 50 }, () => cache.get("idle")));
    for (let i = 0; i < 20; i++) values.push(await cache.get("idle"));

    expect(new Set(values)).toEqual(new Set(["v1"]));
    expect(fixture.emulator.journal.entries().filter((entry) => entry.fault === "reset")).toHaveLength(1);
  });
});
