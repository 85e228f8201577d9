// Loads that overlap or end oddly, settled one by one in a chosen order through a client whose answers the
// test gives: a superseded load must not disturb the newer one, a waiter of an invalidated load still gets
// its answer, a client-side abort changes nothing, and a cold load under throttling hands its 429 on at once.
import { afterEach, describe, expect, it } from "vitest";
import { SecretCache, type SecretCacheOptions } from "../../src/index.js";
import { SimulatedClock } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";
import { createManualSecretClient, httpError, type ManualSecretClient } from "../helpers/manualSecretClient";

let cache: SecretCache | undefined;
afterEach(() => cache?.dispose());

function setup(options: SecretCacheOptions = {}) {
  const manual = createManualSecretClient();
  const clock = new SimulatedClock();
  cache = new SecretCache(manual.client, { clock, random: () => 0, jitterRatio: 0, ...options });
  return { manual, clock, cache };
}

/** Answers the oldest pending call and lets the cache take it in. */
async function answer(manual: ManualSecretClient, value: string, version = "v1"): Promise<void> {
  manual.pending[0]!.resolve(value, version);
  await settle();
}

describe("overlapping loads", () => {
  it("a superseded load ending first leaves the newer load in flight for callers to join", async () => {
    const { manual, cache } = setup({ ttlMs: 60_000 });
    const first = cache.get("db");
    await answer(manual, "old", "v1");
    await first;
    const forced = cache.refresh("db"); // load A
    await settle();
    // An event says v2 exists: the cached value may not be served as fresh, and a new load B starts.
    const event = cache.handleEvent({
      eventType: "Microsoft.KeyVault.SecretNewVersionCreated",
      subject: "db",
      data: { VaultName: "manual", ObjectName: "db", Version: "v2" },
    });
    await settle();
    expect(manual.pending).toHaveLength(2);

    manual.pending[0]!.resolve("old", "v1"); // A ends first: superseded, not stored
    await settle();
    const waiting = cache.get("db"); // joins B
    await settle();
    expect(manual.calls).toHaveLength(3);
    manual.pending[0]!.resolve("new", "v2");

    expect(await waiting).toBe("new");
    await Promise.all([forced, event]);
    expect(cache.stats()).toMatchObject({ coalesced: 1 });
  });

  it("a caller whose load was invalidated meanwhile still gets the answer it waited for, which is not kept", async () => {
    const { manual, cache } = setup();
    const waiting = cache.get("db");
    await settle();
    cache.invalidate("db");
    await answer(manual, "loaded-before-invalidation");

    expect(await waiting).toBe("loaded-before-invalidation");
    const again = cache.get("db");
    await settle();
    expect(manual.calls).toHaveLength(2);
    await answer(manual, "reloaded", "v2");
    expect(await again).toBe("reloaded");
  });

  it("an AbortError from the client (not from dispose) changes nothing: no event, the value stays", async () => {
    const { manual, cache } = setup({ ttlMs: 60_000 });
    const events: string[] = [];
    for (const name of ["error", "evict", "refresh"] as const) cache.on(name, () => events.push(name));
    const first = cache.get("db");
    await answer(manual, "kept");
    await first;
    const forced = cache.refresh("db");
    await settle();
    manual.pending[0]!.reject(Object.assign(new Error("aborted by the client"), { name: "AbortError" }));

    await expect(forced).rejects.toMatchObject({ name: "AbortError" });
    expect(await cache.get("db")).toBe("kept");
    expect(manual.calls).toHaveLength(2);
    expect(events).toEqual(["refresh"]);
  });

  it("emits rotate only when a reload brings another version", async () => {
    const { manual, cache } = setup({ ttlMs: 60_000 });
    const rotations: unknown[] = [];
    cache.on("rotate", (event) => rotations.push(event));
    const first = cache.get("db");
    await answer(manual, "a", "v1");
    await first;
    const same = cache.refresh("db");
    await answer(manual, "a", "v1");
    await same;
    expect(rotations).toEqual([]);
    const rotated = cache.refresh("db");
    await answer(manual, "b", "v2");
    await rotated;
    expect(rotations).toEqual([{ name: "db", previousVersion: "v1", version: "v2" }]);
  });
});

describe("a cold load under throttling", () => {
  it("hands the 429 to its callers at once, retries nothing itself, and holds every load until Retry-After", async () => {
    const { manual, clock, cache } = setup();
    const outcome = cache.get("db").then(
      () => "resolved",
      (error: { statusCode?: number }) => error.statusCode,
    );
    await settle();
    // What reaches the cache has already been through the client's retries: the one retry layer.
    manual.pending[0]!.reject(httpError(429, { "retry-after": "2" }));
    expect(await outcome).toBe(429);
    const other = cache.get("other");
    await clock.advance(1_999);
    expect(manual.calls).toHaveLength(1); // nothing goes out during the vault's wait
    await clock.advance(1);
    expect(manual.calls).toHaveLength(2);
    await answer(manual, "later");
    expect(await other).toBe("later");
    expect(cache.stats()).toMatchObject({ errors: 1, requests: 2 });
  });
});

describe("the retry delay a failure asks for", () => {
  /** When (ms after the failure) the cache tries again after a 503 carrying `headers`, serving stale meanwhile. */
  async function retryAfter(headers: Record<string, string>): Promise<number> {
    const { manual, clock, cache } = setup({ ttlMs: 10_000, retryDelayMs: 8_000, maxRetryDelayMs: 8_000 });
    const first = cache.get("db");
    await answer(manual, "stale-ok");
    await first;
    await clock.advance(10_000);
    const served = cache.get("db");
    await settle();
    manual.pending[0]!.reject(httpError(503, headers));
    expect(await served).toBe("stale-ok");
    await clock.advance(0);
    for (let waited = 0; waited <= 8_000; waited += 100) {
      if (manual.calls.length > 2) return waited;
      await clock.advance(100);
    }
    return Infinity;
  }

  it.each([
    ["retry-after-ms", { "retry-after-ms": "1500" }, 1_500],
    ["x-ms-retry-after-ms", { "x-ms-retry-after-ms": "2500" }, 2_500],
    ["a retry-after-ms of 0", { "retry-after-ms": "0" }, 0],
    ["an empty retry-after-ms, then Retry-After", { "retry-after-ms": "", "retry-after": "3" }, 3_000],
    ["a negative retry-after-ms, then Retry-After", { "retry-after-ms": "-100", "retry-after": "3" }, 3_000],
    [
      "an infinite retry-after-ms, then Retry-After",
      { "retry-after-ms": "Infinity", "retry-after": "3" },
      3_000,
    ],
    ["no header: the backoff", {}, 4_000],
    ["an empty Retry-After: the backoff", { "retry-after": "" }, 4_000],
  ])("follows %s", async (_case, headers, delay) => {
    expect(await retryAfter(headers)).toBe(delay);
  });
});
