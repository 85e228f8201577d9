import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SDK_VERSION, SecretClient } from "../../src/index.js";
import { challenge, RecordingCredential, ScriptedHttpClient } from "../helpers/scriptedHttpClient.js";

const VAULT = "https://myvault.vault.azure.net";

async function sentUserAgent(userAgentPrefix?: string): Promise<string> {
  const transport = new ScriptedHttpClient([
    challenge(),
    { status: 200, body: { id: `${VAULT}/secrets/a/1` } },
  ]);
  const client = new SecretClient(VAULT, new RecordingCredential(), {
    httpClient: transport,
    userAgentOptions: { userAgentPrefix },
  });
  await client.getSecret("a");
  return transport.requests[1].headers["user-agent"];
}

describe("user agent", () => {
  it("states the package version in SDK_VERSION", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(SDK_VERSION).toBe(pkg.version);
  });

  it("starts with keyvault-secrets-client/<version>, followed by core's and the platform's parts", async () => {
    const userAgent = await sentUserAgent();
    expect(userAgent.startsWith(`keyvault-secrets-client/${SDK_VERSION} `)).toBe(true);
    expect(userAgent).toMatch(/core-rest-pipeline\/\S+ .*Node\//);
  });

  it("puts the caller's userAgentPrefix first", async () => {
    const userAgent = await sentUserAgent("my-app/2.0");
    expect(
      userAgent.startsWith(`my-app/2.0 keyvault-secrets-client/${SDK_VERSION} core-rest-pipeline/`),
    ).toBe(true);
  });

  it("sends the same user agent on every request, and a caller's own header wins", async () => {
    const bundle = { status: 200, body: { id: `${VAULT}/secrets/a/1` } };
    const transport = new ScriptedHttpClient([challenge(), bundle, bundle, bundle]);
    const client = new SecretClient(VAULT, new RecordingCredential(), { httpClient: transport });
    await client.getSecret("a");
    await client.getSecret("a");
    await client.getSecret("a", { requestOptions: { headers: { "User-Agent": "mine/1.0" } } });
    const sent = transport.requests.map((request) => request.headers["user-agent"]);
    expect(sent[1]).toMatch(new RegExp(`^keyvault-secrets-client/${SDK_VERSION} core-rest-pipeline/`));
    expect(sent.slice(0, 3)).toEqual([sent[1], sent[1], sent[1]]);
    expect(sent[3]).toBe("mine/1.0");
  });
});
