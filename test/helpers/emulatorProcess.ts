// Runs the keyvault-emulator CLI and client scripts as child processes.
//
// Which CLI runs: dist/cjs/emulator/cli.js when it is at least as new as every file in src/emulator
// (the integration project normally runs after `npm run build`); otherwise the CLI is bundled from
// source with esbuild into node_modules/.cache (dependencies stay external), so a stale or missing
// dist never tests old code and no test ever rebuilds dist while other work may be using it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { bundleSource } from "./sourceBundle";

const root = join(__dirname, "..", "..");
const distCli = join(root, "dist", "cjs", "emulator", "cli.js");
let resolvedCli: string | undefined;

/** The path of the CLI script to run with `node` (see the file comment for the choice). */
export function emulatorCliPath(): string {
  if (resolvedCli) return resolvedCli;
  const sourceDir = join(root, "src", "emulator");
  const newestSource = Math.max(
    ...readdirSync(sourceDir, { recursive: true, encoding: "utf8" }).map(
      (file) => statSync(join(sourceDir, file)).mtimeMs,
    ),
  );
  if (existsSync(distCli) && statSync(distCli).mtimeMs >= newestSource) return (resolvedCli = distCli);
  return (resolvedCli = bundleSource("src/emulator/cli.ts"));
}

/** A CLI emulator running in a child process. */
export interface CliEmulator {
  child: ChildProcess;
  /** The `NAME=value` lines it printed. */
  env: Record<string, string>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts the CLI with `args` (and `env` added to this process's environment) once it printed its banner.
 * @param cli - the CLI script to run with this Node; @default {@link emulatorCliPath}() (an installed
 * package's `node_modules/.bin/keyvault-emulator` runs the packed build instead)
 */
export async function startCliEmulator(
  args: string[],
  timeoutMs = 30_000,
  env: Record<string, string> = {},
  cwd?: string,
  cli = emulatorCliPath(),
): Promise<CliEmulator> {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      // The banner (on stderr) ends with this line once the variables are on stdout.
      const check = () => {
        if (stderr.includes("Stop with Ctrl+C")) {
          child.stderr!.off("data", check);
          resolve(true);
        }
      };
      child.stderr!.on("data", check);
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
  ]);
  if (!ready) {
    child.kill("SIGKILL");
    throw new Error(`keyvault-emulator did not start.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  return { child, env: parseEnvLines(stdout), output: () => ({ stdout, stderr }), exited };
}

/** Parses leading `NAME=value` lines. */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/** The result of a finished child process. */
export interface ProcessResult {
  code: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <args>` with exactly `env` added to a minimal environment (PATH and HOME only, so no Azure
 * variables of the machine leak in) and resolves when it exits (or is killed after `timeoutMs`).
 */
export function runNode(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ProcessResult> {
  return runProcess(process.execPath, args, env, timeoutMs);
}

/**
 * Like {@link runNode}, for any executable (e.g. a Python with the Azure SDK).
 * @param cwd - @default the repository root
 */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
  cwd = root,
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

/** The repository root (child scripts resolve packages from its node_modules). */
export const repositoryRoot = root;
