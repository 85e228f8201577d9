// The data file's lock: release() removes only a lock that is still ours. When another emulator took the
// data file over meanwhile (our lock file was deleted by hand, or taken for stale), its lock must stay.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataFileLock } from "../../../src/emulator/persistence/dataFileLock.js";

let directory: string;
let dataFile: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-lock-release-"));
  dataFile = join(directory, "vault.json");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("DataFileLock.release", () => {
  it("removes its own lock file", () => {
    const lock = DataFileLock.acquire(dataFile);
    expect(JSON.parse(readFileSync(DataFileLock.pathOf(dataFile), "utf8"))).toMatchObject({
      pid: process.pid,
    });
    lock.release();
    expect(existsSync(DataFileLock.pathOf(dataFile))).toBe(false);
  });

  it("leaves the lock file alone once another emulator holds it", () => {
    const lock = DataFileLock.acquire(dataFile);
    // Another live process (our parent) took the data file over.
    const other = JSON.stringify({ pid: process.ppid, port: 8443, started: new Date().toISOString() });
    writeFileSync(DataFileLock.pathOf(dataFile), other);

    lock.release();

    expect(readFileSync(DataFileLock.pathOf(dataFile), "utf8")).toBe(other);
  });
});
