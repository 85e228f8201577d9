import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCertificateAuthority } from "../../../src/emulator/identity/certificates.js";
import {
  DataFileError,
  loadDataFile,
  removeStaleTemporaryFiles,
  writeFileAtomic,
  type PersistedState,
} from "../../../src/emulator/persistence/dataFile.js";
import { EmulatorClock } from "../../../src/emulator/vault/clock.js";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-persist-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const fixedState: PersistedState = {
  schema: 3,
  logGeneration: 0,
  identity: { port: 40123, header: "a-kept-identity-header" },
  tenantId: "72f988bf-0000-4000-8000-00000000e1a0",
  tokenKey: Buffer.alloc(32, 7).toString("base64"),
  ca: createCertificateAuthority(),
  vaults: {
    defaultVault: "emulator",
    vaults: [
      {
        name: "emulator",
        settings: { ...defaultVaultSettings },
        state: new VaultStore(defaultVaultSettings, new EmulatorClock()).snapshot(),
      },
    ],
  },
};
const state = (): PersistedState => structuredClone(fixedState);

describe("writeFileAtomic", () => {
  it("replaces the file in one step and leaves no temporary file behind", async () => {
    const file = join(directory, "data.json");
    writeFileSync(file, "old");
    // A hard link keeps the old inode: a rename leaves it with the old content, an in-place write would not.
    linkSync(file, join(directory, "old-link"));
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readFileSync(join(directory, "old-link"), "utf8")).toBe("old");
    expect(readdirSync(directory).sort()).toEqual(["data.json", "old-link"]);
  });
});

describe("removeStaleTemporaryFiles", () => {
  it("removes the temporary files of interrupted writes and nothing else", () => {
    const file = join(directory, "data.json");
    writeFileSync(file, "{}");
    writeFileSync(join(directory, ".data.json.123.456.tmp"), "partial");
    writeFileSync(join(directory, ".other.json.123.456.tmp"), "someone else's");
    removeStaleTemporaryFiles(file);
    expect(readdirSync(directory).sort()).toEqual([".other.json.123.456.tmp", "data.json"]);
  });
});

describe("loadDataFile", () => {
  it("returns undefined for a missing file and the state for a good one", async () => {
    const file = join(directory, "data.json");
    expect(loadDataFile(file)).toBeUndefined();
    await writeFileAtomic(file, JSON.stringify(state()));
    expect(loadDataFile(file)).toEqual(state());
  });

  it.each([
    ["{", "it is not valid JSON"],
    ["42", "it does not hold an object"],
    ['{"schema":4}', "unsupported schema 4"],
    [JSON.stringify({ ...fixedState, logGeneration: "1" }), '"logGeneration" is missing'],
    [JSON.stringify({ ...fixedState, identity: { port: 1 } }), '"identity" needs a port and a header'],
    ['{"schema":1,"tenantId":"t"}', '"tokenKey" is missing or too short'],
    [JSON.stringify({ ...fixedState, ca: undefined }), '"ca" is missing'],
    [JSON.stringify({ ...fixedState, vaults: undefined }), '"vaults" is missing'],
    [
      JSON.stringify({
        ...fixedState,
        vaults: { defaultVault: "dev", vaults: [{ name: "dev", state: { schema: 1, secrets: "none" } }] },
      }),
      'vault "dev" is not a usable vault snapshot',
    ],
    [
      JSON.stringify({ ...fixedState, schema: 1, vaults: undefined, vault: { schema: 1, secrets: "none" } }),
      "vault is not a usable vault snapshot",
    ],
  ])("refuses case %# with a DataFileError naming the file and the reason", (text, reason) => {
    const file = join(directory, "data.json");
    writeFileSync(file, text);
    let error: unknown;
    try {
      loadDataFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toContain(`The emulator data file ${file} cannot be loaded: ${reason}`);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe("loadDataFile of older schemas", () => {
  it("reads a schema-1 file's vault as the vault called emulator", async () => {
    const file = join(directory, "data.json");
    const { vaults, identity: _identity, logGeneration: _generation, ...rest } = state();
    const vault = vaults.vaults[0]!.state;
    await writeFileAtomic(file, JSON.stringify({ ...rest, schema: 1, vault }));
    expect(loadDataFile(file)).toEqual({
      ...rest,
      schema: 3,
      logGeneration: 0,
      vaults: { defaultVault: "emulator", vaults: [{ name: "emulator", state: vault }] },
    });
  });

  it("reads a schema-2 file (no identity endpoint, no log generation)", async () => {
    const file = join(directory, "data.json");
    const { identity: _identity, logGeneration: _generation, ...rest } = state();
    await writeFileAtomic(file, JSON.stringify({ ...rest, schema: 2 }));
    expect(loadDataFile(file)).toEqual({ ...rest, schema: 3, logGeneration: 0 });
  });
});
