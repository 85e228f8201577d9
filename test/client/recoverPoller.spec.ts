import { afterEach, describe, expect, it } from "vitest";
import type { SecretClient } from "../../src/index.js";
import { captureTimers, type CapturedTimers } from "../helpers/capturedTimers.js";
import { createClientFixture } from "../helpers/clientFixture.js";

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
});

async function setAndDelete(client: SecretClient, name: string) {
  const original = await client.setSecret(name, `${name}-value`, { tags: { keep: "me" } });
  await (await client.beginDeleteSecret(name, { intervalInMs: 0 })).pollUntilDone();
  return original;
}

describe("SecretClient.beginRecoverDeletedSecret", () => {
  it("returns a started poller whose result already has the name; the recovered secret equals the original", async () => {
    const { client } = createClientFixture();
    const original = await setAndDelete(client, "back");
    const poller = await client.beginRecoverDeletedSecret("back", { intervalInMs: 0 });
    expect(poller.getOperationState().isStarted).toBe(true);
    expect(poller.getResult()?.name).toBe("back");
    const properties = await poller.pollUntilDone();
    expect(properties.name).toBe("back");
    expect(properties.id).toBe(original.properties.id);
    const again = await client.getSecret("back");
    expect(again.value).toBe("back-value");
    expect(again.properties).toEqual(original.properties);
  });

  it("sends POST /deletedsecrets/{name}/recover inside begin", async () => {
    const { client, emulator, sent } = createClientFixture();
    await setAndDelete(client, "back");
    await client.beginRecoverDeletedSecret("back");
    // The live check, the recover, then the status read (GET /secrets/back/).
    expect(sent.slice(-3).map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      "GET /secrets/back/",
      "POST /deletedsecrets/back/recover",
      "GET /secrets/back/",
    ]);
    expect(emulator.journal.entries().filter((e) => e.operation === "recoverDeletedSecret")).toHaveLength(1);
  });

  it("rejects at begin with 404 SecretNotFound when there is nothing to recover", async () => {
    const { client } = createClientFixture();
    await expect(client.beginRecoverDeletedSecret("never-deleted")).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });

  it("completes without a recover request when the secret is already live (as the official client does)", async () => {
    const { client, emulator } = createClientFixture();
    const live = await client.setSecret("live", "v");
    const poller = await client.beginRecoverDeletedSecret("live");
    expect(poller.isDone()).toBe(true);
    await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "live", id: live.properties.id });
    expect(emulator.journal.entries().filter((e) => e.operation === "recoverDeletedSecret")).toHaveLength(0);
    expect(poller.toString()).not.toContain('"value"');
  });

  it.each([{}, { intervalInMs: 2000 }, { updateIntervalInMs: 2000 }])(
    "on a zero-delay vault is done at begin, without waiting a poll interval (%o)",
    async (options) => {
      const { client, emulator } = createClientFixture();
      await setAndDelete(client, "quick");
      timers = captureTimers("held");
      const poller = await client.beginRecoverDeletedSecret("quick", options);
      // Done when begin resolves, as with the official client: a caller's own
      // `while (!poller.isDone()) { await poller.poll(); await delay(…) }` never waits.
      expect(poller.isDone()).toBe(true);
      // Held timers never fire: resolving means nothing waited for one.
      await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "quick" });
      expect(timers.delays).not.toContain(2000);
      const gets = emulator.journal.entries().filter((e) => e.operation === "getSecret");
      // The read in begin finds no live secret (404); the first poll finds it back (200).
      expect(gets.map((e) => e.status)).toEqual([404, 200]);
    },
  );

  it("polls the secret every intervalInMs while the recovery propagates (404), then completes", async () => {
    const { client, emulator } = createClientFixture({}, { recoverDelayMs: 10_000 });
    emulator.clock.freeze();
    await setAndDelete(client, "slow");
    const poller = await client.beginRecoverDeletedSecret("slow", { intervalInMs: 0 });
    const seen: Array<boolean | undefined> = [];
    poller.onProgress((state) => {
      seen.push(state.isCompleted);
      emulator.clock.advance(6_000);
    });
    await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "slow" });
    expect(seen).toEqual([undefined, undefined, true]);
    const gets = emulator.journal.entries().filter((e) => e.operation === "getSecret");
    // In begin: the read that finds no live secret and the status read after the recover; then two 404
    // polls while recovering, then 200.
    expect(gets.map((e) => e.status)).toEqual([404, 404, 404, 404, 200]);
  });

  it("treats 403 as done and fails on other statuses while polling", async () => {
    const { client, emulator } = createClientFixture(
      { retryOptions: { maxRetries: 0 } },
      { recoverDelayMs: 10_000 },
    );
    emulator.clock.freeze();
    await setAndDelete(client, "a");
    await setAndDelete(client, "b");
    const forbidden = emulator.faults.add({
      kind: "status",
      status: 403,
      errorCode: "Forbidden",
      operation: "getSecret",
      secretName: "a",
      nth: 3,
    });
    await expect(
      (await client.beginRecoverDeletedSecret("a", { intervalInMs: 0 })).pollUntilDone(),
    ).resolves.toMatchObject({ name: "a" });
    emulator.faults.remove(forbidden);
    emulator.faults.add({ kind: "status", status: 500, operation: "getSecret", secretName: "b", nth: 3 });
    const failing = await client.beginRecoverDeletedSecret("b", { intervalInMs: 0 });
    await expect(failing.pollUntilDone()).rejects.toMatchObject({ statusCode: 500 });
  });

  it("can be stopped after a poll and resumed from toString() without recovering again", async () => {
    const { client, emulator } = createClientFixture({}, { recoverDelayMs: 60_000 });
    emulator.clock.freeze();
    await setAndDelete(client, "resume");
    const poller = await client.beginRecoverDeletedSecret("resume", { intervalInMs: 0 });
    await poller.poll();
    poller.stopPolling();
    expect(poller.isStopped()).toBe(true);
    expect(poller.isDone()).toBe(false);
    emulator.clock.advance(60_000);
    const resumed = await client.beginRecoverDeletedSecret("resume", {
      resumeFrom: poller.toString(),
      intervalInMs: 0,
    });
    expect(resumed.getOperationState().isStarted).toBe(true);
    await expect(resumed.pollUntilDone()).resolves.toMatchObject({ name: "resume" });
    expect(emulator.journal.entries().filter((e) => e.operation === "recoverDeletedSecret")).toHaveLength(1);
  });

  it("rejects cancelOperation with the recovery message", async () => {
    const { client } = createClientFixture();
    await setAndDelete(client, "c");
    const poller = await client.beginRecoverDeletedSecret("c");
    await expect(poller.cancelOperation()).rejects.toThrow(
      "Canceling the recovery of a deleted secret is not supported.",
    );
  });
});
