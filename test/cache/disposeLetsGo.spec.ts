// dispose() lets go of everything it started: loads queued behind a throttling pause end at once (they do not
// wait for the pause timer), and the client no longer tells the disposed cache about its writes.
import { afterEach, describe, expect, it, vi } from "vitest";
import { CacheEngine } from "../../src/cache/engine.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => {
  vi.restoreAllMocks();
  fixture?.dispose();
});

/** Whether `promise` has settled, and how. */
function watch(promise: Promise<unknown>): { state: "pending" | "resolved" | "rejected"; error?: unknown } {
  const seen: { state: "pending" | "resolved" | "rejected"; error?: unknown } = { state: "pending" };
  promise.then(
    () => (seen.state = "resolved"),
    (error: unknown) => Object.assign(seen, { state: "rejected", error }),
  );
  return seen;
}

describe("SecretCache.dispose", () => {
  it("ends the loads queued behind a 429 pause with an AbortError and cancels the pause timer", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("throttled", "v1");
    await fixture.client.setSecret("queued", "v1");
    const cache = fixture.cache({ maxConcurrency: 1 });
    fixture.emulator.faults.add({
      kind: "status",
      status: 429,
      retryAfterSeconds: 3_600,
      operation: "getSecret",
      times: 1,
    });
    // A cold load whose 429 outlasts the client's tries: its caller gets the 429, and the cache pauses every
    // load for the hour the vault asked for.
    const throttled = watch(cache.get("throttled"));
    await settle();
    const queued = watch(cache.get("queued"));
    await settle();
    expect([throttled.state, queued.state]).toEqual(["rejected", "pending"]);
    expect(throttled.error).toMatchObject({ statusCode: 429 });
    expect(fixture.clock.pendingTimers).toBe(1);

    cache.dispose();
    await settle();

    expect(fixture.clock.pendingTimers).toBe(0);
    expect(queued.state).toBe("rejected");
    expect(queued.error).toMatchObject({ name: "AbortError", message: "The SecretCache was disposed." });
    expect(fixture.backendGets()).toBe(1); // the throttled one; nothing was sent after dispose()
  });

  it("unsubscribes from the client's write notifications", async () => {
    fixture = createCacheFixture();
    const invalidate = vi.spyOn(CacheEngine.prototype, "invalidate");
    const cache = fixture.cache();
    await fixture.client.setSecret("written", "v1");
    expect(invalidate).toHaveBeenCalledTimes(1); // subscribed while alive

    cache.dispose();
    const v2 = await fixture.client.setSecret("written", "v2");
    await fixture.client.updateSecretProperties("written", v2.properties.version!, { enabled: false });

    expect(invalidate).toHaveBeenCalledTimes(1);
  });
});
