// The keyvault-emulator CLI as a user runs it: printed variables, a client process using them, clean
// stop on SIGTERM, restart on the same --data file, kill -9 during writes, bad flags and bad files.
// See test/helpers/emulatorProcess.ts for which CLI build runs (dist when fresh, else bundled source).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorCliPath, runNode, startCliEmulator } from "../helpers/emulatorProcess.js";

/** A client process: official SecretClient + DefaultAzureCredential, configured only by the environment. */
function clientScript(body: string): string[] {
  const prelude = `
    const { DefaultAzureCredential } = require("@azure/identity");
    const { SecretClient } = require("@azure/keyvault-secrets");
    const client = new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential(),
      { disableChallengeResourceVerification: true });`;
  return [
    "-e",
    `${prelude}\n(async () => { ${body} })().catch((e) => { console.error(String(e)); process.exit(1); });`,
  ];
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [emulatorCliPath(), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("keyvault-emulator CLI", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "kv-cli-"));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("prints the client variables, serves a client process, stops on SIGTERM with exit 0 and keeps --data", async () => {
    const dataFile = join(directory, "vault.json");
    const first = await startCliEmulator(["--port", "0", "--data", dataFile], 30_000, {
      NODE_EXTRA_CA_CERTS: "",
    });
    const { stdout, stderr } = first.output();
    // stdout is only NAME=value lines (sourceable as is); the banner is on stderr.
    expect(
      stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("=")[0]),
    ).toEqual([
      "KEYVAULT_URI",
      "IDENTITY_ENDPOINT",
      "IDENTITY_HEADER",
      "NODE_EXTRA_CA_CERTS",
      "KEYVAULT_EMULATOR_DASHBOARD",
    ]);
    expect(stdout).toMatch(/^([A-Z_]+=\S+\n)+$/);
    expect(first.env["KEYVAULT_URI"]).toMatch(/^https:\/\/127\.0\.0\.1:(\d+)$/);
    expect(first.env["KEYVAULT_URI"]).not.toMatch(/:8443$/);
    expect(first.env["NODE_EXTRA_CA_CERTS"]).toBe(`${dataFile}.ca.pem`);
    expect(stderr).toContain("DefaultAzureCredential");
    expect(stderr).toMatch(/no real secrets/);

    const written = await runNode(
      clientScript(`
        await client.setSecret("kept-one", "first value");
        await client.setSecret("kept-two", "second value", { tags: { a: "b" } });
        console.log("written");`),
      first.env,
    );
    expect(written.stderr).toBe("");
    expect(written.stdout.trim()).toBe("written");

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const caBefore = readFileSync(`${dataFile}.ca.pem`, "utf8");

    const second = await startCliEmulator(["--port", "0", "--data", dataFile], 30_000, {
      NODE_EXTRA_CA_CERTS: "",
    });
    try {
      expect(readFileSync(second.env["NODE_EXTRA_CA_CERTS"]!, "utf8")).toBe(caBefore);
      const read = await runNode(
        clientScript(`
          const one = await client.getSecret("kept-one");
          const two = await client.getSecret("kept-two");
          console.log(JSON.stringify([one.value, two.value, two.properties.tags]));`),
        second.env,
      );
      expect(read.stderr).toBe("");
      expect(JSON.parse(read.stdout)).toEqual(["first value", "second value", { a: "b" }]);
    } finally {
      second.child.kill("SIGINT");
      expect(await second.exited).toBe(0);
    }
  });

  it("refuses a corrupt data file with a clear message and exit code 2, leaving the file untouched", async () => {
    const dataFile = join(directory, "corrupt.json");
    writeFileSync(dataFile, '{"schema":1,"vault":');
    const result = await runCli(["--port", "0", "--data", dataFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `The emulator data file ${dataFile} cannot be loaded: it is not valid JSON`,
    );
    expect(result.stdout).toBe("");
    expect(readFileSync(dataFile, "utf8")).toBe('{"schema":1,"vault":');
  });

  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["--port", "http"], "--port needs a whole number"],
    [["--port", "70000"], "--port needs a whole number"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--faults", "/nonexistent/faults.json"], "cannot read --faults"],
  ])("rejects %j with the usage on stderr and exit code 2", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: keyvault-emulator");
    expect(result.stdout).toBe("");
  });

  it("rejects an invalid faults file naming the bad rule", async () => {
    const faultsFile = join(directory, "bad-faults.json");
    writeFileSync(faultsFile, JSON.stringify([{ kind: "latency", ms: 5 }, { kind: "explode" }]));
    const result = await runCli(["--port", "0", "--faults", faultsFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Fault rule #2: Fault rule "kind" must be one of');
  });

  it("prints an absolute NODE_EXTRA_CA_CERTS for a relative --data path, so other folders' processes trust it", async () => {
    mkdirSync(join(directory, "relative", ".emulator"), { recursive: true });
    const emulator = await startCliEmulator(
      ["--port", "0", "--data", ".emulator/vault.json"],
      30_000,
      { NODE_EXTRA_CA_CERTS: "" },
      join(directory, "relative"),
    );
    try {
      const printed = emulator.env["NODE_EXTRA_CA_CERTS"]!;
      expect(printed).toBe(join(directory, "relative", ".emulator", "vault.json.ca.pem"));
      const read = await runNode(
        clientScript(`console.log((await client.setSecret("from-elsewhere", "v")).name);`),
        emulator.env,
      );
      expect(read.stderr).toBe("");
      expect(read.stdout.trim()).toBe("from-elsewhere");
    } finally {
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);
    }
  });

  it("with --no-dashboard prints no KEYVAULT_EMULATOR_DASHBOARD line and listens only for the vault and identity", async () => {
    // A preload records every port a server of the CLI process listens on, so a dashboard listener
    // opened without being printed would show too.
    const listens = join(directory, "listens.log");
    const preload = join(directory, "record-listens.cjs");
    writeFileSync(
      preload,
      `const net = require("node:net"), fs = require("node:fs");
       const listen = net.Server.prototype.listen;
       net.Server.prototype.listen = function (...args) {
         this.once("listening", () => fs.appendFileSync(${JSON.stringify(listens)}, this.address().port + "\\n"));
         return listen.apply(this, args);
       };`,
    );
    const emulator = await startCliEmulator(["--port", "0", "--no-dashboard"], 30_000, {
      NODE_EXTRA_CA_CERTS: "",
      NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --require ${preload}`,
    });
    try {
      const { stdout, stderr } = emulator.output();
      expect(Object.keys(emulator.env)).toEqual([
        "KEYVAULT_URI",
        "IDENTITY_ENDPOINT",
        "IDENTITY_HEADER",
        "NODE_EXTRA_CA_CERTS",
      ]);
      expect(stdout + stderr).not.toMatch(/dashboard/i);
      const ports = readFileSync(listens, "utf8").trim().split("\n").sort();
      expect(ports).toEqual(
        [
          new URL(emulator.env["KEYVAULT_URI"]!).port,
          new URL(emulator.env["IDENTITY_ENDPOINT"]!).port,
        ].sort(),
      );
    } finally {
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);
    }
  });

  it("serves plain HTTP with --http and prints no NODE_EXTRA_CA_CERTS", async () => {
    const emulator = await startCliEmulator(["--port", "0", "--http"]);
    try {
      expect(emulator.env["KEYVAULT_URI"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.env["NODE_EXTRA_CA_CERTS"]).toBeUndefined();
      const { stdout, stderr } = emulator.output();
      expect(stdout + stderr).toMatch(
        /official @azure\/keyvault-secrets refuses http: vaults with @azure\/keyvault-common 2\.1\.1/,
      );
      const response = await fetch(`${emulator.env["KEYVAULT_URI"]}/secrets?api-version=7.6`);
      expect(response.status).toBe(401);
    } finally {
      emulator.child.kill("SIGTERM");
      expect(await emulator.exited).toBe(0);
    }
  });
});
