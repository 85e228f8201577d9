// The data file's checks and writes beyond the usual cases: every field that makes a snapshot unusable, the
// directory check that names the path asked for, temporary-file clean-up, and an atomic write that syncs
// the file and its directory and leaves nothing behind when the rename fails.
import fs, { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import fsPromises, { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  checkDataFileDirectory,
  DataFileError,
  loadDataFile,
  removeStaleTemporaryFiles,
  writeFileAtomic,
} from "../../../src/emulator/persistence/dataFile.js";

let directory: string;
let file: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-data-checks-"));
  file = join(directory, "data.json");
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

const backupKey = Buffer.alloc(32, 2).toString("base64");
const vaultState = { schema: 1, backupKey, sequence: 0, secrets: [], purges: [] };
const good = {
  schema: 3,
  logGeneration: 0,
  tenantId: "tenant",
  tokenKey: Buffer.alloc(32, 1).toString("base64"),
  ca: { certificate: "certificate", privateKey: "key" },
  vaults: { defaultVault: "emulator", vaults: [{ name: "emulator", state: vaultState }] },
};

function loadError(text: string): Error | undefined {
  writeFileSync(file, text);
  try {
    loadDataFile(file);
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe("loadDataFile", () => {
  it("names the file, the reason and the advice in a DataFileError", () => {
    const error = loadError("null");
    expect(error).toBeInstanceOf(DataFileError);
    expect(error).toMatchObject({
      name: "DataFileError",
      path: file,
      message:
        `The emulator data file ${file} cannot be loaded: it does not hold an object. ` +
        "It was left untouched; move it away (or fix it) to start with this path.",
    });
  });

  it.each([
    ["a tenantId that is not a string", { tenantId: 5 }, '"tenantId" is missing'],
    [
      "a token key of 30 bytes",
      { tokenKey: Buffer.alloc(30, 1).toString("base64") },
      '"tokenKey" is missing or too short',
    ],
    ["a CA without its key", { ca: { certificate: "c" } }, '"ca" is missing'],
    ["a CA without its certificate", { ca: { privateKey: "k" } }, '"ca" is missing'],
    ["a null identity", { identity: null }, '"identity" needs a port and a header'],
    [
      "an identity with an empty header",
      { identity: { port: 1, header: "" } },
      '"identity" needs a port and a header',
    ],
    ["a null vault", { vaults: { defaultVault: "emulator", vaults: [null] } }, 'a vault has no "name"'],
    [
      "a vault without state",
      { vaults: { defaultVault: "emulator", vaults: [{ name: "dev", state: null }] } },
      'vault "dev" is missing',
    ],
    [
      "a vault whose state is not an object",
      { vaults: { defaultVault: "emulator", vaults: [{ name: "dev", state: "x" }] } },
      'vault "dev" is missing',
    ],
  ])("refuses %s", (_case, change, reason) => {
    expect(loadError(JSON.stringify({ ...good, ...change }))?.message).toContain(
      `cannot be loaded: ${reason}.`,
    );
  });

  it("ignores what a schema-2 file holds under identity (schema 2 had none)", () => {
    const { identity: _none, logGeneration: _generation, ...rest } = { ...good, identity: undefined };
    writeFileSync(file, JSON.stringify({ ...rest, schema: 2, identity: { port: "x" } }));
    expect(loadDataFile(file)).toMatchObject({ schema: 3, logGeneration: 0 });
  });

  it("names the error code when the file cannot be read", () => {
    mkdirSync(file);
    expect(() => loadDataFile(file)).toThrow(
      `The emulator data file ${file} cannot be loaded: it cannot be read (EISDIR).`,
    );
  });
});

describe("checkDataFileDirectory", () => {
  const advice = "Create the directory first, or pass another --data path.";

  it("accepts a path in an existing directory", () => {
    expect(() => checkDataFileDirectory(file)).not.toThrow();
  });

  it("names a directory that does not exist", () => {
    const path = join(directory, "missing", "data.json");
    expect(() => checkDataFileDirectory(path)).toThrow(
      new DataFileError(path, `its directory ${join(directory, "missing")} does not exist`, advice),
    );
  });

  it("names a directory that is a file, or that cannot be read", () => {
    writeFileSync(join(directory, "file"), "");
    const underFile = join(directory, "file", "data.json");
    expect(() => checkDataFileDirectory(underFile)).toThrow(
      new DataFileError(underFile, `${join(directory, "file")} is not a directory`, advice),
    );
    const deeper = join(directory, "file", "sub", "data.json");
    expect(() => checkDataFileDirectory(deeper)).toThrow(
      new DataFileError(
        deeper,
        `its directory ${join(directory, "file", "sub")} cannot be read (ENOTDIR)`,
        advice,
      ),
    );
  });
});

describe("removeStaleTemporaryFiles", () => {
  it("removes only .tmp files of this data file, and does nothing where the directory is missing", () => {
    writeFileSync(join(directory, ".data.json.1.2.tmp"), "");
    writeFileSync(join(directory, ".data.json.notes"), "kept");
    removeStaleTemporaryFiles(file);
    expect(readdirSync(directory)).toEqual([".data.json.notes"]);
    expect(() => removeStaleTemporaryFiles(join(directory, "missing", "data.json"))).not.toThrow();
  });
});

describe("writeFileAtomic", () => {
  it("syncs the temporary file before the rename, and then the directory", async () => {
    writeFileSync(file, "old");
    const probe = await open(join(directory, "probe"), "w");
    const prototype = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    rmSync(join(directory, "probe"));
    const steps: string[] = [];
    const sync = prototype.sync;
    vi.spyOn(prototype, "sync").mockImplementation(function (this: unknown) {
      steps.push(`file synced while data.json holds "${readFileSync(file, "utf8")}"`);
      return sync.call(this);
    });
    // FileHandle.close is an own property of each handle: wrap it on the handle open() hands out.
    const realOpen = fsPromises.open;
    fsPromises.open = (async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      const close = handle.close.bind(handle);
      handle.close = () => {
        steps.push(`file closed while data.json holds "${readFileSync(file, "utf8")}"`);
        return close();
      };
      return handle;
    }) as typeof realOpen;
    const fsyncSync = fs.fsyncSync;
    const closeSync = fs.closeSync;
    const directoryFds = new Set<number>();
    fs.fsyncSync = (fd: number) => {
      steps.push(`fsync of the directory after the rename: ${readFileSync(file, "utf8")}`);
      directoryFds.add(fd);
      fsyncSync(fd);
    };
    fs.closeSync = (fd: number) => {
      if (directoryFds.delete(fd)) steps.push("directory closed");
      closeSync(fd);
    };
    syncBuiltinESMExports();
    try {
      await writeFileAtomic(file, "new");
    } finally {
      fs.fsyncSync = fsyncSync;
      fs.closeSync = closeSync;
      fsPromises.open = realOpen;
      syncBuiltinESMExports();
    }
    expect(steps).toEqual([
      'file synced while data.json holds "old"',
      'file closed while data.json holds "old"',
      "fsync of the directory after the rename: new",
      "directory closed",
    ]);
  });

  it("removes its temporary file and rethrows when the rename fails", async () => {
    const target = join(directory, "a-directory");
    mkdirSync(join(target, "inside"), { recursive: true });
    await expect(writeFileAtomic(target, "text")).rejects.toThrow();
    expect(readdirSync(directory)).toEqual(["a-directory"]);
  });
});
