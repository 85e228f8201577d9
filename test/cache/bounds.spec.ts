// What bounds an entry: the LRU size, immutability of pinned versions (no TTL), the secret's expiresOn, and
// transforms that run once per loaded value.
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

describe("SecretCache bounds", () => {
  it("keeps at most maxEntries entries, evicting the least recently used", async () => {
    fixture = createCacheFixture();
    for (const name of ["a", "b", "c", "d"]) await fixture.client.setSecret(name, `value-${name}`);
    const cache = fixture.cache({ maxEntries: 3 });
    const evicted: string[] = [];
    cache.on("evict", (event) => evicted.push(`${event.name}:${event.reason}`));

    await cache.getMany(["a", "b", "c"]);
    await cache.get("a"); // a is now the most recently used
    await cache.get("d");

    expect(evicted).toEqual(["b:lru"]);
    expect(cache.stats().size).toBe(3);
    await cache.getMany(["a", "c", "d"]);
    expect(fixture.backendGets()).toBe(4);
    await cache.get("b");
    expect(fixture.backendGets("b")).toBe(2);
  });

  it("caches pinned versions without TTL: days later, still no request", async () => {
    fixture = createCacheFixture();
    const v1 = await fixture.client.setSecret("pinned", "v1");
    const cache = fixture.cache({ ttlMs: 1_000 });
    await cache.get("pinned", { version: v1.properties.version });
    await fixture.clock.advance(10 * 24 * 3_600_000);
    expect(await cache.get("pinned", { version: v1.properties.version })).toBe("v1");
    expect(fixture.backendGets()).toBe(1);
  });

  it("never keeps a latest value past the secret's expiresOn, whatever the TTL", async () => {
    fixture = createCacheFixture();
    const expiresOn = new Date(fixture.clock.now() + 2_000);
    await fixture.client.setSecret("short-lived", "v1", { expiresOn });
    const cache = fixture.cache({ ttlMs: 300_000, refreshAheadRatio: 1 });
    await cache.get("short-lived");
    await fixture.clock.advance(1_999);
    await cache.get("short-lived");
    expect(fixture.backendGets("short-lived")).toBe(1);
    await fixture.clock.advance(1);
    await cache.get("short-lived");
    expect(fixture.backendGets("short-lived")).toBe(2);
  });

  it("parses JSON once per loaded value and hands out the same frozen object", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("config", JSON.stringify({ db: { host: "db.local", port: 5432 } }));
    const cache = fixture.cache();
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
      parses++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    let first: unknown;
    let second: unknown;
    try {
      await cache.get("config");
      parses = 0; // the client parsed the response body; from here only transforms count
      first = await cache.get("config", { transform: "json" });
      second = await cache.get("config", { transform: "json" });
    } finally {
      JSON.parse = parse;
    }
    expect(parses).toBe(1);
    expect(second).toBe(first);
    expect(first).toEqual({ db: { host: "db.local", port: 5432 } });
    expect(Object.isFrozen((first as { db: object }).db)).toBe(true);
    expect(await cache.get("config")).toBe(JSON.stringify({ db: { host: "db.local", port: 5432 } }));
  });

  it("decodes binary (base64) secrets once and hands out copies", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("blob", Buffer.from([1, 2, 3, 250]).toString("base64"));
    const cache = fixture.cache();
    const bytes = await cache.get("blob", { transform: "binary" });
    expect([...bytes]).toEqual([1, 2, 3, 250]);
    bytes[0] = 99;
    expect([...(await cache.get("blob", { transform: "binary" }))]).toEqual([1, 2, 3, 250]);
  });

  it("names the secret, never its value, when a transform fails", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("not-json", "hunter2 is not json!");
    const cache = fixture.cache();
    const error = await cache.get("not-json", { transform: "json" }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe('The value of secret "not-json" is not valid JSON');
    await expect(cache.get("not-json", { transform: "binary" })).rejects.toThrow(
      'The value of secret "not-json" is not valid base64',
    );
  });

  it("hands out a frozen model from getSecret, shared by every caller", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("model", "v1", { tags: { team: "payments" } });
    const cache = fixture.cache();
    const secret = await cache.getSecret("model");
    expect(secret.value).toBe("v1");
    expect(Object.isFrozen(secret) && Object.isFrozen(secret.properties)).toBe(true);
    expect(Object.isFrozen(secret.properties.tags)).toBe(true);
    expect(await cache.getSecret("model")).toBe(secret);
  });
});
