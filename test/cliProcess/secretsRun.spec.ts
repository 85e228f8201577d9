// `keyvault-secrets run` as a real child process against the HTTPS emulator: every reference syntax, masking,
// errors before any request, exit codes and forwarded signals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretClient } from "../../src/client/secretClient.js";
import { MASK } from "../../src/cli/process/masker.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { allOutput, runSecretsCli, startSecretsCli } from "../helpers/secretsCli";

const DB_V1 = "hunter2-Secret-v1";
const DB_V2 = "hunter2-Secret-v2";
const API_KEY = "Api-K3y-Other-🔑-€";
const PEM =
  "-----BEGIN TEST KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END TEST KEY-----";
const VALUES = [DB_V1, DB_V2, API_KEY, PEM, ...PEM.split("\n").filter((line) => line.length >= 8)];

let emulator: RunningEmulator;
let env: Record<string, string>;
let app: string;
let other: string;
let v1: string;

beforeAll(async () => {
  emulator = await startEmulator({ vaults: ["app", "other", "quiet"] });
  app = emulator.vaults.url("app");
  other = emulator.vaults.url("other");
  const appClient = new SecretClient(app, emulator.credential, emulator.clientOptions);
  v1 = (await appClient.setSecret("db-password", DB_V1)).properties.version!;
  await appClient.setSecret("db-password", DB_V2);
  await appClient.setSecret("pem", PEM);
  await new SecretClient(other, emulator.credential, emulator.clientOptions).setSecret("api-key", API_KEY);
  const port = new URL(app).port;
  // Only what the emulator prints, and the vault-name rule for the references that name a vault.
  env = { ...emulator.env, KEYVAULT_SECRETS_VAULT_URL_TEMPLATE: `https://{vault}.vault.localhost:${port}` };
});
afterAll(() => emulator?.stop());

/** `node -e <script>` as the command of `run`. */
const node = (script: string): string[] => ["--", process.execPath, "-e", script];

describe.concurrent("keyvault-secrets run: references", () => {
  it("resolves every syntax, latest and versioned, from two vaults in one run, into the command's environment", async () => {
    const result = await runSecretsCli(
      [
        "run",
        "--no-masking",
        ...node(
          "console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('R_')))))",
        ),
      ],
      {
        ...env,
        R_URL_LATEST: `${app}/secrets/db-password`,
        R_URL_VERSION: `${app}/secrets/db-password/${v1}`,
        R_APP_SERVICE_URI: `@Microsoft.KeyVault(SecretUri=${other}/secrets/api-key)`,
        R_APP_SERVICE_NAME: `@Microsoft.KeyVault(VaultName=app;SecretName=db-password;SecretVersion=${v1})`,
        R_AZD: "akvs://00000000-0000-0000-0000-000000000000/other/api-key",
        R_PLAIN: "not a reference",
      },
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      R_URL_LATEST: DB_V2,
      R_URL_VERSION: DB_V1,
      R_APP_SERVICE_URI: API_KEY,
      R_APP_SERVICE_NAME: DB_V1,
      R_AZD: API_KEY,
      R_PLAIN: "not a reference",
    });
    expect(result.code).toBe(0);
  });

  it("reads references from --env-file files, a later file winning", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const directory = mkdtempSync(join(tmpdir(), "kv-cli-env-"));
    writeFileSync(join(directory, "a.env"), `DB=${app}/secrets/db-password\nKEPT=plain\n`);
    writeFileSync(join(directory, "b.env"), `# override\nDB="akvs://sub/other/api-key"\n`);
    const result = await runSecretsCli(
      [
        "run",
        "--env-file",
        join(directory, "a.env"),
        "--env-file",
        join(directory, "b.env"),
        "--no-masking",
        ...node("console.log(process.env.DB === " + JSON.stringify(API_KEY) + ", process.env.KEPT)"),
      ],
      env,
    );
    expect(result).toEqual({ code: 0, stdout: "true plain\n", stderr: "" });
  });

  it("refuses malformed references, one line each naming the variable and the problem, before any request", async () => {
    const result = await runSecretsCli(["run", ...node("console.log('started')")], {
      ...env,
      VALID: `${emulator.vaults.url("quiet")}/secrets/db-password`,
      A_BAD_PATH: `${app}/secret/db-password`.replace("/secret/", "/secrets/a/b/c/"),
      B_BAD_APP: "@Microsoft.KeyVault(VaultName=app)",
      C_BAD_AZD: "akvs://sub/app",
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      `keyvault-secrets: A_BAD_PATH: malformed Key Vault reference: the path must be /secrets/<name>[/<version>] (got "/secrets/a/b/c/db-password")`,
      "keyvault-secrets: B_BAD_APP: malformed Key Vault reference: @Microsoft.KeyVault(…) needs SecretUri=<url>, or VaultName=<vault>;SecretName=<name>",
      "keyvault-secrets: C_BAD_AZD: malformed Key Vault reference: an azd reference is akvs://<subscription-id>/<vault>/<secret-name>",
    ]);
    // Not even the valid reference (the only one to this vault) was fetched.
    expect(emulator.journal.entries().filter((entry) => entry.vault === "quiet")).toEqual([]);
  });

  it("does not start the command when a secret or a vault is unknown, and says which variable, vault and fix", async () => {
    const result = await runSecretsCli(["run", ...node("console.log('started')")], {
      ...env,
      MISSING: `${app}/secrets/nope`,
      NO_VAULT: "@Microsoft.KeyVault(VaultName=ghost;SecretName=x)",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n").sort()).toEqual([
      `keyvault-secrets: MISSING: secret "nope" not found in vault "app" (${app}) (404 SecretNotFound); check the name, or create it: az keyvault secret set --vault-name app --name nope`,
      expect.stringMatching(
        /^keyvault-secrets: NO_VAULT: (no vault "ghost" at|reading secret "x" from vault "ghost")/,
      ),
    ]);
  });
});

describe.concurrent("keyvault-secrets --help", () => {
  it.each(["run", "inject", "check", "read"])("prints the usage of %s and exits 0", async (command) => {
    const result = await runSecretsCli([command, "--help"], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: keyvault-secrets ${command} `));
    expect(result.stdout).toContain("@Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>");
  });

  it("exits 2 naming an unknown command or option", async () => {
    expect(await runSecretsCli(["serve"], {})).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown command "serve"/),
    });
    expect(await runSecretsCli(["run", "--interval", "5", "--", "true"], {})).toEqual({
      code: 2,
      stdout: "",
      stderr: "keyvault-secrets: run: --interval needs --watch\n",
    });
  });
});

describe.concurrent("keyvault-secrets run: masking", () => {
  const masked = { ...({} as Record<string, string>) };

  it("masks values whole, split across writes at every byte offset, on stderr, among other text and multi-line", async () => {
    Object.assign(masked, {
      DB: `${app}/secrets/db-password`,
      API: `akvs://s/other/api-key`,
      PEM: `${app}/secrets/pem`,
    });
    const script = `
      const fs = require("node:fs");
      const { DB, API, PEM } = process.env;
      console.log("whole:", DB);
      for (const value of [DB, API]) {
        const bytes = Buffer.from(value);
        for (let i = 0; i <= bytes.length; i++) { fs.writeSync(1, bytes.subarray(0, i)); fs.writeSync(1, bytes.subarray(i)); fs.writeSync(1, "\\n"); }
      }
      console.error("stderr: " + API + " and " + DB);
      console.log(PEM);
      console.log("line alone: " + PEM.split("\\n")[1]);
      console.log("done");`;
    const result = await runSecretsCli(["run", ...node(script)], { ...env, ...masked });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`whole: ${MASK}`);
    const splitLines = lines.slice(1, 1 + Buffer.byteLength(DB_V2) + 1 + Buffer.byteLength(API_KEY) + 1);
    expect(new Set(splitLines)).toEqual(new Set([MASK]));
    expect(result.stdout.endsWith(`${MASK}\nline alone: ${MASK}\ndone\n`)).toBe(true);
    expect(result.stderr).toBe(`stderr: ${MASK} and ${MASK}\n`);
  });

  it("turns masking off with --no-masking", async () => {
    const result = await runSecretsCli(["run", "--no-masking", ...node("console.log(process.env.DB)")], {
      ...env,
      DB: `${app}/secrets/db-password`,
    });
    expect(result).toEqual({ code: 0, stdout: `${DB_V2}\n`, stderr: "" });
  });
});

describe.concurrent("keyvault-secrets run: exit codes and signals", () => {
  const withDb = () => ({ ...env, DB: `${app}/secrets/db-password` });

  it.each([
    ["exits 1", "process.exit(1)", 1],
    ["dies of SIGKILL", "process.kill(process.pid, 'SIGKILL')", 137],
  ])("exits with the command's code when it %s", async (_, script, code) => {
    expect((await runSecretsCli(["run", ...node(script)], withDb())).code).toBe(code);
  });

  it("exits 127 with one line when the command does not exist", async () => {
    const result = await runSecretsCli(["run", "--", "no-such-command-kv"], withDb());
    expect(result).toEqual({
      code: 127,
      stdout: "",
      stderr: 'keyvault-secrets: cannot start "no-such-command-kv": command not found\n',
    });
  });

  it("passes SIGINT on: the command dies of it and run exits 130", async () => {
    const run = startSecretsCli(
      ["run", ...node("console.log('ready'); setInterval(() => {}, 1000)")],
      withDb(),
    );
    await run.stdoutMatches((text) => text.includes("ready"));
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
  });

  it("passes SIGTERM on to a command that handles it, and exits with the command's code", async () => {
    const script =
      "process.on('SIGTERM', () => { console.log('got SIGTERM with', process.env.DB); process.exit(3); }); console.log('ready'); setInterval(() => {}, 1000)";
    const run = startSecretsCli(["run", ...node(script)], withDb());
    await run.stdoutMatches((text) => text.includes("ready"));
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(3);
    expect(run.stdout().toString()).toBe(`ready\ngot SIGTERM with ${MASK}\n`);
  });
});

// Last, after every run above.
describe("keyvault-secrets run: output", () => {
  it("printed no value in any output byte of any masked run", () => {
    const output = Buffer.concat(allOutput);
    expect(output.length).toBeGreaterThan(0);
    for (const value of VALUES) expect(output.includes(Buffer.from(value)), value.slice(0, 4)).toBe(false);
  });
});
