// The emulator itself under Bun and Deno: its CLI (the installed bin) and startEmulator() in a script, each
// reached from Node (this process) by the smoke scenario through the emulator's own managed-identity
// endpoint and CA.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SecretClient, loadSecretsConfig } from "../../src/index.js";
import { parseEnvLines } from "../helpers/emulatorProcess";
import { identityEndpointCredential, ourSmokeSteps, runSmokeScenario } from "./fixtures/smokeScenario";

const { consumerDir, binaries } = inject("runtimeMatrix");

/** A hosted emulator: the child process and the NAME=value lines it printed. */
interface HostedEmulator {
  child: ChildProcess;
  env: Record<string, string>;
  exited: Promise<number | string>;
}

/** Starts `command args` in the consumer and resolves once the emulator printed all four variables. */
function startHosted(command: string, args: string[]): Promise<HostedEmulator> {
  const child = spawn(command, args, {
    cwd: consumerDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let stdout = "";
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const env = parseEnvLines(stdout);
      if (
        ["KEYVAULT_URI", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "NODE_EXTRA_CA_CERTS"].every((n) => env[n])
      ) {
        resolve({ child, env, exited });
      }
    });
    exited.then((code) =>
      reject(new Error(`${command} exited ${code} before serving\n${stdout}\n${stderr}`)),
    );
  });
}

const hosts = [
  {
    runtime: "Bun",
    how: "the keyvault-emulator CLI",
    command: binaries.bun,
    args: ["node_modules/.bin/keyvault-emulator", "--port", "0"],
  },
  { runtime: "Bun", how: "startEmulator()", command: binaries.bun, args: ["emulatorHost.mjs"] },
  {
    runtime: "Deno",
    how: "the keyvault-emulator CLI",
    command: binaries.deno,
    args: ["run", "-A", "node_modules/.bin/keyvault-emulator", "--port", "0"],
  },
  {
    runtime: "Deno",
    how: "startEmulator()",
    command: binaries.deno,
    args: ["run", "-A", "emulatorHost.mjs"],
  },
];

describe.each(hosts)("the emulator under $runtime, started by $how", ({ command, args }) => {
  let hosted: HostedEmulator;
  beforeAll(async () => {
    hosted = await startHosted(command, args);
  });
  afterAll(() => {
    hosted?.child.kill("SIGKILL");
  });

  it("serves the smoke scenario to our client in Node, tokens from its managed-identity endpoint", async () => {
    const steps: string[] = [];
    const secret = await runSmokeScenario({
      SecretClient,
      loadSecretsConfig,
      vaultUrl: hosted.env.KEYVAULT_URI!,
      credential: identityEndpointCredential(hosted.env.IDENTITY_ENDPOINT!, hosted.env.IDENTITY_HEADER!),
      clientOptions: { tlsOptions: { ca: readFileSync(hosted.env.NODE_EXTRA_CA_CERTS!, "utf8") } },
      ok: (step) => steps.push(step),
      notOk: (step, error) => steps.push(`not ok ${step}: ${error.message}`),
    });
    expect(steps).toEqual(ourSmokeSteps);
    expect(secret?.value).toBe("value-2");
  });

  it("stops cleanly", async () => {
    if (args.includes("emulatorHost.mjs")) hosted.child.stdin!.end();
    else hosted.child.kill("SIGTERM");
    expect(await hosted.exited).toBe(0);
  });
});
