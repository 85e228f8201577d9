// Invalidation: writes through the cache's SecretClient, explicit invalidate() racing an in-flight refresh,
// and rotations announced by the emulator's Event Grid events all show at the next get(), not after the TTL.
import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const TTL_MS = 60_000;

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (isRestError(error) ? error.statusCode : -1),
  );
}

describe("SecretCache invalidation by writes through the same client", () => {
  it("shows a setSecret at the next get of every cache on that client, without waiting for the TTL", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("rotating", "v1");
    const [first, second] = [fixture.cache({ ttlMs: TTL_MS }), fixture.cache({ ttlMs: TTL_MS })];
    expect([await first.get("rotating"), await second.get("rotating")]).toEqual(["v1", "v1"]);
    const evictions: string[] = [];
    first.on("evict", (event) => evictions.push(`${event.name}:${event.reason}`));

    await fixture.client.setSecret("rotating", "v2");

    expect([await first.get("rotating"), await second.get("rotating")]).toEqual(["v2", "v2"]);
    expect(evictions).toEqual(["rotating:written"]);
    expect(fixture.backendGets("rotating")).toBe(4);
  });

  it("keeps pinned versions across setSecret (a new version does not change an old one)", async () => {
    fixture = createCacheFixture();
    const v1 = await fixture.client.setSecret("pinned", "v1");
    const cache = fixture.cache({ ttlMs: TTL_MS });
    await cache.get("pinned", { version: v1.properties.version });
    await fixture.client.setSecret("pinned", "v2");
    expect(await cache.get("pinned", { version: v1.properties.version })).toBe("v1");
    expect(fixture.backendGets("pinned")).toBe(1);
  });

  it("drops every entry of a name on updateSecretProperties, delete, purge, recover and restore", async () => {
    fixture = createCacheFixture();
    const { client } = fixture;
    const v1 = await client.setSecret("lifecycle", "v1");
    const cache = fixture.cache({ ttlMs: TTL_MS, negativeTtlMs: TTL_MS });
    const pinned = { version: v1.properties.version };
    await cache.get("lifecycle");
    await cache.get("lifecycle", pinned);

    await client.updateSecretProperties("lifecycle", v1.properties.version!, { enabled: false });
    expect(await statusOf(cache.get("lifecycle"))).toBe(403);
    expect(await statusOf(cache.get("lifecycle", pinned))).toBe(403);
    await client.updateSecretProperties("lifecycle", v1.properties.version!, { enabled: true });
    expect(await cache.get("lifecycle")).toBe("v1");

    const backup = await client.backupSecret("lifecycle");
    await client.beginDeleteSecret("lifecycle");
    expect(await statusOf(cache.get("lifecycle"))).toBe(404); // remembered for negativeTtlMs from here

    await client.beginRecoverDeletedSecret("lifecycle");
    expect(await cache.get("lifecycle")).toBe("v1");

    await client.beginDeleteSecret("lifecycle");
    await client.purgeDeletedSecret("lifecycle");
    expect(await statusOf(cache.get("lifecycle"))).toBe(404);
    const requestsBeforeRestore = fixture.backendGets("lifecycle");
    await client.restoreSecretBackup(backup!);
    expect(await cache.get("lifecycle")).toBe("v1");
    expect(fixture.backendGets("lifecycle")).toBe(requestsBeforeRestore + 1);
  });

  it("does not let writes through another client reach the cache (only the TTL or an event does)", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("elsewhere", "v1");
    const cache = fixture.cache({ ttlMs: TTL_MS });
    await cache.get("elsewhere");
    await fixture.newOtherClient().setSecret("elsewhere", "v2");
    expect(await cache.get("elsewhere")).toBe("v1");
  });
});

describe("SecretCache invalidate() racing a refresh in flight", () => {
  it("never stores the old value an in-flight refresh brings back after invalidate()", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("race", "old");
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0 });
    await cache.get("race");
    await fixture.clock.advance(0.8 * TTL_MS);
    fixture.transport.hold("responses");
    expect(await cache.get("race")).toBe("old"); // starts a refresh; the vault's answer ("old") is held
    await settle();
    expect(fixture.transport.pending).toBe(1);

    await fixture.newOtherClient().setSecret("race", "new");
    cache.invalidate("race");
    fixture.transport.release();
    await settle();

    expect(await cache.get("race")).toBe("new");
    expect(await cache.get("race")).toBe("new");
    expect(fixture.backendGets("race")).toBe(3);
  });

  it("also when the invalidation comes from a write through the same client", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("race-write", "old");
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0 });
    await cache.get("race-write");
    await fixture.clock.advance(0.8 * TTL_MS);
    fixture.transport.hold("responses");
    await cache.get("race-write");
    await settle();

    await fixture.client.setSecret("race-write", "new");
    fixture.transport.release();
    await settle();

    expect(await cache.get("race-write")).toBe("new");
  });
});

describe("SecretCache rotation through emulator events", () => {
  it("does not let a refresh that started before the event overwrite the newer value, whatever the order", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("overtaken", "old");
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0 });
    const handled: Promise<unknown>[] = [];
    fixture.emulator.events.subscribe((event) => handled.push(cache.handleEvent(event)));
    await cache.get("overtaken");
    await fixture.clock.advance(0.8 * TTL_MS);
    fixture.transport.hold("responses");
    await cache.get("overtaken"); // refresh-ahead: its answer ("old") is held
    await settle();

    await fixture.newOtherClient().setSecret("overtaken", "new"); // the event starts a reload, held too
    await settle();
    expect(fixture.transport.pending).toBe(2);
    fixture.transport.release("newestFirst"); // the old answer lands last
    await Promise.all(handled);
    await settle();

    expect(await cache.get("overtaken")).toBe("new");
    expect(fixture.backendGets("overtaken")).toBe(3);
  });

  it.each(["EventGridSchema", "CloudEventSchemaV1_0"] as const)(
    "returns the new value at the next get after a SecretNewVersionCreated (%s), with no wait for the TTL",
    async (schema) => {
      fixture = createCacheFixture();
      await fixture.client.setSecret("rotated", "v1");
      const cache = fixture.cache({ ttlMs: TTL_MS });
      const rotations: string[] = [];
      cache.on("rotate", (event) => rotations.push(`${event.previousVersion}->${event.version}`));
      const handled: Promise<unknown>[] = [];
      fixture.emulator.events.subscribe((event) => handled.push(cache.handleEvent(event)), { schema });
      await cache.get("rotated");

      const v2 = await fixture.newOtherClient().setSecret("rotated", "v2"); // not through the cache's client

      expect(handled).toHaveLength(1);
      expect(await cache.get("rotated")).toBe("v2"); // joins the reload the event started
      await expect(handled[0]).resolves.toMatchObject({ matched: 1, ignored: 0 });
      expect(rotations).toEqual([expect.stringMatching(new RegExp(`->${v2.properties.version}$`))]);
      expect(fixture.backendGets("rotated")).toBe(2);
    },
  );
});
