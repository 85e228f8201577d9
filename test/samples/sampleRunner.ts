// Runs a command from the repository root the way a user would, for the sample tests.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the samples run from there, as `npm start` does). */
export const root = fileURLToPath(new URL("../..", import.meta.url));
export const npx = process.platform === "win32" ? "npx.cmd" : "npx";
export const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** What a finished command left behind. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables that would point a sample at some vault or change its logging; removed unless given. */
const VAULT_VARIABLES = [
  "KEYVAULT_URI",
  "AZURE_LOG_LEVEL",
  "NODE_EXTRA_CA_CERTS",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
];

/** Runs `command` in the repository root with this environment plus `extraEnv`; killed after 100 s. */
export function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  for (const name of VAULT_VARIABLES) if (!(name in extraEnv)) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The samples import the package by name, which resolves to dist/: fail early and clearly without a build. */
export function requireBuild(): void {
  for (const entry of ["dist/cjs/index.js", "dist/cjs/emulator/index.js", "dist/cjs/emulator/cli.js"]) {
    if (!existsSync(join(root, entry))) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  }
}
