import { RestError as CoreRestError } from "@azure/core-rest-pipeline";
import { RestError as OfficialRestError } from "@azure/keyvault-secrets";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isRestError, RestError } from "../../src/index.js";
import { createClientFixture } from "../helpers/clientFixture.js";

interface ErrorDetails {
  error?: { code?: string; message?: string; innererror?: { code?: string } };
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  return error as RestError;
}

describe("SecretClient errors", () => {
  it("are RestErrors from core-rest-pipeline, so instanceof and isRestError keep working", async () => {
    const { client } = createClientFixture();
    const error = await failure(client.getSecret("missing"));
    expect(error).toBeInstanceOf(RestError);
    expect(error).toBeInstanceOf(CoreRestError);
    expect(error).toBeInstanceOf(OfficialRestError);
    expect(isRestError(error)).toBe(true);
    expect(error.name).toBe("RestError");
  });

  it("carry statusCode, the service's code and message, and the parsed body as details", async () => {
    const { client } = createClientFixture();
    const error = await failure(client.getSecret("missing"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("SecretNotFound");
    const details = error.details as ErrorDetails;
    expect(details.error?.code).toBe("SecretNotFound");
    expect(error.message).toBe(details.error?.message);
    expect(error.response?.status).toBe(404);
    expect(error.response?.headers.get("x-ms-request-id")).toBeTruthy();
  });

  it.each([
    [401, "Unauthorized"],
    [403, "Forbidden"],
    [500, "InternalServerError"],
  ])("throw for a %i from the service", async (status, code) => {
    const { client, emulator } = createClientFixture({ retryOptions: { maxRetries: 0 } });
    await client.setSecret("s", "v");
    emulator.faults.add({ kind: "status", status, errorCode: code, operation: "getSecret" });
    const error = await failure(client.getSecret("s"));
    expect(error).toMatchObject({ statusCode: status, code });
  });

  it("tell a disabled secret (SecretDisabled) from a soft-deleted name (ObjectIsDeletedButRecoverable)", async () => {
    const { client } = createClientFixture();
    await client.setSecret("off", "v", { enabled: false });
    await client.setSecret("gone", "v");
    await (await client.beginDeleteSecret("gone", { intervalInMs: 0 })).pollUntilDone();
    const disabled = await failure(client.getSecret("off"));
    const conflict = await failure(client.setSecret("gone", "v"));
    expect((disabled.details as ErrorDetails).error?.innererror?.code).toBe("SecretDisabled");
    expect((conflict.details as ErrorDetails).error?.innererror?.code).toBe("ObjectIsDeletedButRecoverable");
  });

  it("never carry the request body or the bearer token", async () => {
    const { client } = createClientFixture();
    await client.setSecret("taken", "v");
    await (await client.beginDeleteSecret("taken", { intervalInMs: 0 })).pollUntilDone();
    const error = await failure(client.setSecret("taken", "super-secret-value-123"));
    expect(error.statusCode).toBe(409);
    expect(error.request?.body).toBeUndefined();
    expect(error.request?.headers.get("authorization")).toBeUndefined();
    const printed =
      inspect(error, { depth: 10 }) + JSON.stringify(error) + error.message + String(error.stack);
    expect(printed).not.toContain("super-secret-value-123");
    expect(printed).not.toMatch(/Bearer\s+ey/);
  });

  it("report an unreadable response body as an error, not a crash", async () => {
    const { client, emulator } = createClientFixture();
    await client.setSecret("s", "v");
    emulator.faults.add({ kind: "malformedBody", operation: "getSecret" });
    await expect(client.getSecret("s")).rejects.toBeInstanceOf(Error);
    emulator.faults.add({ kind: "truncatedBody", operation: "getSecret" });
    await expect(client.getSecret("s")).rejects.toBeInstanceOf(Error);
  });

  it("keep core's REQUEST_SEND_ERROR code for transport failures", async () => {
    const { client, emulator } = createClientFixture({ retryOptions: { maxRetries: 0 } });
    await client.setSecret("s", "v");
    emulator.faults.add({ kind: "reset", operation: "getSecret" });
    const error = await failure(client.getSecret("s"));
    expect(isRestError(error)).toBe(true);
    expect(error.code).toBe("REQUEST_SEND_ERROR");
    expect(error.statusCode).toBeUndefined();
  });
});
