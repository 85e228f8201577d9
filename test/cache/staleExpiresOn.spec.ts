// Stale-if-error never outlives the secret: a value whose expiresOn has passed is not served while the vault
// fails, however long maxStaleMs is.
import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const TTL_MS = 5_000;
const EXPIRES_IN_MS = 20_000;

describe("SecretCache stale-if-error and expiresOn", () => {
  it("serves the stale value up to its expiresOn, then surfaces the vault's error", async () => {
    fixture = createCacheFixture();
    const expiresOn = new Date(fixture.clock.now() + EXPIRES_IN_MS);
    await fixture.client.setSecret("short-lived", "v1", { expiresOn });
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0, maxStaleMs: 3_600_000 });
    await cache.get("short-lived");
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: "always" });

    await fixture.clock.advance(EXPIRES_IN_MS - 1);
    expect(await cache.get("short-lived")).toBe("v1"); // stale, the secret still valid

    await fixture.clock.advance(1);
    const error = await cache.get("short-lived").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isRestError(error) && error.statusCode).toBe(503);
  });
});
