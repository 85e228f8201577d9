import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCertificateAuthority } from "../../../src/emulator/identity/certificates.js";
import {
  DataFileError,
  DataFileWriter,
  loadDataFile,
  removeStaleTemporaryFiles,
  writeFileAtomic,
  type PersistedState,
} from "../../../src/emulator/transport/persistence.js";
import { EmulatorClock } from "../../../src/emulator/vault/clock.js";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-persist-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const fixedState: PersistedState = {
  schema: 2,
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
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(directory)).toEqual(["data.json"]);
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
    ['{"schema":3}', "unsupported schema 3"],
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

describe("loadDataFile of a schema-1 file (one vault)", () => {
  it("reads its vault as the vault called emulator", async () => {
    const file = join(directory, "data.json");
    const { vaults, ...rest } = state();
    const vault = vaults.vaults[0]!.state;
    await writeFileAtomic(file, JSON.stringify({ ...rest, schema: 1, vault }));
    expect(loadDataFile(file)).toEqual({
      ...rest,
      schema: 2,
      vaults: { defaultVault: "emulator", vaults: [{ name: "emulator", state: vault }] },
    });
  });
});

describe("DataFileWriter", () => {
  it("coalesces a burst of mutations into one debounced write", async () => {
    const file = join(directory, "data.json");
    let produced = 0;
    const writer = new DataFileWriter(file, () => (produced++, state()), 10);
    for (let i = 0; i < 100; i++) writer.schedule();
    for (let attempt = 0; attempt < 200 && produced === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await writer.flush();
    expect(produced).toBe(2); // the debounced write, then the explicit flush
    expect(loadDataFile(file)).toEqual(state());
  });

  it("flush writes immediately", async () => {
    const file = join(directory, "data.json");
    const writer = new DataFileWriter(file, state, 60_000);
    writer.schedule();
    await writer.flush();
    expect(loadDataFile(file)?.schema).toBe(2);
  });
});
