// The examples of README.md and docs/ (samples/snippets/, checked verbatim against the documents by
// readme.spec.ts) as a user runs them: each file alone, in a Node process of its own, with the variables
// `keyvault-emulator` prints exported, and it must exit by itself. They must also compile as TypeScript.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode, startCliEmulator, type CliEmulator } from "../helpers/emulatorProcess";
import { npx, requireBuild, root, run } from "./sampleRunner.js";

/** What each example prints when it works. */
const expectedOutput: Record<string, RegExp[]> = {
  "quickStart.mjs": [/^Hello, Key Vault$/m],
  "authenticate.mjs": [],
  "emulatorInCode.mjs": [/^Hello from an emulator inside this process$/m],
  "setGetAndUpdate.mjs": [
    /^latest "second-password", first "first-password"$/m,
    /^tags \{"team":"payments"\}, expires \d{4}-\d\d-\d\dT/m,
  ],
  "listing.mjs": [/^list-demo$/m, /^[0-9a-f]{32}$/m],
  "deleteAndRecover.mjs": [
    /^deleted, recoverable until \d{4}-/m,
    /^recovered version [0-9a-f]{32} \(Recoverable\+Purgeable\)$/m,
  ],
  "backupAndRestore.mjs": [/^restored backup-demo, latest version [0-9a-f]{32}$/m],
  "errors.mjs": [
    /^no-such-secret: 404 SecretNotFound -: A secret with \(name\/id\) no-such-secret was not found/m,
    /^disabled-demo: 403 Forbidden SecretDisabled: Operation get is not allowed on a disabled secret\.$/m,
  ],
  "cache.mjs": [/poolSize: 10[\s\S]*poolSize: 20/],
  "cacheEvents.mjs": [/^first\nrotated$/m],
  "config.mjs": [
    /^db\.internal$/m,
    /^SecretsConfig \{ names: \['myapp-Database--Host', 'myapp-Database--Password'\] \}$/m,
  ],
  "logging.mjs": [/value: '\[REDACTED\]'/],
  "emulatorVaults.mjs": [/^SecretNotFound$/m, /https:\/\/prod\.vault\.localhost:\d+/],
  "inProcess.mjs": [/\[ 'setSecret 401', 'setSecret 200' \]/],
  "clock.mjs": [/^SecretNotFound$/m],
  "faults.mjs": [/^\[ 429, 429, 200 \]$/m],
  "events.mjs": [/SecretNewVersionCreated[\s\S]*SecretNearExpiry[\s\S]*SecretExpired/],
  "officialSdk.mjs": [/^value$/m],
};

const snippets = readdirSync(join(root, "samples", "snippets")).filter((file) => file.endsWith(".mjs"));

describe("samples/snippets (the examples of README.md and docs/)", () => {
  let emulator: CliEmulator;
  beforeAll(async () => {
    requireBuild();
    emulator = await startCliEmulator(["--port", "0", "--vault", "dev"]);
  });
  afterAll(async () => {
    emulator?.child.kill("SIGTERM");
    await emulator?.exited;
  });

  it("has an expected output for every example", () => {
    expect(Object.keys(expectedOutput).sort()).toEqual([...snippets].sort());
  });

  it.each(snippets)("%s runs alone against the emulator's variables and exits 0", async (file) => {
    const { KEYVAULT_URI, IDENTITY_ENDPOINT, IDENTITY_HEADER, NODE_EXTRA_CA_CERTS } = emulator.env;
    const result = await runNode(
      [join("samples", "snippets", file)],
      { KEYVAULT_URI, IDENTITY_ENDPOINT, IDENTITY_HEADER, NODE_EXTRA_CA_CERTS },
      60_000,
    );
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    for (const pattern of expectedOutput[file] ?? []) expect(result.stdout).toMatch(pattern);
    if (file === "logging.mjs") {
      expect(result.stderr).toContain("azure:keyvault-secrets:info");
      expect(result.stdout + result.stderr).not.toContain("appears in no log line");
    }
  });

  it("type-check as TypeScript (strict, nodenext) against the built package", async () => {
    const result = await run(npx, ["tsc", "-p", "samples/snippets/tsconfig.json"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
