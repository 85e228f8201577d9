import { createPipelineRequest, isRestError, RestError } from "@azure/core-rest-pipeline";
import { SecretClient } from "@azure/keyvault-secrets";
import { describe, expect, it } from "vitest";
import { createEmulatorHttpClient } from "../../src/emulator/index.js";
import { send } from "./rawRequests.js";

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: Error) => error,
  );
}

describe("createEmulatorHttpClient", () => {
  it("serves the official SecretClient without sockets", async () => {
    const emulator = createEmulatorHttpClient();
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient: emulator,
      disableChallengeResourceVerification: true,
    });
    const set = await client.setSecret("in-process", "value");
    expect(set.properties.id).toMatch(
      /^https:\/\/emulator\.vault\.localhost\/secrets\/in-process\/[0-9a-f]{32}$/,
    );
    expect((await client.getSecret("in-process")).value).toBe("value");
    expect(emulator.journal.entries().map((entry) => `${entry.operation} ${entry.status}`)).toEqual([
      "setSecret 401",
      "setSecret 200",
      "getSecret 200",
    ]);
  });

  it("rejects with an AbortError when the signal is already aborted", async () => {
    const emulator = createEmulatorHttpClient();
    const error = await failure(
      send(emulator, "GET", "/secrets?api-version=7.6", { abortSignal: AbortSignal.abort() }),
    );
    expect(error.name).toBe("AbortError");
    expect(emulator.journal.entries()).toEqual([]);
  });

  it("ends a hanging request with an AbortError when the caller aborts, and journals it", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "hang" });
    const controller = new AbortController();
    const pending = send(emulator, "GET", "/secrets?api-version=7.6", { abortSignal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await failure(pending);
    expect(error.name).toBe("AbortError");
    await new Promise((resolve) => setImmediate(resolve));
    expect(emulator.journal.entries()).toEqual([expect.objectContaining({ status: 0, fault: "hang" })]);
  });

  it("ends a hanging request with an AbortError when the request timeout elapses", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "hang" });
    const error = await failure(send(emulator, "GET", "/secrets?api-version=7.6", { timeout: 20 }));
    expect(error.name).toBe("AbortError");
  });

  it("aborts an injected latency early", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "latency", ms: 60_000 });
    const started = Date.now();
    const error = await failure(send(emulator, "GET", "/secrets?api-version=7.6", { timeout: 20 }));
    expect(error.name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("turns a connection reset fault into RestError REQUEST_SEND_ERROR", async () => {
    const emulator = createEmulatorHttpClient();
    emulator.faults.add({ kind: "reset", operation: "getSecrets" });
    const error = await failure(send(emulator, "GET", "/secrets?api-version=7.6"));
    expect(isRestError(error)).toBe(true);
    expect((error as RestError).code).toBe(RestError.REQUEST_SEND_ERROR);
    expect((error as RestError).statusCode).toBeUndefined();
    expect(emulator.journal.entries()).toEqual([expect.objectContaining({ status: 0, fault: "reset" })]);
  });

  it("reads Uint8Array bodies and streams the response when the status asks for it", async () => {
    const emulator = createEmulatorHttpClient();
    const { token } = await emulator.credential.getToken(`${emulator.vaultUrl}/.default`);
    const request = createPipelineRequest({
      url: `${emulator.vaultUrl}/secrets/bytes?api-version=7.6`,
      method: "PUT",
      body: new TextEncoder().encode('{"value":"from bytes"}'),
      streamResponseStatusCodes: new Set([200]),
    });
    request.headers.set("authorization", `Bearer ${token}`);
    const response = await emulator.sendRequest(request);
    expect(response.bodyAsText).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody!) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString()).value).toBe("from bytes");
  });

  it("keeps separate state per client", async () => {
    const one = createEmulatorHttpClient();
    const two = createEmulatorHttpClient();
    await send(one, "PUT", "/secrets/only-in-one?api-version=7.6", { body: '{"value":"v"}' });
    expect((await send(two, "GET", "/secrets/only-in-one?api-version=7.6")).status).toBe(404);
    const { token } = await one.credential.getToken(`${one.vaultUrl}/.default`);
    const foreign = await send(two, "GET", "/secrets?api-version=7.6", {
      authorized: false,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(foreign.status).toBe(401);
  });
});
