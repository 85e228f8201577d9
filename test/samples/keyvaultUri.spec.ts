// The samples' real-vault path: with KEYVAULT_URI set they sign in with an unmodified DefaultAzureCredential,
// tolerate the service's propagation windows and leave nothing behind. The vault here is the emulator over
// HTTPS with delete/recover/purge delays like the real service's, reached only through the variables the
// CLI would print (KEYVAULT_URI, IDENTITY_ENDPOINT, IDENTITY_HEADER, NODE_EXTRA_CA_CERTS).
import { SecretClient } from "keyvault-secrets-client";
import { startEmulator, type RunningEmulator } from "keyvault-secrets-client/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npm, npx, requireBuild, run, type Run } from "./sampleRunner.js";

let emulator: RunningEmulator;

beforeAll(async () => {
  requireBuild();
  emulator = await startEmulator({ deleteDelayMs: 1500, recoverDelayMs: 1500, purgeDelayMs: 1500 });
});

afterAll(async () => {
  await emulator?.stop();
});

/** Names of the secrets and deleted secrets left in the vault. */
async function leftovers(): Promise<string[]> {
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, { ...emulator.clientOptions });
  const names: string[] = [];
  for await (const properties of client.listPropertiesOfSecrets()) names.push(properties.name);
  for await (const deleted of client.listDeletedSecrets()) names.push(`deleted:${deleted.name}`);
  return names;
}

function expectVaultRun(result: Run): void {
  expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/^Using the Key Vault at https:\/\/127\.0\.0\.1:\d+/m);
}

describe("samples with KEYVAULT_URI set (emulator with propagation delays as the vault)", () => {
  it("npm start runs the whole tour with DefaultAzureCredential, retries the restore and cleans up", async () => {
    emulator.journal.clear();
    const result = await run(npm, ["start", "--silent"], { ...emulator.env });
    expectVaultRun(result);
    expect(result.stdout).toMatch(
      /^ 7\. getSecret\("tour-[^"]+"\) while disabled → RestError 403 Forbidden \/ SecretDisabled/m,
    );
    expect(result.stdout).toMatch(
      /^18\. restoreSecretBackup\(backup\) → tour-\S+ is back with its 2 versions/m,
    );
    expect(result.stdout).toMatch(
      /^Done: 19 steps against your vault \(secrets deleted and purged\) in \d+ ms\.$/m,
    );
    // The purged name stayed reserved for a moment (409), as on the real service; the tour waited it out.
    const restores = emulator.journal
      .entries()
      .filter((entry) => entry.operation === "restoreSecret")
      .map((entry) => entry.status);
    expect(restores[0]).toBe(409);
    expect(restores.at(-1)).toBe(200);
    expect(await leftovers()).toEqual([]);
  });

  it("helloWorld uses DefaultAzureCredential and purges what it created", async () => {
    const result = await run(npx, ["ts-node", "samples/helloWorld.ts"], { ...emulator.env });
    expectVaultRun(result);
    expect(result.stdout).toMatch(/^Purged it\. Hello world done\.$/m);
    expect(await leftovers()).toEqual([]);
  });
});
