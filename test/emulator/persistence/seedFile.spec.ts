// `--seed FILE` read in-process: the JSON and .env forms, the errors that name the file and the entry, and
// seeding that leaves names the vault already holds.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSeedFile, seedVault } from "../../../src/emulator/persistence/seed.js";
import { EmulatorClock } from "../../../src/emulator/vault/clock.js";
import { VaultStore, defaultVaultSettings } from "../../../src/emulator/vault/vaultStore.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-seed-file-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("valid JSON");
}

function seedFile(text: string, name = "seed"): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe("readSeedFile", () => {
  it("reads JSON: a string is the value, an object carries the properties", () => {
    const path = seedFile(
      `  ${JSON.stringify({
        "db-password": "from json",
        typed: { value: "t", contentType: "text/plain", tags: { team: "a" }, attributes: { enabled: false } },
      })}`,
    );
    expect(readSeedFile(path)).toEqual([
      { name: "db-password", input: { value: "from json" } },
      {
        name: "typed",
        input: { value: "t", contentType: "text/plain", tags: { team: "a" }, enabled: false },
      },
    ]);
  });

  it("reads .env lines: comments, export, quotes, and _ turned into -", () => {
    const path = seedFile(
      [
        "# a comment",
        "",
        "  export API_KEY='single $quoted'  ",
        'MULTI_LINE="one\\ntwo"',
        "PLAIN = spaced = value",
        "EMPTY=",
        "HALF_QUOTED='no end",
      ].join("\r\n"),
    );
    expect(readSeedFile(path).map(({ name, input }) => [name, input.value])).toEqual([
      ["API-KEY", "single $quoted"],
      ["MULTI-LINE", "one\ntwo"],
      ["PLAIN", "spaced = value"],
      ["EMPTY", ""],
      ["HALF-QUOTED", "'no end"],
    ]);
  });

  it("reads export with several spaces, and quotes only when they enclose the whole value", () => {
    const path = seedFile(["export  TWO_SPACES=1", 'MIXED=x"y"', 'TRAIL="a"b'].join("\n"));
    expect(readSeedFile(path).map(({ name, input }) => [name, input.value])).toEqual([
      ["TWO-SPACES", "1"],
      ["MIXED", 'x"y"'],
      ["TRAIL", '"a"b'],
    ]);
  });

  it("refuses a line whose name has a space in it", () => {
    const path = seedFile("not a line=1");
    expect(() => readSeedFile(path)).toThrow(`seed file ${path}, line 1: "" is not a secret name`);
  });

  it("keeps the underlying error as the cause", () => {
    const causeOf = (path: string) => {
      try {
        readSeedFile(path);
      } catch (error) {
        return (error as Error).cause;
      }
      return undefined;
    };
    expect(causeOf(join(directory, "missing"))).toMatchObject({ code: "ENOENT" });
    expect(causeOf(seedFile("{not json", "bad.json"))).toBeInstanceOf(SyntaxError);
    expect(causeOf(seedFile('{"n": {"value": 5}}', "bad-value.json"))).toBeInstanceOf(Error);
  });

  it("keeps a single-quoted \\n as it is (only double quotes have escapes)", () => {
    expect(readSeedFile(seedFile("RAW='a\\nb'"))[0]!.input.value).toBe("a\\nb");
  });

  it.each([
    ["GOOD=1\nnot a line\n", 'line 2: "" is not a secret name (1-127 letters, digits and dashes)'],
    ["BAD.NAME=1", 'line 1: "BAD.NAME" is not a secret name'],
    [`${"a".repeat(128)}=1`, `line 1: "${"a".repeat(128)}" is not a secret name`],
    ['{"ok": "1", "no value": {}}', 'secret "no value": "no value" is not a secret name'],
    ['{"no-value": {}}', "secret \"no-value\": The required parameter 'value' is missing."],
    ['{"number": {"value": 5}}', "secret \"number\": The parameter 'value' must be a string."],
    ['{"number": 5}', 'secret "number": The request body must be a JSON object.'],
  ])("refuses %j, naming the file and the entry", (text, reason) => {
    const path = seedFile(text);
    expect(() => readSeedFile(path)).toThrow(TypeError);
    expect(() => readSeedFile(path)).toThrow(`seed file ${path}, ${reason}`);
  });

  it("accepts a name of 127 characters", () => {
    expect(readSeedFile(seedFile(`${"a".repeat(127)}=1`))[0]!.name).toHaveLength(127);
  });

  it("refuses a file that starts like JSON and is not", () => {
    const path = seedFile("{not json");
    expect(() => readSeedFile(path)).toThrow(
      new TypeError(`seed file ${path} is not valid JSON: ${jsonError("{not json")}`),
    );
  });

  it("names the file and the error code when it cannot be read", () => {
    const path = join(directory, "missing");
    expect(() => readSeedFile(path)).toThrow(new TypeError(`cannot read the seed file ${path} (ENOENT)`));
  });
});

describe("seedVault", () => {
  it("sets only the names the vault does not hold yet and counts them", () => {
    const store = new VaultStore(defaultVaultSettings, new EmulatorClock());
    store.setSecret("kept", { value: "from the data file" });
    const set = seedVault(store, [
      { name: "KEPT", input: { value: "seeded" } },
      { name: "new", input: { value: "seeded" } },
    ]);
    expect(set).toBe(1);
    const values = store
      .snapshot()
      .secrets.map((secret) => [secret.name, secret.versions.map((v) => v.value)]);
    expect(values).toEqual([
      ["kept", ["from the data file"]],
      ["new", ["seeded"]],
    ]);
  });
});
