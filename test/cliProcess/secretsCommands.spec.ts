// `keyvault-secrets inject`, `check`, `read` and `run --watch` as real child processes against the HTTPS
// emulator. The push test subscribes the CLI's --events-listen URL to the running emulator, so the emulator's
// own Event Grid validation handshake checks the CLI's answer before any event is delivered to it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretClient } from "../../src/client/secretClient.js";
import { MASK } from "../../src/cli/process/masker.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { allOutput, runSecretsCli, startSecretsCli, until } from "../helpers/secretsCli";
import { bundleSource } from "../helpers/sourceBundle";

const VALUES = [
  "inject-Value-1",
  "db-Secret-Value",
  "rotating-Value-1",
  "rotating-Value-2",
  "steady-Value",
  "pushed-Value-1",
  "pushed-Value-2",
  "locked-Value",
  "stubborn-Value-1",
  "stubborn-Value-2",
];
const sha = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 12);

let emulator: RunningEmulator;
let client: SecretClient;
let env: Record<string, string>;
let app: string;
let directory: string;
function freePort(): Promise<number> {
  const server = http.createServer();
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

// No pseudo-terminal is built into Node. util-linux `script` makes one (Debian and Ubuntu always have it: it is
// in bsdutils, an essential package); where it is missing (Alpine, macOS, Windows), the test still runs the
// CLI with Node's own terminal flag set, which is what `read` consults.
const hasScript = spawnSync("script", ["-qec", "true", "/dev/null"], { stdio: "ignore" }).status === 0;
const quote = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;

/** Output of a finished child, pty line endings included. */
function outcome(child: ChildProcess, stderr: () => string) {
  const stdout: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: stderr() }),
    ),
  );
}

let ptyRuns = 0;

/** `read` with stdout on a real pseudo-terminal (through `script`), stderr to a file. */
function readOnPty(url: string) {
  const errors = join(directory, `read-${(ptyRuns += 1)}.err`);
  const command = [process.execPath, bundleSource("src/cli/main.ts"), "read", url].map(quote).join(" ");
  const child = spawn("script", ["-qec", `${command} 2>${quote(errors)}`, "/dev/null"], {
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
    stdio: ["ignore", "pipe", "ignore"],
  });
  return outcome(child, () => readFileSync(errors, "utf8"));
}

/**
 * `read` with stdout a pipe that Node reports as a terminal (`process.stdout.isTTY`, set before the CLI
 * loads); stdout's bytes are given the pty's line ending so both ways compare alike.
 */
async function readWithTtyFlag(url: string) {
  const flag = "--import=data:text/javascript,process.stdout.isTTY=true";
  const result = await runSecretsCli(["read", url], { ...env, NODE_OPTIONS: flag });
  return { ...result, stdout: result.stdout.replace(/\n/g, "\r\n") };
}

const gets = (name: string): number =>
  emulator.journal.entries().filter((entry) => entry.operation === "getSecret" && entry.secretName === name)
    .length;

beforeAll(async () => {
  emulator = await startEmulator({ vaults: ["app"] });
  app = emulator.vaults.url("app");
  client = new SecretClient(app, emulator.credential, emulator.clientOptions);
  for (const [name, value] of [
    ["inject-me", "inject-Value-1"],
    ["db", "db-Secret-Value"],
    ["rotating", "rotating-Value-1"],
    ["steady", "steady-Value"],
    ["pushed", "pushed-Value-1"],
    ["locked", "locked-Value"],
    ["stubborn", "stubborn-Value-1"],
  ]) {
    await client.setSecret(name!, value!);
  }
  await client.setSecret("off", "off-Value", { enabled: false });
  env = { ...emulator.env };
  directory = mkdtempSync(join(tmpdir(), "kv-cli-commands-"));
});
afterAll(async () => {
  await emulator?.stop();
});

describe.concurrent("keyvault-secrets inject", () => {
  it("renders a template into a new file of mode 0600, and refuses to overwrite it without --force", async () => {
    const template = join(directory, "config.tpl");
    const out = join(directory, "config.yaml");
    writeFileSync(template, `password: {{ ${app}/secrets/inject-me }}\nplain: text\n`);
    const first = await runSecretsCli(["inject", "-i", template, "-o", out], env);
    expect(first).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(out, "utf8")).toBe("password: inject-Value-1\nplain: text\n");
    expect(statSync(out).mode & 0o777).toBe(0o600);

    writeFileSync(out, "edited by hand\n", { mode: 0o644 });
    const refused = await runSecretsCli(["inject", "-i", template, "-o", out], env);
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: `keyvault-secrets: ${out} exists; pass --force to overwrite it\n`,
    });
    expect(readFileSync(out, "utf8")).toBe("edited by hand\n");

    const forced = await runSecretsCli(["inject", "-i", template, "-o", out, "--force"], env);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("password: inject-Value-1\nplain: text\n");
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it("names the template line of a malformed placeholder", async () => {
    const result = await runSecretsCli(["inject"], env, "ok\n{{ akvs://only/two }}\n");
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "keyvault-secrets: stdin: line 2: an azd reference is akvs://<subscription-id>/<vault>/<secret-name>\n",
    });
  });
});

describe.concurrent("keyvault-secrets check", () => {
  it("prints a table of every reference's outcome, never a value, and exits 1 with a missing, a disabled and a forbidden one", async () => {
    emulator.faults.add({
      kind: "status",
      status: 403,
      errorCode: "Forbidden",
      secretName: "locked",
      times: "always",
    });
    const result = await runSecretsCli(["check"], {
      ...env,
      DB: `${app}/secrets/db`,
      GONE: `${app}/secrets/gone`,
      LOCKED: `@Microsoft.KeyVault(SecretUri=${app}/secrets/locked)`,
      OFF: `${app}/secrets/off`,
    });
    expect(result.code).toBe(1);
    const rows = result.stdout
      .trim()
      .split("\n")
      .map((row) => row.split(/\s{2,}/));
    expect(rows).toEqual([
      ["VARIABLE", "REFERENCE", "VAULT", "OUTCOME"],
      ["DB", `${app}/secrets/db`, "app", expect.stringMatching(/^found \(version [0-9a-f]{32}\)$/)],
      ["GONE", `${app}/secrets/gone`, "app", "not found (404 SecretNotFound)"],
      ["LOCKED", `@Microsoft.KeyVault(SecretUri=${app}/secrets/locked)`, "app", "forbidden (403 Forbidden)"],
      ["OFF", `${app}/secrets/off`, "app", "disabled (403 SecretDisabled)"],
    ]);
    const errors = result.stderr.trim().split("\n");
    expect(errors).toHaveLength(3);
    expect(errors[1]).toBe(
      `keyvault-secrets: LOCKED: reading secret "locked" is forbidden in vault "app" (${app}) (403 Forbidden); grant the signed-in identity the "Key Vault Secrets User" role (or an access policy with get) on the vault`,
    );
  });

  it("exits 0 when every reference resolves", async () => {
    const result = await runSecretsCli(["check"], {
      ...env,
      DB: `akvs://sub/app/db`,
      KEYVAULT_SECRETS_VAULT_URL_TEMPLATE: `https://{vault}.vault.localhost:${new URL(app).port}`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^VARIABLE +REFERENCE +VAULT +OUTCOME\nDB +akvs:\/\/sub\/app\/db +app +found/,
    );
  });
});

describe.concurrent("keyvault-secrets read", () => {
  it("prints one value and no warning when stdout is not a terminal", async () => {
    expect(await runSecretsCli(["read", `${app}/secrets/db`], env)).toEqual({
      code: 0,
      stdout: "db-Secret-Value\n",
      stderr: "",
    });
  });

  it("prints the value and warns on stderr, without the value, when stdout is a terminal", async () => {
    const url = `${app}/secrets/db`;
    const ways = [readWithTtyFlag, ...(hasScript ? [readOnPty] : [])];
    for (const read of ways) {
      const result = await read(url);
      expect(result, read.name).toEqual({
        code: 0,
        stdout: "db-Secret-Value\r\n",
        stderr: "keyvault-secrets: warning: printing a secret value to a terminal\n",
      });
      expect(result.stderr).not.toContain("db-Secret-Value");
    }
  });
});

describe.concurrent("keyvault-secrets run --watch", () => {
  const script =
    "console.log('started ' + require('node:crypto').createHash('sha256').update(process.env.V).digest('hex').slice(0, 12)); setInterval(() => {}, 1000)";
  const starts = (text: string): string[] => text.split("\n").filter((line) => line.startsWith("started "));

  it("restarts the command once with the new value when polling sees a rotation", async () => {
    const run = startSecretsCli(
      ["run", "--watch", "--interval", "0.2", "--debounce", "0.01", "--", process.execPath, "-e", script],
      { ...env, V: `${app}/secrets/rotating` },
    );
    try {
      await run.stdoutMatches((text) => starts(text).length === 1);
      await client.setSecret("rotating", "rotating-Value-2");
      await run.stdoutMatches((text) => starts(text).length === 2);
      const after = gets("rotating");
      await until(() => gets("rotating") >= after + 2, "two more polls");
      expect(starts(run.stdout().toString())).toEqual([
        `started ${sha("rotating-Value-1")}`,
        `started ${sha("rotating-Value-2")}`,
      ]);
      expect(run.stderr().toString()).toBe(
        "keyvault-secrets: a referenced secret changed (V): restarting the command\n",
      );
    } finally {
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(143);
    }
  });

  it("does not restart the command while the secret stays the same", async () => {
    const run = startSecretsCli(
      ["run", "--watch", "--interval", "0.1", "--", process.execPath, "-e", script],
      { ...env, V: `${app}/secrets/steady` },
    );
    try {
      await run.stdoutMatches((text) => starts(text).length === 1);
      const after = gets("steady");
      await until(() => gets("steady") >= after + 3, "three polls");
      expect(starts(run.stdout().toString())).toEqual([`started ${sha("steady-Value")}`]);
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
    }
  });

  it("kills a command that ignores SIGTERM once the grace period is over, and starts it again", async () => {
    const stubborn = "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); " + script;
    const run = startSecretsCli(
      [
        "run",
        "--watch",
        "--interval",
        "0.2",
        "--grace",
        "0.3",
        "--debounce",
        "0.01",
        "--",
        process.execPath,
        "-e",
        stubborn,
      ],
      { ...env, V: `${app}/secrets/stubborn` },
    );
    try {
      await run.stdoutMatches((text) => starts(text).length === 1);
      await client.setSecret("stubborn", "stubborn-Value-2");
      await run.stdoutMatches((text) => starts(text).length === 2);
      expect(run.stdout().toString()).toBe(
        `started ${sha("stubborn-Value-1")}\nignoring SIGTERM\nstarted ${sha("stubborn-Value-2")}\n`,
      );
    } finally {
      // SIGINT is passed on, and the command does not ignore that one.
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(130);
    }
  });

  it("answers Event Grid's validation handshake and restarts once on the emulator's pushed event", async () => {
    const port = await freePort();
    let unsubscribe: (() => void) | undefined;
    const run = startSecretsCli(
      [
        "run",
        "--watch",
        "--interval",
        "3600",
        "--events-listen",
        String(port),
        "--debounce",
        "0.01",
        "--",
        process.execPath,
        "-e",
        script,
      ],
      { ...env, V: `${app}/secrets/pushed` },
    );
    try {
      await run.stdoutMatches((text) => starts(text).length === 1);
      // Resolves only once the CLI has answered the emulator's validation handshake with its code.
      unsubscribe = await emulator.events.subscribeWebhook({ url: `http://127.0.0.1:${port}/` });
      const before = gets("pushed");
      await client.setSecret("pushed", "pushed-Value-2");
      await run.stdoutMatches((text) => starts(text).length === 2);
      // One event, one re-resolution (the interval is an hour), one restart.
      expect(gets("pushed")).toBe(before + 1);
      expect(starts(run.stdout().toString())).toEqual([
        `started ${sha("pushed-Value-1")}`,
        `started ${sha("pushed-Value-2")}`,
      ]);
    } finally {
      unsubscribe?.();
      run.child.kill("SIGTERM");
      await run.exited;
    }
  });
});

describe("keyvault-secrets output", () => {
  it("printed no value in any output byte of any run but read's", () => {
    const output = Buffer.concat(allOutput);
    expect(output.length).toBeGreaterThan(0);
    for (const value of VALUES) expect(output.includes(Buffer.from(value)), value).toBe(false);
    expect(MASK.length).toBeGreaterThan(0);
  });
});
