import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { SecretClient } from "../../src/index.js";
import { collect, createClientFixture } from "../helpers/clientFixture.js";
import { captureAzureLogs, type LogCapture } from "../helpers/logCapture.js";

let logs: LogCapture | undefined;
afterEach(() => {
  logs?.restore();
  logs = undefined;
});

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Remembers every token it hands out, so the test can search for them. */
function tokenRecorder(inner: TokenCredential): TokenCredential & { tokens: string[] } {
  const tokens: string[] = [];
  return {
    tokens,
    async getToken(scopes, options): Promise<AccessToken | null> {
      const token = await inner.getToken(scopes, options);
      if (token) tokens.push(token.token);
      return token;
    },
  };
}

/** Runs every operation (successes and failures) and returns everything a user might print. */
async function runEverything(
  client: SecretClient,
  values: string[],
): Promise<{ printed: string[]; backup: Uint8Array }> {
  const printed: string[] = [];
  const show = (thing: unknown): void => {
    printed.push(inspect(thing, { depth: 10, showHidden: false }));
    printed.push(String(thing));
  };
  const fail = async (promise: Promise<unknown>): Promise<void> => {
    const error = (await promise.catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    show(error);
    printed.push(error.message, String(error.stack));
  };
  const [first, second, reused] = values;
  show(await client.setSecret("logged", first, { contentType: "text/plain", tags: { t: "x" } }));
  show(await client.setSecret("logged", second));
  show(await client.getSecret("logged"));
  show(await client.updateSecretProperties("logged", "", { enabled: true }));
  for (const item of await collect(client.listPropertiesOfSecrets())) show(item);
  for (const item of await collect(client.listPropertiesOfSecretVersions("logged"))) show(item);
  const backup = (await client.backupSecret("logged"))!;
  show(backup.length);
  const deletePoller = await client.beginDeleteSecret("logged", { intervalInMs: 0 });
  show(await deletePoller.pollUntilDone());
  printed.push(deletePoller.toString());
  show(deletePoller.getOperationState());
  show(await client.getDeletedSecret("logged"));
  for (const item of await collect(client.listDeletedSecrets())) show(item);
  await fail(client.setSecret("logged", reused));
  const recoverPoller = await client.beginRecoverDeletedSecret("logged", { intervalInMs: 0 });
  show(await recoverPoller.pollUntilDone());
  printed.push(recoverPoller.toString());
  await fail(client.restoreSecretBackup(backup));
  await (await client.beginDeleteSecret("logged", { intervalInMs: 0 })).pollUntilDone();
  await client.purgeDeletedSecret("logged");
  show(await client.restoreSecretBackup(backup));
  await client.updateSecretProperties("logged", "", { enabled: false });
  await fail(client.getSecret("logged"));
  await fail(client.setSecret("bad_name", reused));
  await fail(client.setSecret("typed", 1234567 as unknown as string));
  return { printed, backup };
}

describe("secrets never reach logs, errors or printed models (AZURE_LOG_LEVEL=verbose)", () => {
  it("keeps secret values, backup bytes and bearer tokens out of every log line and printout", async () => {
    const { emulator, newClient } = createClientFixture();
    const credential = tokenRecorder(emulator.credential);
    const client = newClient({}, credential);
    const values = ["first-SECRET-value-7f3a", "second-SECRET-value-91c2", "reused-SECRET-value-55d0"];
    logs = captureAzureLogs("verbose");
    const { printed, backup } = await runEverything(client, values);
    logs.restore();

    expect(logs.lines.length).toBeGreaterThan(20);
    expect(logs.lines.some((line) => /Request: \{/.test(line) || /"method"/.test(line))).toBe(true);
    expect(credential.tokens.length).toBeGreaterThan(0);
    const backupText = base64url(backup);
    const forbidden = [
      ...values,
      backupText.slice(0, 64),
      backupText.slice(-64),
      ...credential.tokens,
      "1234567",
    ];
    const everything = [...logs.lines, ...printed];
    for (const text of everything) {
      for (const needle of forbidden) {
        expect(text.includes(needle), `leaked ${needle.slice(0, 12)}… in: ${text.slice(0, 200)}`).toBe(false);
      }
      expect(text).not.toMatch(/Bearer\s+ey/);
    }
  });

  it("prints a secret's value as redacted while value and JSON.stringify keep working", async () => {
    const { client } = createClientFixture();
    const secret = await client.setSecret("shown", "visible-only-on-purpose");
    expect(inspect(secret)).not.toContain("visible-only-on-purpose");
    expect(inspect(secret)).toMatch(/REDACTED/);
    expect(secret.value).toBe("visible-only-on-purpose");
    expect(JSON.parse(JSON.stringify(secret)).value).toBe("visible-only-on-purpose");
    expect(Object.keys(secret)).toContain("value");
  });

  it("logs the Key Vault diagnostic headers unredacted and the Authorization header as REDACTED", async () => {
    const { client } = createClientFixture();
    logs = captureAzureLogs("info");
    await client.setSecret("headers", "v");
    await client.getSecret("headers");
    const text = logs.lines.join("\n");
    expect(text).toMatch(/"authorization": "REDACTED"/i);
    expect(text).toMatch(/"x-ms-request-id": "[0-9a-f-]{36}"/i);
    expect(text).toMatch(/"x-ms-keyvault-service-version": "(?!REDACTED)/i);
  });
});
