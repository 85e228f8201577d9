// Packs this repository with `npm pack` and installs the tarball into a throw-away consumer project, the way
// a user installs it from the registry. Used by the package smoke tests and the browser tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(__dirname, "../..");

export interface PackedConsumer {
  /** Folder of the consumer project, with the package installed under node_modules. */
  dir: string;
  /** Path of the packed tarball. */
  tarball: string;
}

/** Runs a command and returns its stdout; on failure the error carries stdout and stderr. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, npm_config_loglevel: "error", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const e = error as { status: number | null; stdout?: string; stderr?: string };
    throw Object.assign(
      new Error(`${command} ${args.join(" ")} exited ${e.status}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`),
      { status: e.status, stdout: e.stdout ?? "", stderr: e.stderr ?? "" },
    );
  }
}

/**
 * Packs the already-built package (dist/ must be current) and installs it into a fresh consumer, with
 * `alongside` (npm specs) installed in the same `npm install`.
 */
export function packAndInstall(alongside: string[] = []): PackedConsumer {
  const dir = mkdtempSync(join(tmpdir(), "kvsc-consumer-"));
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], repoRoot);
  const tarball = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith(".tgz"))!,
  );
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2),
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, ...alongside], dir);
  return { dir, tarball };
}
