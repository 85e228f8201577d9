import { describe, expect, it } from "vitest";
import { createRecoverSecretPoller } from "../../src/lro/recoverSecretPoller.js";
import type { KeyVaultSecret, SecretProperties } from "../../src/model/models.js";
import { scripted } from "../helpers/scriptedCalls.js";

const vaultUrl = "https://myvault.vault.azure.net";
const properties: SecretProperties = {
  name: "db-password",
  vaultUrl,
  version: "4387e9f3d6e14c459867679a90fd0f79",
};
const liveSecret: KeyVaultSecret = { name: "db-password", value: "do-not-keep-me", properties };

describe("createRecoverSecretPoller", () => {
  it("sends the recover request and one status read before resolving when the secret is not live", async () => {
    const getSecret = scripted<KeyVaultSecret>(404, 404);
    const recoverDeletedSecret = scripted(properties);
    const poller = await createRecoverSecretPoller({
      secretName: "db-password",
      getSecret,
      recoverDeletedSecret,
    });
    // The read that found no live secret, then the status read after the recover (still recovering).
    expect(getSecret.calls).toHaveLength(2);
    expect(recoverDeletedSecret.calls).toHaveLength(1);
    expect(poller.getOperationState()).toMatchObject({ isStarted: true });
    expect(poller.isDone()).toBe(false);
    expect(poller.getResult()).toBe(properties);
  });

  it("is done without a recover request when the secret is already live, keeping only its properties", async () => {
    const recoverDeletedSecret = scripted<SecretProperties>();
    const poller = await createRecoverSecretPoller({
      secretName: "db-password",
      getSecret: scripted(liveSecret),
      recoverDeletedSecret,
    });
    expect(recoverDeletedSecret.calls).toHaveLength(0);
    expect(poller.isDone()).toBe(true);
    expect(poller.getOperationState().isStarted).toBe(true);
    await expect(poller.pollUntilDone()).resolves.toBe(properties);
    expect(poller.toString()).not.toContain("do-not-keep-me");
  });

  it("rejects at begin when there is no deleted secret to recover", async () => {
    await expect(
      createRecoverSecretPoller({
        secretName: "missing",
        getSecret: scripted<KeyVaultSecret>(404),
        recoverDeletedSecret: scripted<SecretProperties>(404),
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it("rejects at begin, without recovering, when the first read fails without a status (transport)", async () => {
    const recoverDeletedSecret = scripted<SecretProperties>();
    const transport = Object.assign(new Error("socket hang up"), { code: "REQUEST_SEND_ERROR" });
    await expect(
      createRecoverSecretPoller({
        secretName: "db-password",
        getSecret: scripted<KeyVaultSecret>(transport),
        recoverDeletedSecret,
      }),
    ).rejects.toBe(transport);
    expect(recoverDeletedSecret.calls).toHaveLength(0);
  });

  it("polls the secret: 404 while recovering, then the properties of the 200 (value discarded)", async () => {
    const getSecret = scripted<KeyVaultSecret>(404, 404, 404, liveSecret);
    const poller = await createRecoverSecretPoller({
      secretName: "db-password",
      getSecret,
      recoverDeletedSecret: scripted(properties),
      intervalInMs: 0,
    });
    await expect(poller.pollUntilDone()).resolves.toBe(properties);
    expect(getSecret.calls).toHaveLength(4);
    expect(JSON.stringify(poller.getOperationState())).not.toContain("do-not-keep-me");
  });

  it("treats 403 as done and fails on other statuses", async () => {
    const done = await createRecoverSecretPoller({
      secretName: "a",
      getSecret: scripted<KeyVaultSecret>(404, 404, 403),
      recoverDeletedSecret: scripted(properties),
      intervalInMs: 0,
    });
    await expect(done.pollUntilDone()).resolves.toBe(properties);
    const failed = await createRecoverSecretPoller({
      secretName: "a",
      getSecret: scripted<KeyVaultSecret>(404, 404, 500),
      recoverDeletedSecret: scripted(properties),
      intervalInMs: 0,
    });
    await expect(failed.pollUntilDone()).rejects.toMatchObject({ statusCode: 500 });
  });

  it("rejects cancelOperation with the official message", async () => {
    const poller = await createRecoverSecretPoller({
      secretName: "a",
      getSecret: scripted<KeyVaultSecret>(404, 404),
      recoverDeletedSecret: scripted(properties),
    });
    await expect(poller.cancelOperation()).rejects.toThrow(
      "Canceling the recovery of a deleted secret is not supported.",
    );
  });

  it("resumes from toString() without recovering again, reading the status once in begin", async () => {
    const first = await createRecoverSecretPoller({
      secretName: "db-password",
      getSecret: scripted<KeyVaultSecret>(404, 404, 404),
      recoverDeletedSecret: scripted(properties),
    });
    await first.poll();
    first.stopPolling();
    const recoverDeletedSecret = scripted<SecretProperties>();
    const getSecret = scripted(liveSecret);
    const resumed = await createRecoverSecretPoller({
      secretName: "db-password",
      getSecret,
      recoverDeletedSecret,
      resumeFrom: first.toString(),
      intervalInMs: 0,
    });
    expect(resumed.getOperationState().isStarted).toBe(true);
    expect(getSecret.calls).toHaveLength(1);
    expect(resumed.isDone()).toBe(true);
    await expect(resumed.pollUntilDone()).resolves.toMatchObject({ name: "db-password" });
    expect(recoverDeletedSecret.calls).toHaveLength(0);
  });
});
