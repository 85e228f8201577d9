// Taking the data file's lock: refused while a live process holds it (naming the holder), taken over from a
// process that is gone or from a lock file that is garbage, and kept up to date with the ports.
import fs, {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DataFileLock, DataFileLockedError } from "../../../src/emulator/persistence/dataFileLock.js";

let directory: string;
let dataFile: string;
let lockPath: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-lock-acquire-"));
  dataFile = join(directory, "vault.json");
  lockPath = join(directory, "vault.json.lock");
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

/** Runs `body` with fs.linkSync replaced (the lock module reads the live binding). */
function withLinkSync<T>(linkSync: typeof fs.linkSync, body: () => T): T {
  const real = fs.linkSync;
  fs.linkSync = linkSync;
  syncBuiltinESMExports();
  try {
    return body();
  } finally {
    fs.linkSync = real;
    syncBuiltinESMExports();
  }
}

const errno = (code: string) => Object.assign(new Error(code), { code });

/** Above Linux's pid_max (2^22): no process has it. */
const GONE_PID = 99_999_999;

const holderOf = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

describe("DataFileLock.acquire", () => {
  it("writes <dataFile>.lock naming this process, and leaves no draft behind", () => {
    expect(DataFileLock.pathOf(dataFile)).toBe(lockPath);
    const before = Date.now();
    DataFileLock.acquire(dataFile);
    const holder = holderOf(lockPath);
    expect(holder).toEqual({ pid: process.pid, started: expect.any(String) });
    expect(Date.parse(holder["started"] as string)).toBeGreaterThanOrEqual(before - 1_000);
    expect(readdirSync(directory)).toEqual(["vault.json.lock"]);
    expect(statSync(lockPath).mode & 0o777).toBe(0o600);
  });

  it("gives up after 3 attempts when the lock keeps coming back, and leaves no draft", () => {
    let links = 0;
    const error = withLinkSync(
      () => {
        links++;
        throw errno("EEXIST");
      },
      () => {
        try {
          DataFileLock.acquire(dataFile);
        } catch (caught) {
          return caught as Error;
        }
        return undefined;
      },
    );
    expect(error?.message).toBe(
      `Could not take the lock ${lockPath}: it keeps being recreated by another process`,
    );
    expect(links).toBe(3);
    expect(readdirSync(directory)).toEqual([]);
  });

  it("rethrows a failure other than an existing lock, and leaves no draft", () => {
    const failure = errno("EPERM");
    expect(() =>
      withLinkSync(
        () => {
          throw failure;
        },
        () => DataFileLock.acquire(dataFile),
      ),
    ).toThrow(failure);
    expect(readdirSync(directory)).toEqual([]);
  });

  it("counts a holder it may not signal (EPERM) as alive", () => {
    writeFileSync(lockPath, JSON.stringify({ pid: 4242, started: "2026-01-01T00:00:00.000Z" }));
    vi.spyOn(process, "kill").mockImplementation(() => {
      throw errno("EPERM");
    });
    expect(() => DataFileLock.acquire(dataFile)).toThrow(DataFileLockedError);
  });

  it.each([
    ["still starting", { pid: process.ppid, started: "2026-01-01T00:00:00.000Z" }, "(still starting)"],
    ["listening", { pid: process.ppid, port: 8443, started: "2026-01-01T00:00:00.000Z" }, "on port 8443"],
  ])("refuses while a live process holds it (%s), naming it", (_case, holder, where) => {
    writeFileSync(lockPath, JSON.stringify(holder));
    let error: unknown;
    try {
      DataFileLock.acquire(dataFile);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataFileLockedError);
    expect(error).toMatchObject({ name: "DataFileLockedError", path: dataFile, holder });
    expect((error as Error).message).toBe(
      `The emulator data file ${dataFile} is in use by another keyvault-emulator (PID ${process.ppid} ${where}). ` +
        `Stop that one first, or use another --data file. If no emulator is running, delete ${lockPath}.`,
    );
    expect(holderOf(lockPath)).toEqual(holder);
    expect(readdirSync(directory)).toEqual(["vault.json.lock"]);
  });

  it.each([
    ["a process that is gone", JSON.stringify({ pid: GONE_PID, started: "2026-01-01T00:00:00.000Z" })],
    ["garbage", "not json"],
    ["a holder without a usable pid", JSON.stringify({ pid: "1", started: "2026-01-01T00:00:00.000Z" })],
    ["empty", ""],
  ])("takes over a lock file of %s", (_case, text) => {
    writeFileSync(lockPath, text);
    DataFileLock.acquire(dataFile);
    expect(holderOf(lockPath)).toMatchObject({ pid: process.pid });
  });

  it("does nothing when the lock file is already gone", () => {
    const lock = DataFileLock.acquire(dataFile);
    rmSync(lockPath);
    expect(() => lock.release()).not.toThrow();
  });
});

describe("DataFileLock.update", () => {
  it("records the ports, so a refused second emulator can name them", () => {
    const lock = DataFileLock.acquire(dataFile);
    const started = holderOf(lockPath)["started"];
    lock.update({ port: 8443, identityPort: 40123 });
    expect(holderOf(lockPath)).toEqual({ pid: process.pid, started, port: 8443, identityPort: 40123 });
    expect(readdirSync(directory)).toEqual(["vault.json.lock"]);
    expect(statSync(lockPath).mode & 0o777).toBe(0o600);
  });

  it("does not bring the lock file back once released", () => {
    const lock = DataFileLock.acquire(dataFile);
    lock.release();
    lock.update({ port: 8443, identityPort: 40123 });
    expect(existsSync(lockPath)).toBe(false);
  });
});

describe("DataFileLock.release", () => {
  it("runs once: a second call leaves a lock taken since (by another emulator of this process)", () => {
    const first = DataFileLock.acquire(dataFile);
    first.release();
    DataFileLock.acquire(dataFile);
    first.release();
    expect(holderOf(lockPath)).toMatchObject({ pid: process.pid });
  });

  it("does nothing when the lock file is already gone", () => {
    const lock = DataFileLock.acquire(dataFile);
    rmSync(lockPath);
    expect(() => lock.release()).not.toThrow();
  });
});
