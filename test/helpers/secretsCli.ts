// Runs the keyvault-secrets CLI (src/cli/main.ts, bundled from source so a stale dist never tests old code)
// as a child process with a minimal environment: PATH, HOME and exactly the variables a test gives, such as
// the emulator's IDENTITY_ENDPOINT, IDENTITY_HEADER and NODE_EXTRA_CA_CERTS.
import { spawn, type ChildProcess } from "node:child_process";
import { bundleSource } from "./sourceBundle";

/** A CLI run: its process, its output so far (bytes), and how it ended. */
export interface CliRun {
  child: ChildProcess;
  stdout(): Buffer;
  stderr(): Buffer;
  /** The exit code, or the signal name when one ended it. */
  exited: Promise<number | string>;
  /** Resolves once stdout (as UTF-8) satisfies `test`; rejects if the CLI exits first. */
  stdoutMatches(test: (text: string) => boolean): Promise<void>;
}

/**
 * Every byte the CLI runs of this test file wrote, for the scan for values; runs that print values on
 * purpose (`--no-masking`, `read`) are left out.
 */
export const allOutput: Buffer[] = [];

/** Starts `keyvault-secrets <args>` with `env` (and `stdin`, if given). */
export function startSecretsCli(args: string[], env: Record<string, string>, stdin?: string): CliRun {
  const child = spawn(process.execPath, [bundleSource("src/cli/main.ts"), ...args], {
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin !== undefined) child.stdin!.end(stdin);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const waiters = new Set<() => void>();
  const scanned = !args.includes("--no-masking") && args[0] !== "read";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout.push(chunk);
    if (scanned) allOutput.push(chunk);
    waiters.forEach((check) => check());
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr.push(chunk);
    if (scanned) allOutput.push(chunk);
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("close", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    stdout: () => Buffer.concat(stdout),
    stderr: () => Buffer.concat(stderr),
    exited,
    stdoutMatches: (test) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (test(Buffer.concat(stdout).toString("utf8"))) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          if (waiters.delete(check)) {
            reject(new Error(`the CLI exited (${code}) first; stderr: ${Buffer.concat(stderr).toString()}`));
          }
        });
      }),
  };
}

/** Runs the CLI to its end. */
export async function runSecretsCli(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const run = startSecretsCli(args, env, stdin);
  const code = await run.exited;
  return { code, stdout: run.stdout().toString("utf8"), stderr: run.stderr().toString("utf8") };
}

/** Resolves once `condition()` holds, checking every 20 ms (state changed by other processes), or rejects. */
export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
