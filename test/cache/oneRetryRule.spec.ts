// One retry rule for both layers: the client's retry policy and SecretCache wait as long as a 429 or 503
// asks (retry-after-ms, x-ms-retry-after-ms, then Retry-After in seconds or as an HTTP date, as
// core-rest-pipeline reads them), and otherwise back off exponentially with jitter in the upper half.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretClient } from "../../src/index.js";
import { backoffInMs, retryAfterInMs } from "../../src/shared/retryDelay.js";
import { captureTimers, type CapturedTimers } from "../helpers/capturedTimers.js";
import { createCacheFixture, type CacheFixture } from "../helpers/cacheFixture.js";

const NOW = Date.UTC(2026, 10, 29, 12);

function answer(status: number, headers: Record<string, string>) {
  return { status, headers: { get: (name: string) => headers[name.toLowerCase()] } };
}

describe("the Retry-After rule", () => {
  it("reads retry-after-ms, then x-ms-retry-after-ms, then Retry-After in seconds or as an HTTP date", () => {
    const all = { "retry-after-ms": "1500", "x-ms-retry-after-ms": "1200", "retry-after": "7" };
    expect(retryAfterInMs(answer(429, all), NOW)).toBe(1500);
    expect(retryAfterInMs(answer(429, { ...all, "retry-after-ms": "soon" }), NOW)).toBe(1200);
    expect(retryAfterInMs(answer(503, { "retry-after": "7" }), NOW)).toBe(7000);
    expect(retryAfterInMs(answer(429, { "retry-after": new Date(NOW + 3000).toUTCString() }), NOW)).toBe(
      3000,
    );
  });

  it("treats a date in the past as now, and skips values that are negative or do not parse", () => {
    expect(retryAfterInMs(answer(429, { "retry-after": new Date(NOW - 3000).toUTCString() }), NOW)).toBe(0);
    expect(retryAfterInMs(answer(429, { "retry-after-ms": "-5", "retry-after": "2" }), NOW)).toBe(2000);
    expect(retryAfterInMs(answer(429, { "retry-after-ms": "Infinity" }), NOW)).toBeUndefined();
    expect(retryAfterInMs(answer(429, { "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(retryAfterInMs(answer(429, {}), NOW)).toBeUndefined();
  });

  it("applies only to 429 and 503, as core's throttling strategy", () => {
    for (const status of [408, 500, 502, 504])
      expect(retryAfterInMs(answer(status, { "retry-after": "7" }), NOW)).toBeUndefined();
  });
});

describe("the back-off rule", () => {
  it("waits a whole number of ms in the upper half of min(base · 2^(n-1), max)", () => {
    expect(backoffInMs(1, 1000, 64_000, () => 0)).toBe(500);
    expect(backoffInMs(1, 1000, 64_000, () => 0.999999)).toBe(999);
    expect(backoffInMs(4, 1000, 64_000, () => 0)).toBe(4000);
    expect(backoffInMs(30, 1000, 64_000, () => 0.5)).toBe(48_000);
  });

  it("stays finite after any number of failures, even without a useful maximum", () => {
    expect(backoffInMs(5_000, 1000, Infinity, () => 0)).toBe(1000 * 2 ** 29);
  });
});

describe("both layers wait alike for the same answer", () => {
  let fixture: CacheFixture | undefined;
  let timers: CapturedTimers | undefined;
  afterEach(() => {
    timers?.restore();
    timers = undefined;
    fixture?.dispose();
    fixture = undefined;
    vi.restoreAllMocks();
  });

  const cases: {
    label: string;
    status: number;
    headers: (now: number) => Record<string, string>;
    wait: number | "backoff";
  }[] = [
    {
      label: "retry-after-ms on a 429",
      status: 429,
      headers: () => ({ "retry-after-ms": "1500" }),
      wait: 1500,
    },
    {
      label: "x-ms-retry-after-ms before Retry-After",
      status: 429,
      headers: () => ({ "x-ms-retry-after-ms": "1200", "retry-after": "9" }),
      wait: 1200,
    },
    {
      label: "an unreadable retry-after-ms, then Retry-After",
      status: 429,
      headers: () => ({ "retry-after-ms": "soon", "retry-after": "2" }),
      wait: 2000,
    },
    {
      label: "Retry-After in seconds on a 503",
      status: 503,
      headers: () => ({ "retry-after": "3" }),
      wait: 3000,
    },
    {
      label: "Retry-After as an HTTP date",
      status: 429,
      headers: (now) => ({ "retry-after": new Date(now + 5000).toUTCString() }),
      wait: 5000,
    },
    // The cache used to honour this one (30 s); the client, like core, backs off instead.
    { label: "Retry-After on a 500", status: 500, headers: () => ({ "retry-after": "30" }), wait: "backoff" },
  ];

  /** The fixture's vault, answering `status` once with `headers` (added in front of the emulator). */
  function vaultAnswering(status: number, headers: (now: number) => Record<string, string>): CacheFixture {
    fixture = createCacheFixture();
    const current = fixture;
    // The client reads an HTTP date against Date.now(), the cache against its clock: one simulated time.
    vi.spyOn(Date, "now").mockImplementation(() => current.clock.now());
    const send = current.transport.sendRequest.bind(current.transport);
    current.transport.sendRequest = async (request) => {
      const response = await send(request);
      if (response.status === status) {
        for (const [name, value] of Object.entries(headers(current.clock.now())))
          response.headers.set(name, value);
      }
      return response;
    };
    return current;
  }

  /** How long the client's retry policy waits before trying again (default retryOptions). */
  async function clientWait(
    status: number,
    headers: (now: number) => Record<string, string>,
  ): Promise<number> {
    const vault = vaultAnswering(status, headers);
    const client = new SecretClient(vault.emulator.vaultUrl, vault.emulator.credential, {
      httpClient: vault.transport,
    });
    await client.setSecret("rule", "v1");
    vault.emulator.faults.add({ kind: "status", status, operation: "getSecret", times: 1 });
    timers = captureTimers();
    await expect(client.getSecret("rule")).resolves.toMatchObject({ value: "v1" });
    expect(timers.delays).toHaveLength(1);
    return timers.delays[0]!;
  }

  /** How long SecretCache waits before its next attempt after a failed refresh (its client retries nothing). */
  async function cacheWait(
    status: number,
    headers: (now: number) => Record<string, string>,
  ): Promise<number> {
    const vault = vaultAnswering(status, headers);
    await vault.client.setSecret("rule", "v1");
    const cache = vault.cache({ ttlMs: 10_000, jitterRatio: 0 });
    await cache.get("rule");
    await vault.clock.advance(8_000); // refresh-ahead is due
    vault.emulator.faults.add({ kind: "status", status, operation: "getSecret", times: 1 });
    expect(await cache.get("rule")).toBe("v1"); // served while the refresh fails
    await vault.clock.advance(60_000);
    const times = vault.emulator.journal
      .entries()
      .filter((entry) => entry.operation === "getSecret" && entry.status !== 401)
      .map((entry) => ({ time: entry.time, status: entry.status }));
    expect(times.map((entry) => entry.status)).toEqual([200, status, 200]);
    return times[2]!.time - times[1]!.time;
  }

  it.each(cases)("$label", async ({ status, headers, wait }) => {
    const waits = [await clientWait(status, headers)];
    fixture?.dispose();
    timers?.restore();
    timers = undefined;
    waits.push(await cacheWait(status, headers));

    if (wait === "backoff") {
      for (const waited of waits) {
        expect(waited).toBeGreaterThanOrEqual(500); // the first back-off of both: 1 s, upper half
        expect(waited).toBeLessThanOrEqual(1000);
      }
    } else {
      expect(waits).toEqual([wait, wait]);
    }
  });
});
