// Runs `npm start` and every sample the way a user would (`npx ts-node samples/<name>.ts` from the repository
// root, without KEYVAULT_URI, so against the embedded emulator) and checks their exit code and key lines.
// The samples import the package by name, which resolves to dist/: build first (`npm run build`).
import { beforeAll, describe, expect, it } from "vitest";
import { npm, npx, requireBuild, run, type Run } from "./sampleRunner.js";

const sample = (name: string, extraEnv?: Record<string, string>) =>
  run(npx, ["ts-node", `samples/${name}.ts`], extraEnv);

/** Fails with the sample's own output, so a broken sample explains itself. */
function expectSuccess(result: Run): void {
  expect(result.code, `exit code; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/^Using the embedded emulator at https:\/\/127\.0\.0\.1:\d+\b/m);
}

beforeAll(requireBuild);

describe("npm start (samples/tour.ts)", () => {
  it("walks through every operation against the embedded emulator and exits 0", async () => {
    const result = await run(npm, ["start", "--silent"]);
    expectSuccess(result);
    const steps = [
      /^ 1\. setSecret\("tour-[^"]+", …, \{ contentType, tags \}\) → version [0-9a-f]{8}, contentType text\/plain, tags env=dev, owner=tour$/,
      /^ 2\. getSecret\("tour-[^"]+"\) → value "tour-value-1"/,
      /^ 4\. listPropertiesOfSecretVersions\("tour-[^"]+"\) → 2 versions: [0-9a-f]{8}, [0-9a-f]{8}$/,
      /^ 5\. updateSecretProperties\(…, \{ tags, expiresOn \}\) → tags env=prod \(replaced whole\), expires \d{4}-01-01$/,
      /^ 7\. getSecret\("tour-[^"]+"\) while disabled → RestError 403 Forbidden \/ SecretDisabled: Operation get is not allowed on a disabled secret\.$/,
      /^10\. listPropertiesOfSecrets\(\)\.byPage\(\{ maxPageSize: 2 \}\) → page 1: \[.+, .+\] \(continuationToken set\)$/,
      /^11\. listPropertiesOfSecrets\(\)\.byPage\(\{ maxPageSize: 2 \}\) → page 2: \[.+\] \(last page\)$/,
      /^12\. backupSecret\("tour-[^"]+"\) → \d+ bytes/,
      /^13\. beginDeleteSecret\("tour-[^"]+"\) \+ pollUntilDone\(\) → deleted on \d{4}-\d\d-\d\d, purge scheduled for \d{4}-\d\d-\d\d$/,
      /^14\. getDeletedSecret\("tour-[^"]+"\) → recoveryId https:\/\/127\.0\.0\.1:\d+\/deletedsecrets\/tour-\S+, recoveryLevel Recoverable\+Purgeable$/,
      /^15\. beginRecoverDeletedSecret\("tour-[^"]+"\) \+ pollUntilDone\(\) → recovered, version [0-9a-f]{8}$/,
      /^17\. purgeDeletedSecret\("tour-[^"]+"\) → purged/,
      /^18\. restoreSecretBackup\(backup\) → tour-\S+ is back with its 2 versions, latest [0-9a-f]{8}$/,
      /^19\. getSecret\("tour-[^"]+"\) → value "tour-value-2"$/,
      /^Done: 19 steps against the embedded emulator in \d+ ms\.$/,
      /^Summary: one secret set with tags and a content type, read, given a second version, .+ restored from its backup with both versions\.$/,
      /^The emulator served \d+ HTTP requests \(1 authentication challenge\)\.$/,
    ];
    const lines = result.stdout.split("\n");
    const missing = steps.filter((step) => !lines.some((line) => step.test(line)));
    expect(missing.map(String), result.stdout).toEqual([]);
    // One line per step, numbered 1 to 19 in order.
    const numbered = lines.flatMap((line) => /^ ?(\d+)\. /.exec(line)?.[1] ?? []).map(Number);
    expect(numbered).toEqual(Array.from({ length: 19 }, (_, index) => index + 1));
  });
});

describe("samples (npx ts-node samples/<name>.ts)", () => {
  it("helloWorld creates, reads (latest and by version), updates, deletes and purges a secret", async () => {
    const result = await sample("helloWorld");
    expectSuccess(result);
    expect(result.stdout).toMatch(/^Created hello-world-\d+, version [0-9a-f]{32}$/m);
    expect(result.stdout).toMatch(/^Read it back: value "my-secret-value", enabled true$/m);
    expect(result.stdout).toMatch(
      /^Added version [0-9a-f]{32}; the first version still reads "my-secret-value"$/m,
    );
    expect(result.stdout).toMatch(/^Updated its tags: \{"team":"payments"\}$/m);
    expect(result.stdout).toMatch(/^Deleted it; recoverable until \d{4}-/m);
    expect(result.stdout).toMatch(/^Purged it\. Hello world done\.$/m);
  });

  it("listOperations lists with for-await and byPage, resuming from a continuationToken", async () => {
    const result = await sample("listOperations");
    expectSuccess(result);
    expect(result.stdout).toMatch(/^for await: found our 3 secrets$/m);
    expect(result.stdout).toMatch(/^byPage: first page has 2 secrets, continuationToken set$/m);
    expect(result.stdout).toMatch(/^byPage\(\{ continuationToken \}\): resumed with 1 more$/m);
    expect(result.stdout).toMatch(/^versions of list-a-\S+: page of 2: [0-9a-f]{32}, [0-9a-f]{32}$/m);
    expect(result.stdout).toMatch(/^versions of list-a-\S+: page of 1: [0-9a-f]{32}$/m);
    expect(result.stdout).toMatch(/^deleted: list-c-\S+, purge scheduled \d{4}-/m);
  });

  it("deleteAndRecover deletes with a resumed poller, meets the 409 and recovers", async () => {
    const result = await sample("deleteAndRecover");
    expectSuccess(result);
    expect(result.stdout).toMatch(
      /^Deleted delete-and-recover-\S+ \(resumed poller\); recoveryId https:\/\//m,
    );
    expect(result.stdout).toMatch(
      /^getDeletedSecret: deleted on \d{4}-.+, recovery level Recoverable\+Purgeable$/m,
    );
    expect(result.stdout).toMatch(
      /^setSecret on the deleted name: 409 Conflict \/ ObjectIsDeletedButRecoverable$/m,
    );
    expect(result.stdout).toMatch(/^Its value is back: "recover-me"$/m);
  });

  it("backupAndRestore restores every version from the backup and rejects garbage", async () => {
    const result = await sample("backupAndRestore");
    expectSuccess(result);
    expect(result.stdout).toMatch(/^Backed up backup-and-restore-\S+: \d+ bytes$/m);
    expect(result.stdout).toMatch(/^Restored backup-and-restore-\S+; latest version unchanged$/m);
    expect(result.stdout).toMatch(/^2 versions restored; latest value "version two"$/m);
    expect(result.stdout).toMatch(/^Restoring garbage bytes: 400 Malformed backup blob$/m);
  });

  it("errorHandling shows status, code, inner code, validation, retries and aborts", async () => {
    const result = await sample("errorHandling");
    expectSuccess(result);
    expect(result.stdout).toMatch(/^Missing secret: statusCode 404, code SecretNotFound$/m);
    expect(result.stdout).toMatch(
      /^Disabled secret: statusCode 403, code Forbidden, inner code SecretDisabled$/m,
    );
    expect(result.stdout).toMatch(/^Invalid name: (TypeError|RangeError): .*secretName/m);
    expect(result.stdout).toMatch(
      /^Throttled twice, then 1 version listed: the emulator answered 429, 429, 200$/m,
    );
    expect(result.stdout).toMatch(/^Hanging request cancelled by an AbortSignal: AbortError$/m);
    expect(result.stdout).toMatch(/^Already aborted signal: AbortError$/m);
  });

  it("emulator starts it from code and from the CLI and serves both SDKs", async () => {
    const result = await run(npx, ["ts-node", "samples/emulator.ts"]);
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^startEmulator\(\): https:\/\/127\.0\.0\.1:\d+$/m);
    expect(result.stdout).toMatch(/^After clock\.advance\(8 days\): getDeletedSecret → 404 SecretNotFound$/m);
    expect(result.stdout).toMatch(
      /^createEmulatorHttpClient\(\): https:\/\/emulator\.vault\.localhost answered setSecret 401, setSecret 200$/m,
    );
    expect(result.stdout).toMatch(
      /^https:\/\/prod\.vault\.localhost:\d+ does not see dev's secret: 404 SecretNotFound$/m,
    );
    expect(result.stdout).toMatch(
      /^Vaults: dev, prod; the plain address https:\/\/127\.0\.0\.1:\d+ reaches dev$/m,
    );
    const printed = /^keyvault-emulator --port 0 --vault dev printed: (.*)$/m
      .exec(result.stdout)?.[1]
      .split(", ");
    expect(printed).toEqual(
      expect.arrayContaining(["KEYVAULT_URI", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "NODE_EXTRA_CA_CERTS"]),
    );
    expect(result.stdout).toMatch(
      /^@azure\/keyvault-secrets read it back: "written by keyvault-secrets-client"$/m,
    );
    expect(result.stdout).toMatch(/^keyvault-emulator stopped on SIGTERM with exit code 0$/m);
  });

  it("logging logs with the Authorization header redacted and never the secret value", async () => {
    const result = await sample("logging", { AZURE_LOG_LEVEL: "verbose" });
    expectSuccess(result);
    expect(result.stdout).toMatch(/the Authorization header is logged as "authorization": "REDACTED"$/im);
    expect(result.stdout).toMatch(/^Log lines containing the secret value: 0$/m);
    expect(result.stdout).toMatch(/^secret\.value still holds the value: true$/m);
    expect(result.stdout + result.stderr).not.toContain("logging-sample-secret-value");
  });

  it("cache coalesces, answers from memory and follows writes and emulator events", async () => {
    const result = await sample("cache");
    expectSuccess(result);
    expect(result.stdout).toMatch(/^100 concurrent get\(\) → 1 value, 1 request$/m);
    expect(result.stdout).toMatch(/^10,000 more get\(\) → answered from memory, still 1 request$/m);
    expect(result.stdout).toMatch(/^JSON parsed once and shared: poolSize 10$/m);
    expect(result.stdout).toMatch(
      /^setSecret through the cache's client → next get\(\) reads "rotated-password"$/m,
    );
    expect(result.stdout).toMatch(
      /^SecretNewVersionCreated event → next get\(\) reads "rotated-elsewhere"$/m,
    );
  });

  it("config loads, shapes, hides values, refreshes and reports every problem at once", async () => {
    const result = await sample("config");
    expectSuccess(result);
    expect(result.stdout).toMatch(/^loaded 3 secrets \(the disabled one skipped\): Database, Features$/m);
    expect(result.stdout).toMatch(/^Database\.Host = db\.internal$/m);
    expect(result.stdout).toMatch(/^Features\.beta = true$/m);
    expect(result.stdout).toMatch(/^SecretsConfig \{ names: \[.*Database--Password.*\] \}$/m);
    expect(result.stdout).not.toContain("first-password");
    expect(result.stdout).toMatch(/^refresh → 1 changed, Region = west-europe$/m);
    expect(result.stdout).toMatch(/^one error for every problem: Database\.Port, Api\.Key$/m);
  });
});

describe("samples/tsconfig.json", () => {
  it("type-checks every sample against the built package (strict, node16 resolution)", async () => {
    const result = await run(npx, ["tsc", "-p", "samples/tsconfig.json"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
