// What invalidation and events reach: one pinned version (any casing) or every entry of one name, never
// other names; clear() silently; events for names the cache has no value of; SecretExpired by version.
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

function event(
  kind: "SecretNewVersionCreated" | "SecretNearExpiry" | "SecretExpired",
  name: string,
  version = "",
) {
  return {
    eventType: `Microsoft.KeyVault.${kind}`,
    subject: name,
    data: { VaultName: "emulator", ObjectName: name, Version: version },
  };
}

async function setupVersions() {
  fixture = createCacheFixture();
  const v1 = (await fixture.client.setSecret("db", "one")).properties.version!;
  const v2 = (await fixture.client.setSecret("db", "two")).properties.version!;
  await fixture.client.setSecret("other", "kept");
  const cache = fixture.cache({ ttlMs: 3_600_000 });
  await cache.get("db");
  await cache.get("db", { version: v1 });
  await cache.get("db", { version: v2 });
  await cache.get("other");
  const evicted: string[] = [];
  cache.on("evict", (e) =>
    evicted.push(`${e.name}/${e.version === v1 ? "v1" : e.version === v2 ? "v2" : "latest"}:${e.reason}`),
  );
  return { cache, v1, v2, evicted };
}

describe("SecretCache.invalidate", () => {
  it("with a version, forgets that pinned version only, whatever its casing", async () => {
    const { cache, v1, evicted } = await setupVersions();
    cache.invalidate("DB", v1.toUpperCase());
    expect(evicted).toEqual(["db/v1:invalidated"]);
    expect(cache.stats().size).toBe(3);
  });

  it("without a version, forgets every entry of that name and no other", async () => {
    const { cache, evicted } = await setupVersions();
    cache.invalidate("db");
    expect(evicted.sort()).toEqual(["db/latest:invalidated", "db/v1:invalidated", "db/v2:invalidated"]);
    expect(cache.stats().size).toBe(1);
    await cache.get("other");
    expect(fixture.backendGets("other")).toBe(1);
  });

  it("names the version parameter when it is malformed", async () => {
    const { cache } = await setupVersions();
    expect(() => cache.invalidate("db", "not/a/version")).toThrow(/\bversion\b/);
  });
});

describe("SecretCache.clear", () => {
  it("forgets everything without evict events", async () => {
    const { cache, evicted } = await setupVersions();
    cache.clear();
    expect(cache.stats().size).toBe(0);
    expect(evicted).toEqual([]);
    await cache.get("other");
    expect(fixture.backendGets("other")).toBe(2);
  });

  it("emits no evict event for a remembered 404 that is invalidated", async () => {
    const { cache, evicted } = await setupVersions();
    await cache.get("missing").catch(() => undefined);
    cache.invalidate("missing");
    expect(evicted).toEqual([]);
  });
});

describe("SecretCache.handleEvent edges", () => {
  it("ignores a new version of a name it holds nothing of", async () => {
    const { cache } = await setupVersions();
    expect(await cache.handleEvent(event("SecretNewVersionCreated", "unknown", "abc"))).toMatchObject({
      matched: 1,
    });
    expect(fixture.backendGets("unknown")).toBe(0);
  });

  it("does not reload for the version it already holds", async () => {
    const { cache, v2 } = await setupVersions();
    await cache.handleEvent(event("SecretNewVersionCreated", "db", v2));
    expect(fixture.backendGets("db")).toBe(3);
  });

  it("forgets a remembered 404 on a new version, so the next get loads it at once", async () => {
    const { cache } = await setupVersions();
    await cache.get("late").catch(() => undefined);
    await fixture.newOtherClient().setSecret("late", "now-there");
    await cache.handleEvent(event("SecretNearExpiry", "late"));
    await expect(cache.get("late")).rejects.toMatchObject({ statusCode: 404 });
    await cache.handleEvent(event("SecretNewVersionCreated", "late", "abc"));
    expect(await cache.get("late")).toBe("now-there");
  });

  it("drops only the entries holding the expired version (and those holding no value)", async () => {
    const { cache, v1, evicted } = await setupVersions();
    await cache.get("db", { version: "0".repeat(32) }).catch(() => undefined); // a remembered 404
    await cache.handleEvent(event("SecretExpired", "db", v1));
    expect(evicted).toEqual(["db/v1:event"]);
    expect(cache.stats().size).toBe(3);
  });

  it("drops every entry of the name when the expiry names no version", async () => {
    const { cache, evicted } = await setupVersions();
    await cache.handleEvent(event("SecretExpired", "db"));
    expect(evicted.sort()).toEqual(["db/latest:event", "db/v1:event", "db/v2:event"]);
    expect(cache.stats().size).toBe(1);
  });
});
