// Authoritative answers are never masked by the cache: a 404 is remembered for negativeTtlMs (one request per
// window), a disabled secret (403) or a rejected credential (401) drops the entry and surfaces the error. A
// caller served the held value past the TTL does not wait for the background refresh; what that refresh
// meets is what the next get sees.
import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

async function failure(promise: Promise<unknown>): Promise<{ status?: number; code?: string }> {
  return promise.then(
    () => ({}),
    (error: unknown) =>
      isRestError(error) ? { status: error.statusCode, code: error.code } : { code: String(error) },
  );
}

describe("SecretCache and authoritative answers", () => {
  it("remembers a 404 for negativeTtlMs: one backend request per window however many gets", async () => {
    fixture = createCacheFixture();
    const cache = fixture.cache({ negativeTtlMs: 10_000 });
    for (let window = 1; window <= 3; window++) {
      for (let i = 0; i < 40; i++) {
        expect(await failure(cache.get("missing"))).toEqual({ status: 404, code: "SecretNotFound" });
        await fixture.clock.advance(200); // 40 × 200 ms = 8 s, inside the window
      }
      expect(fixture.backendGets("missing")).toBe(window);
      await fixture.clock.advance(2_000);
    }
    expect(cache.stats()).toMatchObject({ misses: 3, hits: 117, size: 1 });

    await fixture.client.setSecret("missing", "now-here"); // a write through the client ends the 404 at once
    expect(await cache.get("missing")).toBe("now-here");
  });

  it("drops the entry when the background refresh meets a disabled secret's 403, and the next get surfaces it", async () => {
    fixture = createCacheFixture();
    const secret = await fixture.client.setSecret("disabled", "v1");
    const cache = fixture.cache({ ttlMs: 5_000, jitterRatio: 0, maxStaleMs: 3_600_000 });
    const evictions: string[] = [];
    cache.on("evict", (event) => evictions.push(event.reason));
    await cache.get("disabled");
    await fixture
      .newOtherClient()
      .updateSecretProperties("disabled", secret.properties.version!, { enabled: false });

    await fixture.clock.advance(5_000);
    expect(await cache.get("disabled")).toBe("v1"); // past the TTL: served at once, refreshed in the background
    await settle();
    expect(evictions).toEqual(["forbidden"]); // maxStaleMs does not keep it: a 403 is authoritative
    expect(cache.stats()).toMatchObject({ size: 0, staleHits: 1 });
    expect(await failure(cache.get("disabled"))).toEqual({ status: 403, code: "Forbidden" });
    expect(await failure(cache.get("disabled"))).toEqual({ status: 403, code: "Forbidden" });
    expect(fixture.backendGets("disabled")).toBe(4); // a 403 is not remembered: re-enabling shows at once
  });

  it("drops the entry when the background refresh meets a 401 (credential rejected), and the next get surfaces it", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("guarded", "v1");
    let valid = true;
    const credential: TokenCredential = {
      getToken: (scopes, options) =>
        valid
          ? fixture.emulator.credential.getToken(scopes, options)
          : Promise.resolve({ token: "not-a-valid-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const client = new SecretClient(fixture.emulator.vaultUrl, credential, {
      httpClient: fixture.transport,
      retryOptions: { maxRetries: 0 },
    });
    const cache = fixture.cache({ ttlMs: 5_000, jitterRatio: 0, maxStaleMs: 24 * 3_600_000 }, client);
    await cache.get("guarded");

    valid = false;
    await fixture.clock.advance(2 * 3_600_000); // the emulator now rejects the cached token as expired
    expect(await cache.get("guarded")).toBe("v1"); // within maxStaleMs: served, refreshed in the background
    await settle();
    expect(cache.stats().size).toBe(0);
    expect((await failure(cache.get("guarded"))).status).toBe(401);
  });
});
