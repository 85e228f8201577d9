// Per-call options and argument checks: refresh() and forceRefresh join the load in flight, abortSignal ends
// one caller's wait only, and bad options or names fail with a typed error naming them before any request.
import { afterEach, describe, expect, it } from "vitest";
import { SecretCache } from "../../src/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

describe("SecretCache per-call options", () => {
  it("coalesces concurrent refresh() calls into one request and resolves once the new value is cached", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("refreshed", "v1");
    const cache = fixture.cache({ ttlMs: 3_600_000 });
    await cache.get("refreshed");
    await fixture.newOtherClient().setSecret("refreshed", "v2");

    await Promise.all(Array.from({ length: 20 }, () => cache.refresh("refreshed")));

    expect(fixture.backendGets("refreshed")).toBe(2);
    expect(await cache.get("refreshed")).toBe("v2");
    expect(cache.stats()).toMatchObject({ refreshes: 1, coalesced: 19 });
  });

  it("with forceRefresh asks the vault even when the cached value is fresh", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("forced", "v1");
    const cache = fixture.cache({ ttlMs: 3_600_000 });
    await cache.get("forced");
    await fixture.newOtherClient().setSecret("forced", "v2");
    expect(await cache.get("forced")).toBe("v1");
    expect(await cache.get("forced", { forceRefresh: true })).toBe("v2");
  });

  it("ends only the aborting caller's wait; the shared load goes on and is cached", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("abortable", "v1");
    const cache = fixture.cache();
    fixture.transport.hold();
    const controller = new AbortController();
    const aborted = cache.get("abortable", { abortSignal: controller.signal });
    const patient = cache.get("abortable");
    await settle();

    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    fixture.transport.release();

    expect(await patient).toBe("v1");
    expect(await cache.get("abortable")).toBe("v1");
    expect(fixture.backendGets("abortable")).toBe(1);
    await expect(cache.get("abortable", { abortSignal: AbortSignal.abort() })).resolves.toBe("v1"); // a hit
  });
});

describe("SecretCache argument checks", () => {
  it("names the bad option in a TypeError or RangeError", () => {
    fixture = createCacheFixture();
    const make = (options: object) => () => new SecretCache(fixture.client, options);
    expect(make({ ttlMs: 0 })).toThrow(new RangeError("options.ttlMs must be at least 1 (got 0)"));
    expect(make({ refreshAheadRatio: 1.5 })).toThrow(
      "options.refreshAheadRatio must be from 0 to 1 (got 1.5)",
    );
    expect(make({ maxEntries: 2.5 })).toThrow("options.maxEntries must be an integer at least 1 (got 2.5)");
    expect(make({ maxConcurrency: "8" })).toThrow(
      new TypeError("options.maxConcurrency must be a number (got string)"),
    );
    expect(make({ retryDelayMs: 5_000, maxRetryDelayMs: 1_000 })).toThrow(
      "options.maxRetryDelayMs must be at least options.retryDelayMs",
    );
    expect(make({ clock: { now: () => 0 } })).toThrow(
      "options.clock must have now(), setTimeout() and clearTimeout()",
    );
    expect(() => new SecretCache({} as never)).toThrow(new TypeError("SecretCache needs a SecretClient"));
  });

  it("rejects a bad name, version or transform before any request", async () => {
    fixture = createCacheFixture();
    const cache = fixture.cache();
    await expect(cache.get("not a name!")).rejects.toThrow(/name/);
    await expect(cache.get(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(cache.get("ok", { version: "../etc" })).rejects.toThrow(/options\.version/);
    await expect(cache.getMany(["ok", "bad name"])).rejects.toThrow(/names\[\]/);
    await expect(cache.preload("ok" as unknown as string[])).rejects.toThrow(
      "names must be an array of secret names",
    );
    expect(() => cache.invalidate("bad name")).toThrow(/name/);
    expect(fixture.emulator.journal.entries()).toEqual([]);
    await fixture.client.setSecret("ok", "v");
    await expect(cache.get("ok", { transform: "yaml" as "json" })).rejects.toThrow(
      'options.transform must be "json" or "binary" (got "yaml")',
    );
  });
});
