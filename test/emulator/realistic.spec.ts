// The service's limits on request: per-vault throttling (rolling window on the emulator clock) and the
// propagation windows of `realistic`, each settable alone; plus the /health path and option checks.
import { describe, expect, it } from "vitest";
import { createEmulatorHttpClient, type EmulatorHttpClient } from "../../src/emulator/index.js";
import { json, send } from "./rawRequests.js";

const THROTTLED = {
  error: {
    code: "Throttled",
    message:
      "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached",
  },
};

async function statuses(emulator: EmulatorHttpClient, count: number, method: string, path: string) {
  const counts = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const response = await send(emulator, method, path, method === "PUT" ? { body: '{"value":"v"}' } : {});
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}

describe("throttling", () => {
  it("admits 4,000 transactions per rolling 10 s per vault, then answers 429 Throttled without Retry-After", async () => {
    const emulator = createEmulatorHttpClient({ throttle: true });
    emulator.clock.freeze();
    expect(await statuses(emulator, 4000, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 4000 });
    const throttled = await send(emulator, "GET", "/secrets?api-version=7.6");
    expect(throttled.status).toBe(429);
    expect(json(throttled)).toEqual(THROTTLED);
    expect(throttled.headers.get("retry-after")).toBeUndefined();
    expect(throttled.headers.get("retry-after-ms")).toBeUndefined();
    expect(throttled.headers.get("x-ms-request-id")).toBeTruthy();

    // Rejected requests do not count: once the first admitted ones leave the window, requests pass again.
    expect(await statuses(emulator, 50, "GET", "/secrets?api-version=7.6")).toEqual({ 429: 50 });
    emulator.clock.advance(9_999);
    expect((await send(emulator, "GET", "/secrets?api-version=7.6")).status).toBe(429);
    emulator.clock.advance(1);
    expect(await statuses(emulator, 4000, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 4000 });
    expect((await send(emulator, "GET", "/secrets?api-version=7.6")).status).toBe(429);
    expect(emulator.journal.entries().filter((entry) => entry.status === 429)).toHaveLength(53);
  });

  it("limits creations separately: 300 sets per 10 s, while reads still pass", async () => {
    const emulator = createEmulatorHttpClient({ throttle: true });
    emulator.clock.freeze();
    expect(await statuses(emulator, 301, "PUT", "/secrets/burst?api-version=7.6")).toEqual({
      200: 300,
      429: 1,
    });
    expect((await send(emulator, "GET", "/secrets/burst?api-version=7.6")).status).toBe(200);
    emulator.clock.advance(10_000);
    expect(
      (await send(emulator, "PUT", "/secrets/burst?api-version=7.6", { body: '{"value":"v"}' })).status,
    ).toBe(200);
  });

  it("takes custom limits, counts vaults apart, and leaves unauthenticated probes and health checks uncounted", async () => {
    const options = { throttle: { transactions: 3, windowMs: 1_000 } };
    const one = createEmulatorHttpClient(options);
    const two = createEmulatorHttpClient(options);
    for (const emulator of [one, two]) emulator.clock.freeze();
    for (let i = 0; i < 5; i++) {
      await send(one, "GET", "/secrets?api-version=7.6", { authorized: false });
      await send(one, "GET", "/health", { authorized: false });
    }
    expect(await statuses(one, 4, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 3, 429: 1 });
    expect(await statuses(two, 3, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 3 });
  });

  it("is off by default", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.clock.freeze();
    expect(await statuses(emulator, 4100, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 4100 });
  });

  it.each([
    [{ throttle: { transactions: 0 } }, RangeError, "throttle.transactions must be a whole number >= 1"],
    [{ throttle: { create: 5 } }, TypeError, 'throttle has an unknown key "create"'],
  ])("refuses bad limits %j naming the field", (options, type, message) => {
    expect(() => createEmulatorHttpClient(options as never)).toThrow(type);
    expect(() => createEmulatorHttpClient(options as never)).toThrow(message);
  });
});

describe("realistic", () => {
  it("turns on 10-s delete and recover windows, a 20-s purge window and throttling", async () => {
    const emulator = createEmulatorHttpClient({ realistic: true });
    emulator.clock.freeze();
    await send(emulator, "PUT", "/secrets/slow?api-version=7.6", { body: '{"value":"v"}' });
    expect((await send(emulator, "DELETE", "/secrets/slow?api-version=7.6")).status).toBe(200);
    expect((await send(emulator, "GET", "/deletedsecrets/slow?api-version=7.6")).status).toBe(404);
    emulator.clock.advance(9_999);
    expect(
      (await send(emulator, "PUT", "/secrets/slow?api-version=7.6", { body: '{"value":"v"}' })).status,
    ).toBe(409);
    emulator.clock.advance(1);
    expect((await send(emulator, "GET", "/deletedsecrets/slow?api-version=7.6")).status).toBe(200);
    expect((await send(emulator, "POST", "/deletedsecrets/slow/recover?api-version=7.6")).status).toBe(200);
    emulator.clock.advance(9_999);
    expect((await send(emulator, "GET", "/secrets/slow?api-version=7.6")).status).toBe(404);
    emulator.clock.advance(1);
    expect((await send(emulator, "GET", "/secrets/slow?api-version=7.6")).status).toBe(200);

    await send(emulator, "DELETE", "/secrets/slow?api-version=7.6");
    emulator.clock.advance(10_000);
    expect((await send(emulator, "DELETE", "/deletedsecrets/slow?api-version=7.6")).status).toBe(204);
    emulator.clock.advance(19_999);
    expect(
      (await send(emulator, "PUT", "/secrets/slow?api-version=7.6", { body: '{"value":"v"}' })).status,
    ).toBe(409);
    emulator.clock.advance(1);
    expect(
      (await send(emulator, "PUT", "/secrets/slow?api-version=7.6", { body: '{"value":"v"}' })).status,
    ).toBe(200);
    expect(await statuses(emulator, 4001, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 4000, 429: 1 });
  });

  it("lets each part be set alone: explicit windows and throttle: false win", async () => {
    const emulator = createEmulatorHttpClient({ realistic: true, deleteDelayMs: 0, throttle: false });
    emulator.clock.freeze();
    await send(emulator, "PUT", "/secrets/fast?api-version=7.6", { body: '{"value":"v"}' });
    await send(emulator, "DELETE", "/secrets/fast?api-version=7.6");
    expect((await send(emulator, "GET", "/deletedsecrets/fast?api-version=7.6")).status).toBe(200);
    expect((await send(emulator, "POST", "/deletedsecrets/fast/recover?api-version=7.6")).status).toBe(200);
    expect((await send(emulator, "GET", "/secrets/fast?api-version=7.6")).status).toBe(404);
    expect(await statuses(emulator, 4100, "GET", "/secrets?api-version=7.6")).toEqual({ 200: 4100 });
  });
});

describe("/health", () => {
  it("answers 200 without a token, and is not journalled", async () => {
    const emulator = createEmulatorHttpClient();
    const response = await send(emulator, "GET", "/health", { authorized: false });
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ status: "ok" });
    expect(emulator.journal.entries()).toEqual([]);
  });
});

describe("option checks", () => {
  it.each([
    [{ corz: "*" }, 'createEmulatorHttpClient() has no option "corz"'],
    [{ cors: "not a url" }, 'cors origin "not a url" is not "*" or an origin'],
    [{ cors: ["http://localhost:5173/app"] }, 'cors origin "http://localhost:5173/app"'],
    [{ cors: "ftp://example.com" }, 'cors origin "ftp://example.com"'],
  ])("refuses %j naming the field", (options, message) => {
    expect(() => createEmulatorHttpClient(options as never)).toThrow(TypeError);
    expect(() => createEmulatorHttpClient(options as never)).toThrow(message);
  });

  it("accepts origins with a trailing slash or in upper case", () => {
    expect(() => createEmulatorHttpClient({ cors: ["http://LOCALHOST:5173/", "*"] })).not.toThrow();
  });
});
