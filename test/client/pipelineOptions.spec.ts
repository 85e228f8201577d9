import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { SDK_VERSION, type FullOperationResponse } from "../../src/index.js";
import { collect, createClientFixture } from "../helpers/clientFixture.js";

function countingPolicy(name: string): PipelinePolicy & { count: number } {
  const policy = {
    name,
    count: 0,
    sendRequest(
      request: Parameters<PipelinePolicy["sendRequest"]>[0],
      next: Parameters<PipelinePolicy["sendRequest"]>[1],
    ) {
      policy.count++;
      return next(request);
    },
  };
  return policy;
}

describe("SecretClient pipeline", () => {
  it("sends api-version 2026-04-01 by default on every request, nextLink pages included", async () => {
    const { client, sent } = createClientFixture();
    for (const name of ["a", "b", "c"]) await client.setSecret(name, "v");
    await collect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }));
    expect(sent.length).toBeGreaterThan(5);
    for (const request of sent) expect(request.url.searchParams.get("api-version")).toBe("2026-04-01");
  });

  it("sends the serviceVersion it was given", async () => {
    const { newClient, sent } = createClientFixture();
    await newClient({ serviceVersion: "7.4" }).setSecret("old-api", "v");
    expect(sent.at(-1)!.url.searchParams.get("api-version")).toBe("7.4");
  });

  it("sends a user agent with the caller's prefix first, then keyvault-secrets-client/<version>", async () => {
    const { newClient, sent } = createClientFixture();
    await newClient({ userAgentOptions: { userAgentPrefix: "my-app/2.0" } }).setSecret("ua", "v");
    const userAgent = sent.at(-1)!.request.headers.get("user-agent")!;
    expect(userAgent.startsWith(`my-app/2.0 keyvault-secrets-client/${SDK_VERSION}`)).toBe(true);
    expect(userAgent).toMatch(/core-rest-pipeline\//);
  });

  it("sends a client request id on every request", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("id", "v");
    const ids = sent.map((r) => r.request.headers.get("x-ms-client-request-id"));
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
  });

  it("adds requestOptions.headers and customHeaders to the request", async () => {
    const { client, sent } = createClientFixture();
    await client.setSecret("h", "v");
    await client.getSecret("h", {
      requestOptions: { headers: { "x-one": "1" }, customHeaders: { "x-two": "2" } },
    });
    const last = sent.at(-1)!.request.headers;
    expect(last.get("x-one")).toBe("1");
    expect(last.get("x-two")).toBe("2");
  });

  it("hands raw responses to onResponse, once per page for listings", async () => {
    const { client } = createClientFixture();
    for (const name of ["a", "b"]) await client.setSecret(name, "v");
    const responses: FullOperationResponse[] = [];
    await client.getSecret("a", { onResponse: (response) => responses.push(response) });
    expect(responses).toHaveLength(1);
    expect(responses[0].status).toBe(200);
    expect(responses[0].parsedBody).toMatchObject({ value: "v" });
    responses.length = 0;
    await collect(
      client.listPropertiesOfSecrets({ onResponse: (r) => responses.push(r) }).byPage({ maxPageSize: 1 }),
    );
    expect(responses.length).toBeGreaterThanOrEqual(2);
  });

  it("runs additional perCall policies once per call and perRetry policies on every attempt", async () => {
    const { newClient, emulator } = createClientFixture();
    const perCall = countingPolicy("perCallCounter");
    const perRetry = countingPolicy("perRetryCounter");
    const client = newClient({
      additionalPolicies: [
        { policy: perCall, position: "perCall" },
        { policy: perRetry, position: "perRetry" },
      ],
      retryOptions: { retryDelayInMs: 0, maxRetryDelayInMs: 0 },
    });
    await client.setSecret("p", "v");
    perCall.count = 0;
    perRetry.count = 0;
    emulator.faults.add({ kind: "status", status: 503, retryAfterMs: 0, operation: "getSecret" });
    await client.getSecret("p");
    expect(perCall.count).toBe(1);
    expect(perRetry.count).toBe(2);
  });

  it("uses a custom httpClient for every request", async () => {
    const { sent, client } = createClientFixture();
    await client.setSecret("custom", "v");
    expect(sent.map((r) => r.method)).toEqual(["PUT", "PUT"]);
  });
});
