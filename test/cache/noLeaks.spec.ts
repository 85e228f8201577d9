// No value ever leaves the cache except as an answer: not in errors, logs, stats, event payloads,
// util.inspect or JSON.stringify of the cache.
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";
import { captureAzureLogs } from "../helpers/logCapture";

let fixture: CacheFixture;
afterEach(() => fixture?.dispose());

const VALUE = "pa55w0rd-that-must-never-leak";
const ROTATED = "r0tated-value-that-must-never-leak";

describe("SecretCache never leaks a value", () => {
  it("keeps values out of events, stats, errors, logs, inspect and JSON through a whole life cycle", async () => {
    const logs = captureAzureLogs("verbose");
    try {
      fixture = createCacheFixture();
      const secret = await fixture.client.setSecret("leaky", VALUE);
      const cache = fixture.cache({ ttlMs: 5_000, jitterRatio: 0 });
      const payloads: unknown[] = [];
      for (const event of ["refresh", "stale", "error", "evict", "rotate"] as const) {
        cache.on(event, (payload) => payloads.push({ event, payload }));
      }
      fixture.emulator.events.subscribe((event) => void cache.handleEvent(event));

      expect(await cache.get("leaky")).toBe(VALUE);
      await cache.get("leaky", { version: secret.properties.version });
      fixture.emulator.faults.add({ kind: "status", status: 503, operation: "getSecret", times: 2 });
      await fixture.clock.advance(5_000);
      expect(await cache.get("leaky")).toBe(VALUE); // past the TTL: served at once, refreshed in the background
      await settle(); // the refresh meets the 503: an error event
      expect(await cache.get("leaky")).toBe(VALUE); // stale-if-error: a stale event
      await fixture.newOtherClient().setSecret("leaky", ROTATED); // event → rotate
      await fixture.clock.advance(10_000);
      expect(await cache.get("leaky")).toBe(ROTATED);
      const notJson = await cache.get("leaky", { transform: "json" }).catch((error: Error) => error);
      await fixture.client.updateSecretProperties("leaky", secret.properties.version!, { enabled: false });
      const forbidden = await cache
        .get("leaky", { version: secret.properties.version })
        .catch((error: Error) => error);

      const kinds = new Set(payloads.map((entry) => (entry as { event: string }).event));
      expect(kinds).toEqual(new Set(["refresh", "stale", "error", "evict", "rotate"]));
      const surfaces = [
        inspect(payloads, { depth: 8 }),
        JSON.stringify(payloads),
        inspect(cache, { depth: 8, showHidden: true }),
        JSON.stringify(cache),
        String(cache),
        JSON.stringify(cache.stats()),
        inspect(notJson),
        inspect(forbidden, { depth: 4 }),
        logs.lines.join("\n"),
      ];
      for (const surface of surfaces) {
        expect(surface).not.toContain(VALUE);
        expect(surface).not.toContain(ROTATED);
      }
      expect(JSON.parse(JSON.stringify(cache))).toEqual({
        vaultUrl: fixture.client.vaultUrl,
        stats: cache.stats(),
      });
    } finally {
      logs.restore();
    }
  });
});
