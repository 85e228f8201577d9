// `realistic` over real HTTPS with both clients: the official client's delete poller can be stopped and
// resumed inside the propagation window, and a burst past 4,000 requests in 10 s is throttled — ours
// retries the 429 (it has no Retry-After), the official client surfaces it. The emulator clock is frozen
// and advanced, so nothing waits out a real 10-s window.
import { SecretClient as OfficialSecretClient } from "@azure/keyvault-secrets";
import * as https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { SecretClient } from "../../src/index.js";

describe("realistic over HTTPS", () => {
  let emulator: RunningEmulator;
  let official: OfficialSecretClient;
  beforeAll(async () => {
    emulator = await startEmulator({ realistic: true });
    official = new OfficialSecretClient(emulator.vaultUrl, emulator.credential, {
      ...emulator.clientOptions,
      disableChallengeResourceVerification: true,
    });
  });
  afterAll(() => emulator.stop());

  it("lets the official delete and recover pollers be stopped and resumed while the service still propagates", async () => {
    emulator.clock.freeze();
    await official.setSecret("resumable", "v1");
    const poller = await official.beginDeleteSecret("resumable", { intervalInMs: 1 });
    await poller.poll();
    expect(poller.isDone()).toBe(false);
    poller.stopPolling();
    const saved = poller.toString();

    const resumed = await official.beginDeleteSecret("resumable", { resumeFrom: saved, intervalInMs: 1 });
    await resumed.poll();
    expect(resumed.isDone()).toBe(false);
    emulator.clock.advance(10_000);
    const deleted = await resumed.pollUntilDone();
    expect(deleted.name).toBe("resumable");
    expect(deleted.recoveryId).toContain("/deletedsecrets/resumable");

    const recover = await official.beginRecoverDeletedSecret("resumable", { intervalInMs: 1 });
    await recover.poll();
    expect(recover.isDone()).toBe(false);
    recover.stopPolling();
    const resumedRecover = await official.beginRecoverDeletedSecret("resumable", {
      resumeFrom: recover.toString(),
      intervalInMs: 1,
    });
    emulator.clock.advance(10_000);
    expect((await resumedRecover.pollUntilDone()).name).toBe("resumable");
    expect((await official.getSecret("resumable")).value).toBe("v1");
    emulator.clock.unfreeze();
  });

  it("throttles a burst past 4,000 requests in 10 s: ours retries the 429, the official client surfaces it", async () => {
    emulator.clock.freeze();
    emulator.clock.advance(60_000); // a fresh window, whatever the test before sent
    const { token } = await emulator.credential.getToken(`${emulator.vaultUrl}/.default`);
    const agent = new https.Agent({ keepAlive: true, ca: emulator.caCertificate, maxSockets: 64 });
    const statuses = new Map<number, number>();
    const get = () =>
      new Promise<void>((resolve, reject) => {
        https
          .get(
            `${emulator.vaultUrl}/secrets?api-version=7.6`,
            { agent, headers: { authorization: `Bearer ${token}` } },
            (response) => {
              response.resume();
              response.on("end", () => {
                statuses.set(response.statusCode!, (statuses.get(response.statusCode!) ?? 0) + 1);
                resolve();
              });
            },
          )
          .on("error", reject);
      });
    try {
      const lanes = Array.from({ length: 64 }, async (_, lane) => {
        for (let i = lane; i < 4_100; i += 64) await get();
      });
      await Promise.all(lanes);
    } finally {
      agent.destroy();
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 4_000, 429: 100 });

    await expect(official.getSecret("resumable")).rejects.toMatchObject({
      statusCode: 429,
      code: "Throttled",
    });

    const ours = new SecretClient(emulator.vaultUrl, emulator.credential, {
      ...emulator.clientOptions,
      disableChallengeResourceVerification: true,
      retryOptions: { retryDelayInMs: 20, maxRetries: 20 },
    });
    const throttledSoFar = () => emulator.journal.entries().filter((entry) => entry.status === 429).length;
    const before = throttledSoFar();
    const read = ours.getSecret("resumable");
    for (let turn = 0; turn < 2_000 && throttledSoFar() === before; turn++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(throttledSoFar()).toBeGreaterThan(before);
    emulator.clock.advance(10_000); // the window slides past the burst
    expect((await read).value).toBe("v1");
    const reads = emulator.journal.entries().filter((entry) => entry.operation === "getSecret");
    expect(reads.at(-1)?.status).toBe(200);
    expect(reads.slice(-2, -1)[0]?.status).toBe(429);
  });
});
