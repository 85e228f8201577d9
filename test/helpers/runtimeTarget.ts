// What the runtimes project runs its scenario against and with: a fresh HTTPS emulator plus a test-side
// token endpoint (any runtime can fetch it; the Worker has no other way to get a token), and a child-process
// runner that gives the runtime only the environment it is meant to see.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator } from "../../src/emulator/index.js";

/** An HTTPS emulator and a token endpoint for it. */
export interface ScenarioTarget {
  vaultUrl: string;
  /** `http://127.0.0.1:<port>/token`; answers `GET ?scope=...` with `{ token, expiresOnTimestamp }`. */
  tokenUrl: string;
  /** Path of the emulator's CA certificate (PEM). */
  caCertificatePath: string;
  close(): Promise<void>;
}

/** Starts a fresh HTTPS emulator and its token endpoint on loopback. */
export async function startScenarioTarget(): Promise<ScenarioTarget> {
  const emulator = await startEmulator();
  const tokens = createServer((req, res) => {
    const scope = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("scope") ?? "";
    emulator.credential.getToken(scope).then(
      (token) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(token)),
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => tokens.listen(0, "127.0.0.1", resolve));
  return {
    vaultUrl: emulator.vaultUrl,
    tokenUrl: `http://127.0.0.1:${(tokens.address() as AddressInfo).port}/token`,
    caCertificatePath: emulator.caCertificatePath!,
    close: async () => {
      tokens.closeAllConnections();
      await new Promise((resolve) => tokens.close(resolve));
      await emulator.stop();
    },
  };
}

/** A finished child process. */
export interface CommandResult {
  code: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command args` in `cwd` with PATH, HOME and exactly `env` (none of the machine's CA or Azure
 * variables leak in) and resolves when it exits, or after `timeoutMs` with the process killed.
 */
export function runCommand(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

/** The steps a scenario run reported with its `ok <step>` lines. */
export function reportedSteps(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("ok "))
    .map((line) => line.slice(3));
}
