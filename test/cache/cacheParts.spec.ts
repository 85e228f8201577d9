// The cache's small parts on their own: the LRU map, the event emitter, the system clock, the concurrency
// limiter's pauses, and what an entry's key and lifetime are made of.
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../../src/shared/clock.js";
import { TypedEmitter } from "../../src/cache/emitter.js";
import { ConcurrencyLimiter } from "../../src/shared/limiter.js";
import { LruMap } from "../../src/cache/lru.js";
import { SecretCache } from "../../src/index.js";
import { createCacheFixture, SimulatedClock, type CacheFixture } from "../helpers/cacheFixture";
import { settle } from "../helpers/capturedTimers";
import { captureAzureLogs } from "../helpers/logCapture";
import { createManualSecretClient } from "../helpers/manualSecretClient";

let fixture: CacheFixture | undefined;
afterEach(() => {
  fixture?.dispose();
  fixture = undefined;
  vi.useRealTimers();
});

describe("LruMap", () => {
  it("does not add a key that a get() misses", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    expect(map.get("missing")).toBeUndefined();
    expect(map.size).toBe(1);
    expect([...map.values()]).toEqual([1]);
  });

  it("clear() empties it, and a key set again afterwards is the newest", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    map.clear();
    expect(map.size).toBe(0);
    map.set("a", 1);
    map.set("b", 2);
    map.get("a");
    expect(map.set("c", 3)).toEqual([2]);
  });
});

describe("TypedEmitter", () => {
  it("calls every listener of an event, in the order they were added", () => {
    const emitter = new TypedEmitter<{ tick: number }>();
    const calls: string[] = [];
    emitter.on("tick", (n) => calls.push(`first ${n}`));
    emitter.on("tick", (n) => calls.push(`second ${n}`));
    emitter.emit("tick", 1);
    expect(calls).toEqual(["first 1", "second 1"]);
  });

  it("logs a listener that throws (anything) by name only, and still calls the others", () => {
    const emitter = new TypedEmitter<{ tick: number }>();
    const calls: string[] = [];
    emitter.on("tick", () => {
      throw new RangeError("secret-looking detail");
    });
    emitter.on("tick", () => {
      throw undefined;
    });
    emitter.on("tick", () => calls.push("after"));
    const logs = captureAzureLogs("warning");
    try {
      emitter.emit("tick", 1);
    } finally {
      logs.restore();
    }
    expect(calls).toEqual(["after"]);
    const warnings = logs.lines.filter((line) => line.includes("listener threw"));
    expect(warnings).toEqual([
      expect.stringContaining('A SecretCache "tick" listener threw: RangeError'),
      expect.stringContaining('A SecretCache "tick" listener threw: undefined'),
    ]);
    expect(logs.lines.join("\n")).not.toContain("secret-looking detail");
  });

  it("forgets every listener on clear()", () => {
    const emitter = new TypedEmitter<{ tick: number }>();
    emitter.on("tick", () => undefined);
    expect(emitter.has("tick")).toBe(true);
    emitter.clear();
    expect(emitter.has("tick")).toBe(false);
  });
});

describe("systemClock", () => {
  it("reads Date.now() and runs timers that never keep the process alive, and can cancel them", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(systemClock.now()).toBe(1_000_000);
    const fired: string[] = [];
    const kept = systemClock.setTimeout(() => fired.push("kept"), 100) as { hasRef(): boolean };
    const cancelled = systemClock.setTimeout(() => fired.push("cancelled"), 100);
    expect(kept.hasRef()).toBe(false);
    systemClock.clearTimeout(cancelled);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["kept"]);
  });

  it("works where timer handles have no unref() (browsers)", () => {
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const fired: string[] = [];
    globalThis.setTimeout = (() => {
      fired.push("scheduled");
      return 7; // a number, as browsers hand out
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((handle: number) =>
      void fired.push(`cleared ${handle}`)) as typeof clearTimeout;
    try {
      const handle = systemClock.setTimeout(() => undefined, 100);
      systemClock.clearTimeout(handle);
    } finally {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    }
    expect(fired).toEqual(["scheduled", "cleared 7"]);
  });
});

describe("ConcurrencyLimiter pauses", () => {
  const task = (log: string[], name: string) => () => Promise.resolve(void log.push(name));

  it("starts a task at once when the pause has just ended", async () => {
    const clock = new SimulatedClock();
    const limiter = new ConcurrencyLimiter(2, clock);
    const log: string[] = [];
    limiter.pause(1_000);
    await clock.advance(1_000);
    void limiter.run(task(log, "at the end of the pause"));
    await settle();
    expect(log).toEqual(["at the end of the pause"]);
  });

  it("keeps the longer of two pauses, with one timer", async () => {
    const clock = new SimulatedClock();
    const limiter = new ConcurrencyLimiter(2, clock);
    const log: string[] = [];
    limiter.pause(5_000);
    limiter.pause(1_000);
    expect(clock.pendingTimers).toBe(1);
    void limiter.run(task(log, "queued"));
    await clock.advance(4_999);
    expect(log).toEqual([]);
    await clock.advance(1);
    expect(log).toEqual(["queued"]);
  });

  it("replaces the timer of a shorter pause by a longer one", () => {
    const clock = new SimulatedClock();
    const limiter = new ConcurrencyLimiter(2, clock);
    limiter.pause(1_000);
    limiter.pause(5_000);
    expect(clock.pendingTimers).toBe(1);
  });

  it("never runs more queued tasks than its limit when slots free up", async () => {
    const clock = new SimulatedClock();
    const limiter = new ConcurrencyLimiter(1, clock);
    const releases: (() => void)[] = [];
    const started: string[] = [];
    const held = (name: string) => () =>
      new Promise<void>((resolve) => {
        started.push(name);
        releases.push(resolve);
      });
    const runs = ["a", "b", "c"].map((name) => limiter.run(held(name)));
    await settle();
    expect(started).toEqual(["a"]);
    releases.shift()!();
    await settle();
    expect(started).toEqual(["a", "b"]);
    expect(limiter.active).toBe(1);
    releases.shift()!();
    await settle();
    releases.shift()!();
    await Promise.all(runs);
    expect(limiter.active).toBe(0);
  });
});

describe("entries", () => {
  it("keep pinned versions of different secrets apart", async () => {
    fixture = createCacheFixture();
    const a = await fixture.client.setSecret("a", "value-a");
    const b = await fixture.client.setSecret("b", "value-b");
    const cache = fixture.cache();
    expect(await cache.get("a", { version: a.properties.version })).toBe("value-a");
    expect(await cache.get("b", { version: b.properties.version })).toBe("value-b");
  });

  it("live a TTL shortened by the jitter, never lengthened", async () => {
    fixture = createCacheFixture();
    await fixture.client.setSecret("jittered", "v1");
    const cache = fixture.cache({ ttlMs: 10_000, jitterRatio: 0.2, random: () => 0.5, refreshAheadRatio: 1 });
    await cache.get("jittered");
    await fixture.clock.advance(8_999);
    await cache.get("jittered");
    expect(fixture.backendGets("jittered")).toBe(1);
    await fixture.clock.advance(1);
    await cache.get("jittered"); // past the jittered TTL: served stale while the refresh goes out
    await settle();
    expect(fixture.backendGets("jittered")).toBe(2);
  });

  it("read a secret without a value as an empty string, and parse JSON with nulls", async () => {
    const manual = createManualSecretClient();
    const cache = new SecretCache(manual.client, { clock: new SimulatedClock() });
    try {
      const empty = cache.get("empty");
      await settle();
      manual.pending[0]!.resolve(undefined as unknown as string);
      expect(await empty).toBe("");
      const json = cache.get("json", { transform: "json" });
      await settle();
      manual.pending[0]!.resolve('{"a":null,"b":[1,"x",null]}');
      const parsed = (await json) as { b: unknown[] };
      expect(parsed).toEqual({ a: null, b: [1, "x", null] });
      expect(Object.isFrozen(parsed.b)).toBe(true);
    } finally {
      cache.dispose();
    }
  });
});
