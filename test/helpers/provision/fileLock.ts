// A lock file shared by every process on the machine: several worktrees' test runs may provision the same
// tool at the same moment, and apt/dpkg or a half-extracted download must not be raced.
import { mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/** How long a lock file without a pid may exist before it counts as abandoned (its writer died mid-create). */
const emptyLockGraceMs = 10_000;
const pollMs = 250;

function holderIsAlive(path: string): boolean {
  let pidText: string;
  try {
    pidText = readFileSync(path, "utf8").trim();
  } catch {
    return false; // removed between our create attempt and this read
  }
  if (!pidText) return Date.now() - statSync(path, { throwIfNoEntry: false })!.mtimeMs < emptyLockGraceMs;
  try {
    process.kill(Number(pidText), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  }
}

/**
 * Runs `work` while holding the lock file at `path` (created with O_EXCL, holding our pid). A lock whose
 * holder process is gone is taken over; waiting longer than `timeoutMs` throws.
 * @param timeoutMs - @default 900000 (15 minutes: an apt-get install of Chromium on a slow mirror)
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, timeoutMs = 900_000): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const giveUpAt = Date.now() + timeoutMs;
  while (!tryCreate(path)) {
    if (!holderIsAlive(path)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > giveUpAt)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for the lock ${path}`);
    await delay(pollMs);
  }
  try {
    return await work();
  } finally {
    rmSync(path, { force: true });
  }
}
