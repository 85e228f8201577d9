// The redaction policy: a request's TLS settings and proxy agent print as "[REDACTED]" in any log line or
// error inspection, while every option stays readable to the transport.
import { Agent } from "node:https";
import { createPipelineRequest, type PipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import {
  redactableTlsOptions,
  transportSettingsRedactionPolicy,
} from "../../../src/http/policies/transportSettingsRedaction.js";

const KEY = "-----BEGIN PRIVATE KEY-----not-really-----END PRIVATE KEY-----";

function through(request: PipelineRequest): Promise<string> {
  return transportSettingsRedactionPolicy()
    .sendRequest(request, async (sent) => {
      const printed = JSON.stringify(sent);
      return { status: 200, headers: sent.headers, request: sent, bodyAsText: printed };
    })
    .then((response) => response.bodyAsText!);
}

describe("transportSettingsRedactionPolicy", () => {
  it("prints the TLS settings and the agent as [REDACTED], leaving their options readable", async () => {
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    request.tlsSettings = { key: KEY, passphrase: "hunter2" };
    request.agent = new Agent({ keepAlive: true });
    const printed = await through(request);
    expect(printed).not.toContain("not-really");
    expect(printed).not.toContain("hunter2");
    expect(JSON.parse(printed)).toMatchObject({ tlsSettings: "[REDACTED]", agent: "[REDACTED]" });
    expect({ ...request.tlsSettings }).toEqual({ key: KEY, passphrase: "hunter2" });
    request.agent.destroy();
  });

  it("passes a request without TLS settings or agent", async () => {
    const request = createPipelineRequest({ url: "https://myvault.vault.azure.net/" });
    expect(JSON.parse(await through(request))).not.toHaveProperty("tlsSettings");
  });
});

describe("redactableTlsOptions", () => {
  it("is a copy that prints as [REDACTED], or undefined without options", () => {
    const options = { key: KEY };
    const copy = redactableTlsOptions(options)!;
    expect(copy).not.toBe(options);
    expect(JSON.stringify({ copy })).toBe('{"copy":"[REDACTED]"}');
    expect(JSON.stringify(options)).toContain("not-really");
    expect(redactableTlsOptions(undefined)).toBeUndefined();
  });
});
