// Refresh-ahead is single-flight: hits past the refresh point while the background refresh is still on its
// way join it instead of each starting another GET.
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const TTL_MS = 10_000;

describe("SecretCache refresh-ahead under a burst of hits", () => {
  it("makes one background GET for 10 hits at the refresh point, not one per hit", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("hot", "v1");
    const cache = fixture.cache({ ttlMs: TTL_MS, jitterRatio: 0, refreshAheadRatio: 0.5 });
    await cache.get("hot");
    await fixture.clock.advance(0.5 * TTL_MS);

    // The refresh stays on its way while the hits arrive, as it would on a real network.
    fixture.transport.hold();
    const values = [];
    for (let hit = 0; hit < 10; hit++) values.push(await cache.get("hot"));
    fixture.transport.release();
    await settle();

    expect(values).toEqual(Array(10).fill("v1"));
    expect(fixture.backendGets("hot")).toBe(2); // the first load and one refresh
    expect(cache.stats()).toMatchObject({ hits: 10, misses: 1, refreshes: 1, requests: 2 });
  });
});
