// The OFFICIAL @azure/keyvault-secrets with an unmodified DefaultAzureCredential, in its own process,
// configured only by what the emulator CLI printed (plus disableChallengeResourceVerification).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  runNode,
  startCliEmulator,
  type CliEmulator,
  type ProcessResult,
} from "../helpers/emulatorProcess.js";

const scenario = join(__dirname, "..", "helpers", "officialClientScenario.mjs");

describe("the official @azure/keyvault-secrets client against the emulator CLI", () => {
  let directory: string;
  let emulator: CliEmulator;
  let result: ProcessResult;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "kv-official-"));
    const faultsFile = join(directory, "faults.json");
    writeFileSync(
      faultsFile,
      JSON.stringify([{ kind: "caeChallenge", operation: "getSecret", secretName: "cae-target", times: 1 }]),
    );
    emulator = await startCliEmulator([
      ...["--port", "0", "--delete-delay-ms", "150", "--recover-delay-ms", "150"],
      ...["--faults", faultsFile, "--verbose"],
    ]);
    result = await runNode([scenario], emulator.env);
  });

  afterAll(async () => {
    emulator?.child.kill("SIGTERM");
    await emulator?.exited;
    rmSync(directory, { recursive: true, force: true });
  });

  it("prints the variables a client process needs", () => {
    expect(Object.keys(emulator.env).sort()).toEqual([
      "IDENTITY_ENDPOINT",
      "IDENTITY_HEADER",
      "KEYVAULT_EMULATOR_DASHBOARD",
      "KEYVAULT_URI",
      "NODE_EXTRA_CA_CERTS",
    ]);
    expect(emulator.env["KEYVAULT_URI"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  const steps = [
    "setSecret with attributes",
    "getSecret latest and by version",
    "updateSecretProperties",
    "getSecret of a disabled secret is 403",
    "list secrets and versions byPage({ maxPageSize: 2 })",
    "beginDeleteSecret poller",
    "getDeletedSecret",
    "listDeletedSecrets byPage({ maxPageSize: 2 })",
    "setSecret on a deleted name is 409",
    "beginRecoverDeletedSecret poller",
    "purgeDeletedSecret",
    "backupSecret, purge, restoreSecretBackup",
    "restoreSecretBackup of a malformed blob is 400",
    "poller resumeFrom",
    "CAE claims challenge handled",
  ];
  for (const step of steps) {
    it(step, () => {
      expect(result.stdout.split("\n"), `client stderr:\n${result.stderr}`).toContain(`ok ${step}`);
    });
  }

  it("completes the whole scenario in one process that exits 0", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("scenario complete");
  });

  it("got its tokens from the identity endpoint (the 401 probe precedes the first authorised request)", () => {
    const log = emulator.output().stderr.split("\n");
    const first = log.findIndex((line) => line.startsWith("[keyvault-emulator] PUT /secrets/alpha"));
    expect(log[first]).toMatch(/ setSecret 401 /);
    expect(log[first + 1]).toMatch(/^\[keyvault-emulator\] PUT \/secrets\/alpha setSecret 200 /);
  });

  it("fired the CAE challenge once and the client retried with a new token", () => {
    const log = emulator.output().stderr.split("\n");
    const cae = log.filter((line) => line.includes("/secrets/cae-target") && line.includes("getSecret"));
    expect(cae).toHaveLength(2);
    expect(cae[0]).toMatch(/getSecret 401 .* fault=caeChallenge$/);
    expect(cae[1]).toMatch(/getSecret 200 /);
  });
});
