// Starts the built keyvault-emulator CLI (dist/cjs/emulator/cli.js) as a child process for the emulator
// benchmarks, and resolves once its banner is out with the NAME=value variables it printed.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { clearTimeout, setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cjs", "emulator", "cli.js");

/**
 * Runs `node [nodeArgs] cli.js --port 0 [args]`. `onStderr` sees every stderr chunk for the life of the
 * process (the access log with --verbose). Resolves with the child, its variables and the start-up time.
 */
export function startEmulatorCli(args = [], { nodeArgs = [], onStderr } = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, cli, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let ready = false;
    const timer = setTimeout(() => reject(new Error("emulator did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`emulator exited early with ${code}: ${stderr}`)));
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    // The variables are on stdout; the banner, which ends with "Stop with Ctrl+C.", follows on stderr.
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      onStderr?.(chunk);
      if (ready) return;
      stderr += chunk;
      if (!stderr.includes("Stop with Ctrl+C")) return;
      ready = true;
      clearTimeout(timer);
      const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
      const env = Object.fromEntries([...stdout.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      resolve({ child, env, startupMs });
    });
  });
}
