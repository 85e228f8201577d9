// SecretCache options and arguments checked up front: each bad option named with its allowed range, the
// documented defaults, and the facade's own argument checks, inspect text and listener removal.
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { resolveSettings } from "../../src/cache/settings.js";
import { SecretCache, type SecretCacheOptions, type SecretClient } from "../../src/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture | undefined;
afterEach(() => fixture?.dispose());

describe("SecretCache options", () => {
  it("default to the documented values", () => {
    expect(resolveSettings({})).toMatchObject({
      ttlMs: 300_000,
      refreshAheadRatio: 0.8,
      jitterRatio: 0.2,
      maxStaleMs: 3_600_000,
      negativeTtlMs: 30_000,
      maxEntries: 1000,
      maxConcurrency: 8,
      retryDelayMs: 1000,
      maxRetryDelayMs: 64_000,
      random: Math.random,
    });
  });

  it.each([
    [{ ttlMs: 0 }, RangeError, "options.ttlMs must be at least 1 (got 0)"],
    [{ refreshAheadRatio: 1.5 }, RangeError, "options.refreshAheadRatio must be from 0 to 1 (got 1.5)"],
    [{ jitterRatio: 1 }, RangeError, "options.jitterRatio must be from 0 to 0.99 (got 1)"],
    [{ jitterRatio: -0.1 }, RangeError, "options.jitterRatio must be from 0 to 0.99 (got -0.1)"],
    [{ maxStaleMs: -1 }, RangeError, "options.maxStaleMs must be at least 0 (got -1)"],
    [{ negativeTtlMs: -1 }, RangeError, "options.negativeTtlMs must be at least 0 (got -1)"],
    [{ maxEntries: 0 }, RangeError, "options.maxEntries must be an integer at least 1 (got 0)"],
    [{ maxConcurrency: 1.5 }, RangeError, "options.maxConcurrency must be an integer at least 1 (got 1.5)"],
    [{ retryDelayMs: 0 }, RangeError, "options.retryDelayMs must be at least 1 (got 0)"],
    [{ maxRetryDelayMs: 0 }, RangeError, "options.maxRetryDelayMs must be at least 1 (got 0)"],
    [{ ttlMs: "5" }, TypeError, "options.ttlMs must be a number (got string)"],
    [{ maxStaleMs: Number.NaN }, TypeError, "options.maxStaleMs must be a number (got number)"],
    [
      { retryDelayMs: 2_000, maxRetryDelayMs: 1_000 },
      RangeError,
      "options.maxRetryDelayMs must be at least options.retryDelayMs",
    ],
    [{ random: 0.5 }, TypeError, "options.random must be a function"],
  ])("refuses %j, naming the option", (options, type, message) => {
    expect(() => resolveSettings(options as SecretCacheOptions)).toThrow(type);
    expect(() => resolveSettings(options as SecretCacheOptions)).toThrow(message);
  });

  it("accepts the bounds themselves", () => {
    expect(() =>
      resolveSettings({
        ttlMs: 1,
        refreshAheadRatio: 1,
        jitterRatio: 0.99,
        maxStaleMs: 0,
        negativeTtlMs: 0,
        maxEntries: 1,
        maxConcurrency: 1,
        retryDelayMs: 5,
        maxRetryDelayMs: 5,
      }),
    ).not.toThrow();
  });

  it.each<[string, object]>([
    ["without now()", { setTimeout: () => 0, clearTimeout: () => undefined }],
    ["without setTimeout()", { now: () => 0, clearTimeout: () => undefined }],
    ["without clearTimeout()", { now: () => 0, setTimeout: () => 0 }],
  ])("refuses a clock %s", (_case, clock) => {
    expect(() => resolveSettings({ clock } as unknown as SecretCacheOptions)).toThrow(
      new TypeError("options.clock must have now(), setTimeout() and clearTimeout() functions"),
    );
  });

  it.each([null, "fast", 5])("refuses options that are not an object (%j)", (options) => {
    expect(() => resolveSettings(options as unknown as SecretCacheOptions)).toThrow(
      new TypeError("SecretCache options must be an object"),
    );
  });
});

describe("SecretCache arguments", () => {
  it.each([
    ["nothing", undefined],
    ["an object without getSecret", { vaultUrl: "https://myvault.vault.azure.net" }],
    ["an object without vaultUrl", { getSecret: async () => undefined }],
  ])("needs a SecretClient, not %s", (_case, client) => {
    expect(() => new SecretCache(client as unknown as SecretClient)).toThrow(
      new TypeError("SecretCache needs a SecretClient"),
    );
  });

  it("refuses names that are not an array, and names the bad entry of one", async () => {
    fixture = createCacheFixture();
    const cache = fixture.cache();
    await expect(cache.getMany("db" as unknown as string[])).rejects.toThrow(
      new TypeError("names must be an array of secret names"),
    );
    await expect(cache.preload("db" as unknown as string[])).rejects.toThrow(
      new TypeError("names must be an array of secret names"),
    );
    await expect(cache.preload(["ok", "not ok!"])).rejects.toThrow(/names\[\]/);
  });

  it("lists the names preload could not load, with their errors", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("present", "v");
    const cache = fixture.cache();
    const result = await cache.preload(["present", "absent"]);
    expect(result.loaded).toEqual(["present"]);
    expect(result.failed).toEqual([{ name: "absent", error: expect.objectContaining({ statusCode: 404 }) }]);
  });

  it("shows its vault and size, never a value, in util.inspect", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("db", "do-not-print");
    const cache = fixture.cache();
    await cache.get("db");
    expect(inspect(cache)).toBe(`SecretCache { vaultUrl: '${fixture.client.vaultUrl}', size: 1 }`);
  });

  it("stops calling a listener removed with off()", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("db", "v");
    const cache = fixture.cache();
    const seen: string[] = [];
    const listener = (event: { name: string }) => seen.push(event.name);
    cache.on("refresh", listener);
    cache.off("refresh", listener);
    cache.off("rotate", () => undefined); // never added: nothing happens
    await cache.get("db");
    expect(seen).toEqual([]);
  });
});
