import { afterEach, describe, expect, it } from "vitest";
import { captureTimers, settle, type CapturedTimers } from "../helpers/capturedTimers.js";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { SecretClient } from "../../src/index.js";
import { createClientFixture } from "../helpers/clientFixture.js";

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
});

describe("SecretClient.beginDeleteSecret", () => {
  it("sends the DELETE before returning: the poller is started and its result already holds the deleted secret", async () => {
    const { client, emulator } = createClientFixture();
    await client.setSecret("doomed", "v");
    const poller = await client.beginDeleteSecret("doomed");
    expect(poller.getOperationState().isStarted).toBe(true);
    const result = poller.getResult()!;
    expect(result.name).toBe("doomed");
    expect(result.recoveryId).toBe(`${emulator.vaultUrl}/deletedsecrets/doomed`);
    expect(result.deletedOn).toBeInstanceOf(Date);
    expect(result.scheduledPurgeDate).toBeInstanceOf(Date);
    const deletes = emulator.journal
      .entries()
      .filter((e) => e.operation === "deleteSecret" && e.status === 200);
    expect(deletes).toHaveLength(1);
  });

  it("pollUntilDone resolves to the deleted secret and marks the state completed", async () => {
    const { client } = createClientFixture();
    await client.setSecret("doomed", "v");
    const poller = await client.beginDeleteSecret("doomed", { intervalInMs: 0 });
    const deleted = await poller.pollUntilDone();
    expect(deleted).toMatchObject({ name: "doomed" });
    expect(typeof deleted.recoveryId).toBe("string");
    expect(deleted.deletedOn).toBeInstanceOf(Date);
    expect(deleted.scheduledPurgeDate).toBeInstanceOf(Date);
    expect(poller.getOperationState().isCompleted).toBe(true);
    expect(poller.isDone()).toBe(true);
  });

  it("rejects at begin with 404 SecretNotFound for a missing secret", async () => {
    const { client } = createClientFixture();
    await expect(client.beginDeleteSecret("missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });

  it("makes the secret unreadable (404) and readable as a deleted secret with the same properties", async () => {
    const { client } = createClientFixture();
    const original = await client.setSecret("doomed", "v", { contentType: "text/plain", tags: { k: "v" } });
    await (await client.beginDeleteSecret("doomed", { intervalInMs: 0 })).pollUntilDone();
    await expect(client.getSecret("doomed")).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
    const deleted = await client.getDeletedSecret("doomed");
    expect(deleted.name).toBe("doomed");
    expect(deleted.properties.version).toBe(original.properties.version);
    expect(deleted.properties.contentType).toBe("text/plain");
    expect(deleted.properties.tags).toEqual({ k: "v" });
    expect(deleted.properties.recoveryId).toBe(deleted.recoveryId);
    expect(deleted.properties.deletedOn).toEqual(deleted.deletedOn);
    expect(deleted.properties.scheduledPurgeDate).toEqual(deleted.scheduledPurgeDate);
    const days = (deleted.scheduledPurgeDate!.getTime() - deleted.deletedOn!.getTime()) / 86_400_000;
    expect(days).toBe(90);
  });

  it("schedules the purge recoverableDays after the deletion", async () => {
    const { client } = createClientFixture({}, { recoverableDays: 7 });
    await client.setSecret("short", "v");
    const deleted = await (await client.beginDeleteSecret("short", { intervalInMs: 0 })).pollUntilDone();
    expect(deleted.properties.recoverableDays).toBe(7);
    expect(deleted.scheduledPurgeDate!.getTime() - deleted.deletedOn!.getTime()).toBe(7 * 86_400_000);
  });

  it("getDeletedSecret of a name that was never deleted gives 404", async () => {
    const { client } = createClientFixture();
    await expect(client.getDeletedSecret("never")).rejects.toMatchObject({ statusCode: 404 });
  });

  it.each([{}, { intervalInMs: 2000 }, { updateIntervalInMs: 2000 }])(
    "on a zero-delay vault is done at begin, without waiting a poll interval (%o)",
    async (options) => {
      const { client, emulator } = createClientFixture();
      await client.setSecret("quick", "v");
      timers = captureTimers("held");
      const poller = await client.beginDeleteSecret("quick", options);
      // Done when begin resolves, as with the official client: a caller's own
      // `while (!poller.isDone()) { await poller.poll(); await delay(…) }` never waits.
      expect(poller.isDone()).toBe(true);
      // Held timers never fire: resolving means nothing waited for one.
      await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "quick" });
      expect(timers.delays).not.toContain(2000);
      const polls = emulator.journal.entries().filter((e) => e.operation === "getDeletedSecret");
      expect(polls.map((e) => e.status)).toEqual([200]);
    },
  );

  it("polls every intervalInMs (default 2000) while the deletion propagates (404), then completes", async () => {
    const { client, emulator } = createClientFixture({}, { deleteDelayMs: 10_000 });
    emulator.clock.freeze();
    await client.setSecret("slow", "v");
    const poller = await client.beginDeleteSecret("slow");
    const seen: Array<boolean | undefined> = [];
    poller.onProgress((state) => {
      seen.push(state.isCompleted);
      emulator.clock.advance(6_000);
    });
    timers = captureTimers();
    await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "slow" });
    expect(seen).toEqual([undefined, undefined, true]);
    expect(timers.delays.filter((ms) => ms === 2000)).toHaveLength(2);
    const polls = emulator.journal.entries().filter((e) => e.operation === "getDeletedSecret");
    // The read in begin, then pollUntilDone's: one at once, the others after each wait.
    expect(polls.map((e) => e.status)).toEqual([404, 404, 404, 200]);
  });

  it("is done at once, without polling, when the DELETE response has no recoveryId (no soft delete)", async () => {
    const { emulator, httpClient, sent } = createClientFixture();
    // A vault without soft delete answers DELETE without recoveryId/deletedDate/scheduledPurgeDate.
    const noSoftDelete: HttpClient = {
      async sendRequest(request) {
        const response = await httpClient.sendRequest(request);
        if (request.method === "DELETE" && response.status === 200 && response.bodyAsText) {
          const {
            recoveryId: _r,
            deletedDate: _d,
            scheduledPurgeDate: _s,
            ...rest
          } = JSON.parse(response.bodyAsText);
          response.bodyAsText = JSON.stringify(rest);
        }
        return response;
      },
    };
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: noSoftDelete });
    await client.setSecret("hard", "v");
    const poller = await client.beginDeleteSecret("hard");
    expect(poller.isDone()).toBe(true);
    const deleted = await poller.pollUntilDone();
    expect(deleted.name).toBe("hard");
    expect(deleted.recoveryId).toBeUndefined();
    expect(sent.filter((r) => r.url.pathname.startsWith("/deletedsecrets"))).toHaveLength(0);
  });

  it("treats a 403 on the deleted secret as done", async () => {
    const { client, emulator } = createClientFixture();
    await client.setSecret("hidden", "v");
    emulator.faults.add({
      kind: "status",
      status: 403,
      errorCode: "Forbidden",
      operation: "getDeletedSecret",
    });
    const poller = await client.beginDeleteSecret("hidden", { intervalInMs: 0 });
    await expect(poller.pollUntilDone()).resolves.toMatchObject({ name: "hidden" });
    expect(poller.getOperationState().error).toBeUndefined();
  });

  it("fails with the status of any other error while polling", async () => {
    const { client, emulator } = createClientFixture(
      { retryOptions: { maxRetries: 0 } },
      { deleteDelayMs: 10_000 },
    );
    emulator.clock.freeze();
    await client.setSecret("broken", "v");
    // The read in begin finds the deletion under way (404); the next one fails.
    emulator.faults.add({ kind: "status", status: 500, operation: "getDeletedSecret", nth: 2 });
    const poller = await client.beginDeleteSecret("broken", { intervalInMs: 0 });
    await expect(poller.pollUntilDone()).rejects.toMatchObject({ statusCode: 500 });
    expect(poller.getOperationState().error).toMatchObject({ statusCode: 500 });
  });

  it("can be stopped, serialized and resumed without sending the DELETE again", async () => {
    const { client, emulator } = createClientFixture({}, { deleteDelayMs: 60_000 });
    emulator.clock.freeze();
    await client.setSecret("resumable", "v");
    const poller = await client.beginDeleteSecret("resumable", { intervalInMs: 0 });
    timers = captureTimers("held");
    const pending = poller.pollUntilDone();
    await settle(20);
    poller.stopPolling();
    await expect(pending).rejects.toMatchObject({
      name: "PollerStoppedError",
      message: "This poller is already stopped",
    });
    expect(poller.isStopped()).toBe(true);
    expect(poller.getOperationState().isCompleted).toBeFalsy();
    timers.restore();
    timers = undefined;

    const saved = poller.toString();
    expect(JSON.parse(saved)).toMatchObject({ state: { isStarted: true, name: "resumable" } });
    emulator.clock.advance(60_000);
    const resumed = await client.beginDeleteSecret("resumable", { resumeFrom: saved, intervalInMs: 0 });
    expect(resumed.getOperationState().isStarted).toBe(true);
    await expect(resumed.pollUntilDone()).resolves.toMatchObject({ name: "resumable" });
    const deletes = emulator.journal
      .entries()
      .filter((e) => e.operation === "deleteSecret" && e.status === 200);
    expect(deletes).toHaveLength(1);
  });

  it("rejects cancelOperation: a deletion cannot be cancelled", async () => {
    const { client } = createClientFixture();
    await client.setSecret("x", "v");
    const poller = await client.beginDeleteSecret("x");
    await expect(poller.cancelOperation()).rejects.toThrow(
      "Canceling the deletion of a secret is not supported.",
    );
  });

  it("rejects a set on the soft-deleted name with 409 and the inner code ObjectIsDeletedButRecoverable", async () => {
    const { client } = createClientFixture();
    await client.setSecret("reserved", "v");
    await (await client.beginDeleteSecret("reserved", { intervalInMs: 0 })).pollUntilDone();
    const error = await client.setSecret("reserved", "again").catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect((error as Error).message).toBe(
      "Secret reserved is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.",
    );
    expect(
      (error as { details?: { error?: { innererror?: { code?: string } } } }).details?.error?.innererror
        ?.code,
    ).toBe("ObjectIsDeletedButRecoverable");
  });

  it("rejects a set while the deletion propagates with the inner code ObjectIsBeingDeleted", async () => {
    const { client, emulator } = createClientFixture({}, { deleteDelayMs: 60_000 });
    emulator.clock.freeze();
    await client.setSecret("busy", "v");
    await client.beginDeleteSecret("busy");
    const error = await client.setSecret("busy", "again").catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect(
      (error as { details?: { error?: { innererror?: { code?: string } } } }).details?.error?.innererror
        ?.code,
    ).toBe("ObjectIsBeingDeleted");
  });
});

describe("SecretClient.purgeDeletedSecret", () => {
  it("purges: DELETE /deletedsecrets/{name}, nothing returned, gone from the deleted listing", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("purge-me", "v");
    await (await client.beginDeleteSecret("purge-me", { intervalInMs: 0 })).pollUntilDone();
    await expect(client.purgeDeletedSecret("purge-me")).resolves.toBeUndefined();
    const purge = sent.filter((r) => r.method === "DELETE").at(-1)!;
    expect(purge.url.pathname).toBe("/deletedsecrets/purge-me");
    await expect(client.getDeletedSecret("purge-me")).rejects.toMatchObject({ statusCode: 404 });
    const names: string[] = [];
    for await (const deleted of client.listDeletedSecrets()) names.push(deleted.name);
    expect(names).not.toContain("purge-me");
    // The name is free again.
    await expect(client.setSecret("purge-me", "fresh")).resolves.toMatchObject({ value: "fresh" });
  });

  it("fails with 409 ObjectIsBeingDeleted when purging while the deletion still propagates", async () => {
    const { client, emulator } = createClientFixture({}, { deleteDelayMs: 60_000 });
    emulator.clock.freeze();
    await client.setSecret("early", "v");
    await client.beginDeleteSecret("early");
    const error = await client.purgeDeletedSecret("early").catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect(
      (error as { details?: { error?: { innererror?: { code?: string } } } }).details?.error?.innererror
        ?.code,
    ).toBe("ObjectIsBeingDeleted");
  });

  it("fails with 403 when the vault has purge protection", async () => {
    const { client } = createClientFixture({}, { purgeProtection: true });
    await client.setSecret("protected", "v");
    await (await client.beginDeleteSecret("protected", { intervalInMs: 0 })).pollUntilDone();
    await expect(client.purgeDeletedSecret("protected")).rejects.toMatchObject({ statusCode: 403 });
  });
});
