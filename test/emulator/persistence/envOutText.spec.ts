// The dotenv text the CLI prints and writes to --env-out: plain NAME=value lines, single-quoted only when a
// shell would split or expand the value.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { envFileText, writeEnvFile } from "../../../src/emulator/persistence/envFile.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-env-out-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("envFileText", () => {
  it("writes one line per variable, quoting only values a shell would change", () => {
    expect(
      envFileText({
        KEYVAULT_URI: "https://emulator.vault.localhost:8443/",
        PLAIN: "Az09_@%+=:,./-",
        EMPTY: "",
        SPACED: "two words",
        QUOTE: "it's $HOME",
      }),
    ).toBe(
      [
        "KEYVAULT_URI=https://emulator.vault.localhost:8443/",
        "PLAIN=Az09_@%+=:,./-",
        "EMPTY=",
        "SPACED='two words'",
        "QUOTE='it'\\''s $HOME'",
        "",
      ].join("\n"),
    );
  });

  it("is text sh reads back to the same values", () => {
    const env = { A: "two words", B: 'it\'s $HOME `x` \\ "q"', C: "plain" };
    const file = join(directory, "sourced.env");
    execFileSync("sh", ["-c", `cat > "${file}"`], { input: envFileText(env) });
    const read = execFileSync("sh", ["-c", `set -a; . "${file}"; printf '%s|%s|%s' "$A" "$B" "$C"`], {
      encoding: "utf8",
      env: {},
    });
    expect(read).toBe(`${env.A}|${env.B}|${env.C}`);
  });
});

describe("writeEnvFile", () => {
  it("writes the text to the path", async () => {
    const path = join(directory, "emulator.env");
    await writeEnvFile(path, "A=1\n");
    expect(readFileSync(path, "utf8")).toBe("A=1\n");
  });

  it("names the path and the error code when it cannot write", async () => {
    const path = join(directory, "missing-directory", "emulator.env");
    await expect(writeEnvFile(path, "A=1\n")).rejects.toThrow(`cannot write --env-out ${path} (ENOENT)`);
    await expect(writeEnvFile(path, "A=1\n")).rejects.toMatchObject({ cause: { code: "ENOENT" } });
  });
});
