import { afterEach, describe, expect, it } from "vitest";
import { createDeleteSecretPoller } from "../../src/lro/deleteSecretPoller.js";
import type { DeletedSecret } from "../../src/model/models.js";
import { captureTimers, type CapturedTimers } from "../helpers/capturedTimers.js";
import { scripted } from "../helpers/scriptedCalls.js";

const vaultUrl = "https://myvault.vault.azure.net";
const deletedOn = new Date("2026-03-01T10:00:00Z");
const scheduledPurgeDate = new Date("2026-05-30T10:00:00Z");

function deletedSecret(softDelete = true): DeletedSecret {
  const recoveryId = softDelete ? `${vaultUrl}/deletedsecrets/db-password` : undefined;
  return {
    name: "db-password",
    recoveryId,
    deletedOn,
    scheduledPurgeDate,
    properties: {
      name: "db-password",
      vaultUrl,
      version: "4387e9f3d6e14c459867679a90fd0f79",
      recoveryId,
      deletedOn,
      scheduledPurgeDate,
    },
  };
}

let timers: CapturedTimers | undefined;
afterEach(() => {
  timers?.restore();
  timers = undefined;
});

describe("createDeleteSecretPoller", () => {
  it("sends the DELETE and one status read before resolving, and exposes the deleted secret at once", async () => {
    const deleteSecret = scripted(deletedSecret());
    const getDeletedSecret = scripted<DeletedSecret>(404);
    const poller = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret,
      getDeletedSecret,
    });
    expect(deleteSecret.calls).toHaveLength(1);
    // Still propagating (404): not done, the DELETE's answer is the result.
    expect(getDeletedSecret.calls).toHaveLength(1);
    expect(poller.isDone()).toBe(false);
    expect(poller.getOperationState().isStarted).toBe(true);
    expect(poller.getResult()).toMatchObject({
      name: "db-password",
      recoveryId: `${vaultUrl}/deletedsecrets/db-password`,
    });
    expect(poller.getResult()?.deletedOn).toBeInstanceOf(Date);
    expect(poller.getResult()?.scheduledPurgeDate).toBeInstanceOf(Date);
  });

  it("rejects at begin when the secret does not exist", async () => {
    const getDeletedSecret = scripted<DeletedSecret>();
    await expect(
      createDeleteSecretPoller({
        secretName: "missing",
        deleteSecret: scripted<DeletedSecret>(404),
        getDeletedSecret,
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(getDeletedSecret.calls).toHaveLength(0);
  });

  it("polls the deleted secret: 404 while it propagates, then its 200 body is the result", async () => {
    timers = captureTimers();
    const fromGet = { ...deletedSecret(), deletedOn: new Date("2026-03-01T10:00:42Z") };
    const getDeletedSecret = scripted<DeletedSecret>(404, 404, fromGet);
    const poller = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret: scripted(deletedSecret()),
      getDeletedSecret,
    });
    await expect(poller.pollUntilDone()).resolves.toBe(fromGet);
    // One read in begin, one at once in pollUntilDone, one after a wait.
    expect(getDeletedSecret.calls).toHaveLength(3);
    expect(timers.delays).toEqual([2000]);
    expect(poller.getOperationState().isCompleted).toBe(true);
  });

  it("is done at once when the DELETE response has no recoveryId (no soft delete)", async () => {
    timers = captureTimers();
    const getDeletedSecret = scripted<DeletedSecret>();
    const purged = deletedSecret(false);
    const poller = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret: scripted(purged),
      getDeletedSecret,
    });
    expect(poller.isDone()).toBe(true);
    await expect(poller.pollUntilDone()).resolves.toBe(purged);
    expect(getDeletedSecret.calls).toHaveLength(0);
    expect(timers.delays).toEqual([]);
  });

  it("treats a 403 on the deleted secret as done, keeping the DELETE result", async () => {
    const first = deletedSecret();
    const poller = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret: scripted(first),
      getDeletedSecret: scripted<DeletedSecret>(403),
      intervalInMs: 0,
    });
    await expect(poller.pollUntilDone()).resolves.toBe(first);
  });

  it("fails with any other status while polling", async () => {
    const poller = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret: scripted(deletedSecret()),
      getDeletedSecret: scripted<DeletedSecret>(404, 500),
      intervalInMs: 0,
    });
    await expect(poller.pollUntilDone()).rejects.toMatchObject({ statusCode: 500 });
    expect(poller.getOperationState().error).toMatchObject({ statusCode: 500 });
  });

  it("rejects cancelOperation with the official message", async () => {
    const poller = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret: scripted(deletedSecret()),
      getDeletedSecret: scripted<DeletedSecret>(404),
    });
    await expect(poller.cancelOperation()).rejects.toThrow(
      "Canceling the deletion of a secret is not supported.",
    );
  });

  it("resumes from toString() without sending the DELETE again", async () => {
    const first = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret: scripted(deletedSecret()),
      getDeletedSecret: scripted<DeletedSecret>(404, 404),
    });
    await first.poll();
    const saved = first.toString();
    expect(JSON.parse(saved)).toMatchObject({ state: { name: "db-password", isStarted: true } });

    const deleteSecret = scripted<DeletedSecret>();
    const final = deletedSecret();
    const resumed = await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret,
      getDeletedSecret: scripted<DeletedSecret>(404, final),
      resumeFrom: saved,
      intervalInMs: 0,
    });
    expect(deleteSecret.calls).toHaveLength(0);
    expect(resumed.getOperationState().isStarted).toBe(true);
    expect(resumed.getResult()?.deletedOn).toEqual(deletedOn);
    expect(resumed.getResult()?.properties.scheduledPurgeDate).toEqual(scheduledPurgeDate);
    await expect(resumed.pollUntilDone()).resolves.toMatchObject({ name: "db-password" });
  });

  it("sends the DELETE when resuming a state that had not started", async () => {
    const deleteSecret = scripted(deletedSecret());
    await createDeleteSecretPoller({
      secretName: "db-password",
      deleteSecret,
      getDeletedSecret: scripted<DeletedSecret>(404),
      resumeFrom: '{"state":{"name":"db-password"}}',
    });
    expect(deleteSecret.calls).toHaveLength(1);
  });
});
