import { afterEach, describe, expect, it } from "vitest";
import { captureTimers, type CapturedTimers } from "../helpers/capturedTimers.js";
import { createClientFixture } from "../helpers/clientFixture.js";

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
});

/** Sets a secret (authenticating the client) and then captures timers, so only retry waits are recorded. */
async function readyFixture(clientOptions = {}) {
  const fixture = createClientFixture(clientOptions);
  await fixture.client.setSecret("target", "v");
  timers = captureTimers();
  return { ...fixture, timers };
}

function statusesOf(fixture: {
  emulator: { journal: { entries(): Array<{ operation?: string; status: number }> } };
}) {
  return fixture.emulator.journal
    .entries()
    .filter((e) => e.operation === "getSecret")
    .map((e) => e.status);
}

describe("SecretClient retries", () => {
  it("waits as long as Retry-After says on a 429, then succeeds", async () => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({
      kind: "status",
      status: 429,
      retryAfterSeconds: 3,
      operation: "getSecret",
    });
    await expect(fixture.client.getSecret("target")).resolves.toMatchObject({ value: "v" });
    expect(fixture.timers.delays).toEqual([3000]);
    expect(statusesOf(fixture)).toEqual([429, 200]);
  });

  it("honours retry-after-ms on a 429", async () => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({ kind: "status", status: 429, retryAfterMs: 1500, operation: "getSecret" });
    await fixture.client.getSecret("target");
    expect(fixture.timers.delays).toEqual([1500]);
  });

  it("retries a 429 without retry headers (what Key Vault sends) with exponential backoff and jitter", async () => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({ kind: "status", status: 429, operation: "getSecret", times: 2 });
    await expect(fixture.client.getSecret("target")).resolves.toMatchObject({ value: "v" });
    const [first, second] = fixture.timers.delays;
    expect(fixture.timers.delays).toHaveLength(2);
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1000);
    expect(second).toBeGreaterThanOrEqual(1000);
    expect(second).toBeLessThanOrEqual(2000);
    expect(statusesOf(fixture)).toEqual([429, 429, 200]);
  });

  it("gives up after maxRetries and surfaces the 429 as a RestError with code Throttled", async () => {
    const fixture = await readyFixture({ retryOptions: { maxRetries: 2 } });
    fixture.emulator.faults.add({ kind: "status", status: 429, operation: "getSecret", times: "always" });
    await expect(fixture.client.getSecret("target")).rejects.toMatchObject({
      statusCode: 429,
      code: "Throttled",
    });
    expect(statusesOf(fixture)).toEqual([429, 429, 429]);
    expect(fixture.timers.delays).toHaveLength(2);
  });

  it("respects retryDelayInMs and maxRetryDelayInMs from retryOptions", async () => {
    const fixture = await readyFixture({
      retryOptions: { retryDelayInMs: 100, maxRetryDelayInMs: 150, maxRetries: 3 },
    });
    fixture.emulator.faults.add({ kind: "status", status: 429, operation: "getSecret", times: 3 });
    await fixture.client.getSecret("target");
    expect(fixture.timers.delays).toHaveLength(3);
    for (const delay of fixture.timers.delays) {
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThanOrEqual(150);
    }
  });

  it("retries after a connection reset", async () => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({ kind: "reset", operation: "getSecret" });
    await expect(fixture.client.getSecret("target")).resolves.toMatchObject({ value: "v" });
    expect(fixture.timers.delays).toHaveLength(1);
    expect(fixture.timers.delays[0]).toBeGreaterThanOrEqual(500);
    expect(fixture.timers.delays[0]).toBeLessThanOrEqual(1000);
  });

  it("surfaces repeated connection resets as REQUEST_SEND_ERROR after the retries", async () => {
    const fixture = await readyFixture({ retryOptions: { maxRetries: 1 } });
    fixture.emulator.faults.add({ kind: "reset", operation: "getSecret", times: "always" });
    await expect(fixture.client.getSecret("target")).rejects.toMatchObject({ code: "REQUEST_SEND_ERROR" });
    expect(fixture.timers.delays).toHaveLength(1);
  });

  it.each([500, 503, 408])("retries a %i", async (status) => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({ kind: "status", status, operation: "getSecret" });
    await expect(fixture.client.getSecret("target")).resolves.toMatchObject({ value: "v" });
    expect(statusesOf(fixture)).toEqual([status, 200]);
  });

  it.each([400, 401, 403, 404, 409, 501])("does not retry a %i", async (status) => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({ kind: "status", status, errorCode: "Injected", operation: "getSecret" });
    await expect(fixture.client.getSecret("target")).rejects.toMatchObject({ statusCode: status });
    expect(fixture.timers.delays).toEqual([]);
  });

  it("retries a PUT with its body intact", async () => {
    const fixture = await readyFixture();
    fixture.emulator.faults.add({ kind: "status", status: 503, operation: "setSecret" });
    await expect(fixture.client.setSecret("target", "second")).resolves.toMatchObject({ value: "second" });
    const puts = fixture.sent.filter((r) => r.method === "PUT").slice(-2);
    expect(puts.map((r) => JSON.parse(r.body).value)).toEqual(["second", "second"]);
  });
});
