// TLS keys and proxy credentials given in client options never reach a log line or an inspected error,
// while the TLS options still reach the transport.
import { inspect } from "node:util";
import type { HttpClient, PipelineRequest } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulatorHttpClient } from "../../src/emulator/index.js";
import { SecretClient, isRestError } from "../../src/index.js";
import { captureAzureLogs, type LogCapture } from "../helpers/logCapture.js";

const privateKey = "-----BEGIN PRIVATE KEY-----TLS-KEY-MARKER-----END PRIVATE KEY-----";
const passphrase = "TLS-PASSPHRASE-MARKER";
const proxyPassword = "PROXY-PASSWORD-MARKER";

let logs: LogCapture | undefined;
afterEach(() => logs?.restore());

function recordingTransport(emulator: HttpClient): { httpClient: HttpClient; requests: PipelineRequest[] } {
  const requests: PipelineRequest[] = [];
  return {
    requests,
    httpClient: {
      sendRequest(request) {
        requests.push(request);
        return emulator.sendRequest(request);
      },
    },
  };
}

describe("SecretClient transport settings", () => {
  it("logs neither the TLS private key, the passphrase nor the proxy password", async () => {
    const emulator = createEmulatorHttpClient();
    logs = captureAzureLogs("verbose");
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient: emulator,
      tlsOptions: { key: privateKey, passphrase },
      proxyOptions: { host: "http://127.0.0.1", port: 9, username: "user", password: proxyPassword },
    });
    await client.setSecret("tls-logged", "value");
    const failure = await client.getSecret("missing-secret").catch((error: unknown) => error);
    expect(isRestError(failure)).toBe(true);

    const everything = [...logs.lines, inspect(failure, { depth: 10 }), JSON.stringify(failure)].join("\n");
    expect(logs.lines.some((line) => line.includes("tlsSettings"))).toBe(true);
    for (const marker of ["TLS-KEY-MARKER", passphrase, proxyPassword]) {
      expect(everything).not.toContain(marker);
    }
  });

  it("still hands every TLS option to the transport, as one object reused across requests", async () => {
    const emulator = createEmulatorHttpClient();
    const { httpClient, requests } = recordingTransport(emulator);
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, {
      httpClient,
      tlsOptions: { key: privateKey, passphrase },
    });
    await client.setSecret("tls-passed", "value");
    expect((await client.getSecret("tls-passed")).value).toBe("value");
    expect(requests.length).toBeGreaterThanOrEqual(2);
    const settings = requests.map((request) => request.tlsSettings);
    expect({ ...settings[0] }).toEqual({ key: privateKey, passphrase });
    expect(new Set(settings).size).toBe(1);
  });
});
