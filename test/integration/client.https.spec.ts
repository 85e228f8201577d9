// Our SecretClient over real HTTPS against a started emulator: in this process with the emulator's
// credential and TLS options, and in a child process with an unmodified DefaultAzureCredential configured
// only by the variables the emulator prints. Neither needs disableChallengeResourceVerification.
import { buildSync } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { SecretClient } from "../../src/index.js";
import { collect } from "../helpers/clientFixture.js";
import { repositoryRoot, runNode, type ProcessResult } from "../helpers/emulatorProcess.js";

describe("SecretClient over HTTPS (in-process emulator server)", () => {
  let emulator: RunningEmulator;
  let client: SecretClient;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("serves https://127.0.0.1:<port> and the client needs no challenge opt-out", async () => {
    expect(emulator.vaultUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const secret = await client.setSecret("over-tls", "tls-value", { tags: { via: "https" } });
    expect(secret.properties.vaultUrl).toBe(emulator.vaultUrl);
    expect((await client.getSecret("over-tls")).value).toBe("tls-value");
    const statuses = emulator.journal.entries().map((e) => e.status);
    expect(statuses.slice(0, 2)).toEqual([401, 200]);
  });

  it("pages, deletes, recovers, backs up and restores over real sockets", async () => {
    for (const name of ["tls-a", "tls-b", "tls-c"]) await client.setSecret(name, "v");
    const pages = await collect(client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }));
    expect(pages.every((page) => page.length <= 1)).toBe(true);
    expect(pages.flat().map((p) => p.name)).toEqual(expect.arrayContaining(["tls-a", "tls-b", "tls-c"]));

    const backup = (await client.backupSecret("tls-a"))!;
    await (await client.beginDeleteSecret("tls-a", { intervalInMs: 0 })).pollUntilDone();
    expect((await collect(client.listDeletedSecrets())).map((d) => d.name)).toContain("tls-a");
    await (await client.beginRecoverDeletedSecret("tls-a", { intervalInMs: 0 })).pollUntilDone();
    expect((await client.getSecret("tls-a")).value).toBe("v");

    await (await client.beginDeleteSecret("tls-a", { intervalInMs: 0 })).pollUntilDone();
    await client.purgeDeletedSecret("tls-a");
    await expect(client.restoreSecretBackup(backup)).resolves.toMatchObject({ name: "tls-a" });
  });

  it("retries a throttled request and surfaces a dropped connection with the socket error code", async () => {
    emulator.faults.add({ kind: "status", status: 429, retryAfterMs: 1, operation: "getSecret" });
    await expect(client.getSecret("over-tls")).resolves.toMatchObject({ value: "tls-value" });
    const noRetry = new SecretClient(emulator.vaultUrl, emulator.credential, {
      ...emulator.clientOptions,
      retryOptions: { maxRetries: 0 },
    });
    emulator.faults.add({ kind: "reset", operation: "getSecret" });
    const error = await noRetry.getSecret("over-tls").catch((e: unknown) => e);
    // Core's Node transport keeps the socket's code: a reset connection reads "socket hang up" / ECONNRESET.
    expect(error).toMatchObject({ name: "RestError", code: "ECONNRESET" });
    expect((error as { statusCode?: number }).statusCode).toBeUndefined();
  });

  it("times out a hanging request with an AbortError", async () => {
    emulator.faults.add({ kind: "hang", operation: "getSecret" });
    await expect(client.getSecret("over-tls", { requestOptions: { timeout: 200 } })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});

/** A child-process script: our client (bundled from src) + DefaultAzureCredential, env-configured only. */
const scenario = `
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { DefaultAzureCredential } from "@azure/identity";
const { SecretClient } = createRequire(import.meta.url)("./client.cjs");

const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential());
const ok = (step) => process.stdout.write("ok " + step + "\\n");

const set = await client.setSecret("child-secret", "child-value", { contentType: "text/plain" });
assert.equal(set.value, "child-value");
assert.equal((await client.getSecret("child-secret")).value, "child-value");
ok("set and get");

await client.updateSecretProperties("child-secret", "", { tags: { by: "child" } });
const pages = [];
for await (const page of client.listPropertiesOfSecretVersions("child-secret").byPage({ maxPageSize: 1 })) pages.push(page);
assert.equal(pages.flat().length, 1);
ok("update and list");

const deleting = await client.beginDeleteSecret("child-secret", { intervalInMs: 20 });
const deleted = await deleting.pollUntilDone();
assert.equal(deleted.name, "child-secret");
const recovering = await client.beginRecoverDeletedSecret("child-secret", { intervalInMs: 20 });
assert.equal((await recovering.pollUntilDone()).name, "child-secret");
ok("delete and recover pollers");

const missing = await client.getSecret("not-there").catch((error) => error);
assert.equal(missing.statusCode, 404);
assert.equal(missing.code, "SecretNotFound");
ok("errors");
process.stdout.write("scenario complete\\n");
`;

describe("SecretClient with DefaultAzureCredential in a child process (emulator variables only)", () => {
  let emulator: RunningEmulator;
  let result: ProcessResult;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, deleteDelayMs: 100, recoverDelayMs: 100 });
    const directory = join(repositoryRoot, "node_modules", ".cache", `keyvault-client-https-${process.pid}`);
    mkdirSync(directory, { recursive: true });
    buildSync({
      entryPoints: [join(repositoryRoot, "src", "index.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      outfile: join(directory, "client.cjs"),
      logLevel: "error",
    });
    writeFileSync(join(directory, "scenario.mjs"), scenario);
    result = await runNode([join(directory, "scenario.mjs")], {
      ...emulator.env,
      AZURE_LOG_LEVEL: "verbose",
    });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("gets only KEYVAULT_URI, IDENTITY_ENDPOINT, IDENTITY_HEADER and NODE_EXTRA_CA_CERTS", () => {
    expect(Object.keys(emulator.env).sort()).toEqual([
      "IDENTITY_ENDPOINT",
      "IDENTITY_HEADER",
      "KEYVAULT_URI",
      "NODE_EXTRA_CA_CERTS",
    ]);
  });

  it("logs verbosely (AZURE_LOG_LEVEL=verbose) without the secret value or a bearer token", () => {
    expect(result.stderr).toMatch(/keyvault-secrets/);
    expect(result.stderr).toMatch(/azure:core-rest-pipeline/);
    expect(result.stderr).not.toContain("child-value");
    expect(result.stderr).not.toMatch(/Bearer\s+ey/);
    // No JWT-shaped string at all: the emulator's tokens (from the identity endpoint) are JWTs.
    expect(result.stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  for (const step of ["set and get", "update and list", "delete and recover pollers", "errors"]) {
    it(step, () => {
      expect(result.stdout.split("\n"), `child stderr:\n${result.stderr}`).toContain(`ok ${step}`);
    });
  }

  it("completes in one process that exits 0, its requests authorized by identity-endpoint tokens", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("scenario complete");
    const entries = emulator.journal.entries();
    expect(entries[0].status).toBe(401);
    expect(entries.filter((e) => e.status === 401)).toHaveLength(1);
    expect(entries.some((e) => e.operation === "recoverDeletedSecret" && e.status === 200)).toBe(true);
  });
});
