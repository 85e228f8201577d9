import { createHttpHeaders, createPipelineRequest, isRestError, RestError } from "@azure/core-rest-pipeline";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { SecretClient } from "../../src/index.js";
import { createRestError } from "../../src/http/restErrors.js";
import {
  challenge,
  RecordingCredential,
  ScriptedHttpClient,
  type ScriptStep,
} from "../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";

function failedResponse(status: number, body: unknown) {
  const request = createPipelineRequest({
    url: `${VAULT}/secrets/a?api-version=7.6`,
    method: "PUT",
    body: '{"value":"hunter2"}',
    headers: createHttpHeaders({ Authorization: "Bearer eyJ.secret-token" }),
  });
  return { status, headers: createHttpHeaders(), request, bodyAsText: JSON.stringify(body) };
}

describe("createRestError", () => {
  const body = {
    error: {
      code: "Forbidden",
      message: "Operation get is not allowed on a disabled secret.",
      innererror: { code: "SecretDisabled" },
    },
  };

  it("carries statusCode, the service code and message, and the parsed body with innererror", () => {
    const error = createRestError(failedResponse(403, body), body);
    expect(error).toBeInstanceOf(RestError);
    expect(isRestError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 403, code: "Forbidden", message: body.error.message });
    expect(error.details).toEqual(body);
  });

  it("keeps neither the request body nor the Authorization header", () => {
    const error = createRestError(failedResponse(403, body), body);
    expect(error.request?.body).toBeUndefined();
    expect(error.request?.headers.get("authorization")).toBeUndefined();
    expect(error.response?.request.body).toBeUndefined();
    const printed = inspect(error) + JSON.stringify(error) + error.message;
    expect(printed).not.toContain("hunter2");
    expect(printed).not.toContain("secret-token");
  });

  it("falls back to a status message when the body has no error object", () => {
    const error = createRestError(failedResponse(500, "oops"), undefined);
    expect(error.message).toBe("The service answered with unexpected status code 500.");
    expect(error.code).toBeUndefined();
    expect(error.statusCode).toBe(500);
  });
});

describe("createRestError: a permission 403 explained in one line", () => {
  const CALLER =
    "appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=5f1f8c3a-0c5a-4bd4-9a11-2b4c2f7e9d01;" +
    "iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/";
  // The service's texts (docs/service-behaviour.md#errors; /work/shared/docs/keyvault-rest.md §3.2).
  const accessPolicy = (verb: string, caller = CALLER) =>
    `The user, group or application '${caller}' does not have secrets ${verb} permission on key vault ` +
    "'kv-app;location=westeurope'. For help resolving this issue, please see " +
    "https://go.microsoft.com/fwlink/?linkid=2125287";
  const rbac = (action: string) =>
    [
      "Caller is not authorized to perform action on resource.",
      "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.",
      `Caller: ${CALLER}`,
      `Action: '${action}'`,
      "Resource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-app/secrets/db'",
      "Assignment: (not found)",
      "DenyAssignmentId: null",
      "DecisionReason: 'DeniedWithNoValidRBAC' ",
      "Vault: kv-app;location=westeurope",
    ].join("\r\n");
  const forbidden = (innerCode: string, message: string) => ({
    error: { code: "Forbidden", message, innererror: { code: innerCode } },
  });
  const who = "appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=5f1f8c3a-0c5a-4bd4-9a11-2b4c2f7e9d01";

  it.each(["get", "list", "set", "delete", "purge"])(
    "AccessDenied: names the caller and the missing secrets %s permission, then the service's text",
    (verb) => {
      const body = forbidden("AccessDenied", accessPolicy(verb));
      const error = createRestError(failedResponse(403, body), body);
      expect(error.message).toBe(`${who} lacks secrets ${verb} permission.\n${accessPolicy(verb)}`);
      expect(error).toMatchObject({ statusCode: 403, code: "Forbidden" });
      expect(error.details).toEqual(body);
    },
  );

  it.each([
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "Microsoft.KeyVault/vaults/secrets/setSecret/action",
    "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    "Microsoft.KeyVault/vaults/secrets/delete",
    "Microsoft.KeyVault/vaults/secrets/purge/action",
  ])(
    "ForbiddenByRbac: names the caller and the missing %s on one line, then the service's lines",
    (action) => {
      const body = forbidden("ForbiddenByRbac", rbac(action));
      const error = createRestError(failedResponse(403, body), body);
      expect(error.message).toBe(`${who} lacks ${action}.\n${rbac(action)}`);
    },
  );

  it("keeps a user's name with the identity", () => {
    const caller = `name=ana@contoso.com;${CALLER}`;
    const body = forbidden("AccessDenied", accessPolicy("get", caller));
    const error = createRestError(failedResponse(403, body), body);
    expect(error.message.split("\n")[0]).toBe(`name=ana@contoso.com;${who} lacks secrets get permission.`);
  });

  it.each([
    ["SecretDisabled", "Operation get is not allowed on a disabled secret."],
    ["AccessDenied", "Operation get is not permitted on this object."],
    ["ForbiddenByFirewall", "Client address is not authorized and caller is not a trusted service."],
  ])("leaves other 403s (%s) as the service wrote them", (innerCode, message) => {
    const body = forbidden(innerCode, message);
    expect(createRestError(failedResponse(403, body), body).message).toBe(message);
  });
});

describe("SecretClient errors", () => {
  function client(...answers: ScriptStep[]) {
    const transport = new ScriptedHttpClient([challenge(), ...answers]);
    return new SecretClient(VAULT, new RecordingCredential(), {
      httpClient: transport,
      retryOptions: { maxRetries: 0 },
    });
  }

  it("throws RestError 404 SecretNotFound for a missing secret", async () => {
    const error = await client({
      status: 404,
      body: {
        error: {
          code: "SecretNotFound",
          message: "A secret with (name/id) a was not found in this key vault.",
        },
      },
    })
      .getSecret("a")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 404, code: "SecretNotFound" });
  });

  it("throws for 401, 403 and 500 from the service", async () => {
    for (const status of [403, 500]) {
      await expect(
        client({ status, body: { error: { code: "X", message: "m" } } }).getSecret("a"),
      ).rejects.toMatchObject({
        statusCode: status,
      });
    }
    const unauthorized = client(challenge());
    await expect(unauthorized.getSecret("a")).rejects.toMatchObject({
      statusCode: 401,
      code: "Unauthorized",
    });
  });

  it("rejects at once with an AbortError, sending nothing, when the signal is already aborted", async () => {
    const transport = new ScriptedHttpClient([]);
    const aborted = new SecretClient(VAULT, new RecordingCredential(), { httpClient: transport });
    const controller = new AbortController();
    controller.abort();
    await expect(aborted.getSecret("a", { abortSignal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
      message: "The operation was aborted.",
    });
    expect(transport.requests).toHaveLength(0);
  });

  it("keeps core's code for transport failures", async () => {
    await expect(client({ error: { code: "REQUEST_SEND_ERROR" } }).getSecret("a")).rejects.toMatchObject({
      code: "REQUEST_SEND_ERROR",
    });
  });

  it("reports an unparsable success body as PARSE_ERROR", async () => {
    await expect(client({ status: 200, body: "{not json" }).getSecret("a")).rejects.toMatchObject({
      code: "PARSE_ERROR",
      statusCode: 200,
    });
  });

  it("never puts the secret value of a failed setSecret in the error", async () => {
    const error = await client({
      status: 409,
      body: { error: { code: "Conflict", message: "Secret a is deleted." } },
    })
      .setSecret("a", "hunter2-value")
      .then(
        () => {
          throw new Error("setSecret should have failed");
        },
        (e: unknown) => e as RestError,
      );
    expect(inspect(error) + JSON.stringify(error) + error.message).not.toContain("hunter2-value");
    expect(error.request?.body).toBeUndefined();
  });

  it("hands the raw response and the error to onResponse", async () => {
    const seen: Array<{ status: number; parsedBody: unknown; error: unknown }> = [];
    await client({ status: 404, body: { error: { code: "SecretNotFound", message: "m" } } })
      .getSecret("a", {
        onResponse: (raw, error) => seen.push({ status: raw.status, parsedBody: raw.parsedBody, error }),
      })
      .catch(() => undefined);
    expect(seen).toHaveLength(1);
    expect(seen[0].status).toBe(404);
    expect(seen[0].parsedBody).toEqual({ error: { code: "SecretNotFound", message: "m" } });
    expect(seen[0].error).toBeInstanceOf(RestError);
  });
});
