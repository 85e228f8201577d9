// Speed within the vault's limits: gets run at most `concurrency` at a time, a load is paced so that it
// alone never makes the vault throttle, and a 429 that outlives the client's retries pauses every new request.
import { afterEach, describe, expect, it } from "vitest";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { SecretClient } from "../../src/index.js";
import { createConfigFixture, type ConfigFixture } from "../helpers/configFixture.js";

let fixture: ConfigFixture;
afterEach(() => fixture?.dispose());

async function vaultOf(count: number): Promise<void> {
  const secrets: Record<string, string> = {};
  for (let i = 0; i < count; i++) secrets[`k${i}`] = `v${i}`;
  await fixture.seed(secrets);
}

describe("loadSecretsConfig: pacing", () => {
  it("keeps at most `concurrency` gets in flight, and uses them", async () => {
    fixture = createConfigFixture();
    await vaultOf(60);
    let inFlight = 0;
    let peak = 0;
    const counting: HttpClient = {
      async sendRequest(request) {
        // Gets only (`/secrets/{name}/`): the listing's pages run beside them, outside the slots.
        if (!/^\/secrets\/[^/]+/.test(new URL(request.url).pathname))
          return fixture.emulator.sendRequest(request);
        peak = Math.max(peak, ++inFlight);
        try {
          await new Promise((resolve) => setImmediate(resolve));
          return await fixture.emulator.sendRequest(request);
        } finally {
          inFlight--;
        }
      },
    };
    const client = new SecretClient(fixture.emulator.vaultUrl, fixture.emulator.credential, {
      httpClient: counting,
    });
    await fixture.load({ concurrency: 5 }, client);
    expect(peak).toBe(5);
  });

  it("paces a load so that it alone never makes a throttling vault answer 429", async () => {
    // A vault allowing 50 transactions per 10 s, and 120 secrets: unpaced, the load would be throttled.
    fixture = createConfigFixture({ throttle: { transactions: 50, creates: 1000, windowMs: 10_000 } });
    await vaultOf(120);
    await fixture.clock.advance(10_000);
    fixture.mark();
    const loading = fixture.load({ pacing: { requests: 40, windowMs: 10_000 } });
    for (let i = 0; i < 6; i++) await fixture.clock.advance(10_000);
    const config = await loading;
    expect(config.names).toHaveLength(120);
    const statuses = fixture.emulator.journal.entries().map((entry) => entry.status);
    expect(statuses).not.toContain(429);
    expect(fixture.count("getSecret")).toBe(120);
  });

  it("pauses every new request when a 429 outlives the client's retries, and retries nothing itself", async () => {
    fixture = createConfigFixture();
    await vaultOf(4);
    fixture.emulator.faults.add({
      kind: "status",
      status: 429,
      operation: "getSecret",
      secretName: "k0",
      times: "always",
      retryAfterSeconds: 30,
    });
    fixture.mark();
    const restore = fixture.clock.driveGlobalTimers();
    try {
      const loading = fixture.load({ concurrency: 1 }).catch((error: unknown) => error);
      await fixture.clock.advance(89_000); // the client's 3 retries, 30 s apart: k0 fails at 90 s
      const others = fixture.count("getSecret") - fixture.count("getSecret", "k0");
      await fixture.clock.advance(1_000);
      expect(fixture.count("getSecret", "k0")).toBe(4);
      await fixture.clock.advance(29_000); // paused for the vault's 30 s
      expect(fixture.count("getSecret") - fixture.count("getSecret", "k0")).toBe(others);
      await fixture.clock.advance(2_000);
      const error = (await loading) as { problems: unknown[] };
      expect(error.problems).toEqual([{ name: "k0", reason: expect.stringMatching(/^429/) }]);
      expect(fixture.count("getSecret")).toBe(7);
    } finally {
      restore();
    }
  });
});
