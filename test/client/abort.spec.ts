import { describe, expect, it } from "vitest";
import type { SecretClient } from "../../src/index.js";
import { settle } from "../helpers/capturedTimers.js";
import { collect, createClientFixture } from "../helpers/clientFixture.js";

async function readyFixture(emulatorOptions = {}) {
  const fixture = createClientFixture({}, emulatorOptions);
  await fixture.client.setSecret("target", "v");
  return fixture;
}

type Operation = [
  string,
  (client: SecretClient, options: { requestOptions: { timeout: number } }) => Promise<unknown>,
];
const timedOperations: Operation[] = [
  ["setSecret", (client, options) => client.setSecret("target", "v2", options)],
  ["getSecret", (client, options) => client.getSecret("target", options)],
  [
    "updateSecretProperties",
    (client, options) => client.updateSecretProperties("target", "", { ...options, enabled: true }),
  ],
  ["beginDeleteSecret", (client, options) => client.beginDeleteSecret("target", options)],
  ["backupSecret", (client, options) => client.backupSecret("target", options)],
];

describe("SecretClient cancellation", () => {
  it("rejects at once with AbortError for an already aborted signal, sending nothing", async () => {
    const { client, sent } = await readyFixture();
    const before = sent.length;
    const error = await client
      .getSecret("target", { abortSignal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    expect((error as Error).message).toMatch(/The operation was aborted/);
    expect(sent.length).toBe(before);
  });

  it("rejects an already aborted setSecret on a fresh client before the first challenge", async () => {
    const { client, sent } = createClientFixture();
    await expect(client.setSecret("x", "v", { abortSignal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(sent).toHaveLength(0);
  });

  it("aborts a request that is waiting for the service", async () => {
    const { client, emulator } = await readyFixture();
    emulator.faults.add({ kind: "hang", operation: "getSecret" });
    const controller = new AbortController();
    const pending = client.getSecret("target", { abortSignal: controller.signal });
    await settle();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("hands the pipeline a native AbortSignal for a signal that is only AbortSignalLike, and follows it", async () => {
    const { client, emulator, sent } = await readyFixture();
    emulator.faults.add({ kind: "hang", operation: "getSecret" });
    // An AbortSignalLike as older @azure/abort-controller versions made it: not a native AbortSignal.
    const listeners = new Set<(event: unknown) => void>();
    const signalLike = {
      aborted: false,
      addEventListener: (_type: "abort", listener: (event: unknown) => void) => void listeners.add(listener),
      removeEventListener: (_type: "abort", listener: (event: unknown) => void) =>
        void listeners.delete(listener),
    };
    const pending = client.getSecret("target", { abortSignal: signalLike });
    await settle();
    expect(sent.at(-1)!.request.abortSignal).toBeInstanceOf(AbortSignal);
    signalLike.aborted = true;
    for (const listener of [...listeners]) listener({ type: "abort" });
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(listeners.size).toBe(0);
  });

  it.each(timedOperations)(
    "%s rejects with AbortError when requestOptions.timeout passes",
    async (_, run) => {
      const { client, emulator } = await readyFixture();
      emulator.faults.add({ kind: "hang", times: "always" });
      await expect(run(client, { requestOptions: { timeout: 5 } })).rejects.toMatchObject({
        name: "AbortError",
      });
    },
  );

  it("beginRecoverDeletedSecret and restoreSecretBackup reject with AbortError on timeout", async () => {
    const { client, emulator } = await readyFixture();
    const backup = (await client.backupSecret("target"))!;
    await (await client.beginDeleteSecret("target", { intervalInMs: 0 })).pollUntilDone();
    emulator.faults.add({ kind: "hang", times: "always" });
    const timeout = { requestOptions: { timeout: 5 } };
    await expect(client.beginRecoverDeletedSecret("target", timeout)).rejects.toMatchObject({
      name: "AbortError",
    });
    await expect(client.restoreSecretBackup(backup, timeout)).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborting pollUntilDone stops polling without cancelling the deletion", async () => {
    const { client, emulator } = await readyFixture({ deleteDelayMs: 60_000 });
    emulator.clock.freeze();
    const poller = await client.beginDeleteSecret("target", { intervalInMs: 0 });
    const controller = new AbortController();
    poller.onProgress(() => controller.abort());
    await expect(poller.pollUntilDone({ abortSignal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(poller.getOperationState().error).toBeUndefined();
    emulator.clock.advance(60_000);
    await expect(client.getDeletedSecret("target")).resolves.toMatchObject({ name: "target" });
    await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "target" });
  });

  it("aborts a listing in progress", async () => {
    const { client, emulator } = await readyFixture();
    emulator.faults.add({ kind: "hang", operation: "getSecrets" });
    await expect(
      collect(client.listPropertiesOfSecrets({ abortSignal: AbortSignal.timeout(5) })),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
