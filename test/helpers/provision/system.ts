// Facts about this machine that decide how a tool can be provisioned, and apt-get as the provisioner of
// system packages when we are root on Debian/Ubuntu.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { provisionCacheDir } from "./cache";
import { withFileLock } from "./fileLock";

/** True when this process may install system packages with apt-get (root on Debian or a derivative). */
export function canAptInstall(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get"))
    return false;
  const osRelease = existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "";
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease);
}

/** The first of `names` found as an executable file on PATH, or undefined. */
export function findOnPath(names: string[], path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Runs a command to completion; rejects with its exit code and the tail of its output. */
export function runQuietly(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-15).join("\n");
        reject(new Error(`${command} ${args.join(" ")} failed (${error.code ?? error.signal}):\n${tail}`));
      },
    );
  });
}

const aptEnv = { DEBIAN_FRONTEND: "noninteractive" };
/** dpkg's own lock is waited for (another apt run on the machine), not failed on. */
const aptLockWait = ["-o", "DPkg::Lock::Timeout=600"];

/**
 * `apt-get install -y <packages>` under a machine-wide lock (several test runs may provision at once),
 * running `apt-get update` first when apt does not know a package yet (a fresh image has no lists).
 */
export async function aptInstall(packages: string[]): Promise<void> {
  const lock = join(provisionCacheDir(), "locks", "apt.lock");
  await withFileLock(lock, async () => {
    const known = await runQuietly("apt-cache", ["policy", ...packages]).catch(() => "");
    if (/Candidate: \(none\)/.test(known) || packages.some((p) => !known.includes(`${p}:`))) {
      await runQuietly("apt-get", [...aptLockWait, "update"], aptEnv);
    }
    await runQuietly("apt-get", [...aptLockWait, "install", "-y", ...packages], aptEnv);
  });
}
