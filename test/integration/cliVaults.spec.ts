// The CLI's vault flags: --vault with per-vault settings, --vaults-file, --create-vaults-on-first-use,
// --cert-name and --print-hosts, and their errors (exit 2 naming what was wrong).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localhostLookup } from "../../src/shared/localhostLookup.js";
import { emulatorCliPath, startCliEmulator, type CliEmulator } from "../helpers/emulatorProcess";

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [emulatorCliPath(), ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An unauthenticated GET of `/secrets` at `url` (name resolved like our client does). */
function probe(url: string, ca: string): Promise<{ status: number; challenge?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(
      `${url}/secrets?api-version=7.6`,
      { ca, lookup: localhostLookup as never },
      (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode!, challenge: response.headers["www-authenticate"], body }),
        );
      },
    );
    request.on("error", reject);
  });
}

async function stopped(emulator: CliEmulator): Promise<void> {
  emulator.child.kill("SIGTERM");
  await emulator.exited;
}

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "kv-cli-vaults-"));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("keyvault-emulator --print-hosts", () => {
  it("prints hosts-file lines for every vault name, for both loopback addresses, and exits", () => {
    const result = cli(["--vault", "dev", "--vault", "prod:purge-protection", "--print-hosts"]);
    expect(result).toEqual({
      code: 0,
      stdout:
        "127.0.0.1 vault.localhost dev.vault.localhost prod.vault.localhost\n" +
        "::1 vault.localhost dev.vault.localhost prod.vault.localhost\n",
      stderr: "",
    });
  });

  it("names the listen address when it is a specific other one, and the default vault without --vault", () => {
    expect(cli(["--host", "127.0.0.2", "--print-hosts"]).stdout).toBe(
      "127.0.0.2 vault.localhost emulator.vault.localhost\n",
    );
  });
});

describe("keyvault-emulator --vault and --vaults-file", () => {
  it("starts every vault with its settings and prints one KEYVAULT_URI_<NAME> each", async () => {
    const file = join(directory, "vaults.json");
    writeFileSync(file, JSON.stringify({ vaults: [{ name: "from-file", recoverableDays: 30 }, "plain"] }));
    const emulator = await startCliEmulator([
      "--port",
      "0",
      "--vault",
      "first:recoverable-days=7",
      "--vaults-file",
      file,
    ]);
    try {
      const port = new URL(emulator.env["KEYVAULT_URI"]!).port;
      expect(emulator.env).toMatchObject({
        KEYVAULT_URI: `https://first.vault.localhost:${port}`,
        KEYVAULT_URI_FIRST: `https://first.vault.localhost:${port}`,
        KEYVAULT_URI_FROM_FILE: `https://from-file.vault.localhost:${port}`,
        KEYVAULT_URI_PLAIN: `https://plain.vault.localhost:${port}`,
      });
      // The banner is on stderr (stdout carries only the variables).
      const { stderr } = emulator.output();
      expect(stderr).toContain(`(default vault; also at https://127.0.0.1:${port})`);
      expect(stderr).toContain("node --import keyvault-secrets-client/emulator/localhost");
      expect(stderr).not.toContain("disableChallengeResourceVerification");
    } finally {
      await stopped(emulator);
    }
  });

  it.each([
    [["--vault", "x"], 'Vault name "x" is not valid: use 3-24 letters'],
    [["--vault", "dev:retention=3"], 'unknown setting "retention"'],
    [["--vault", "dev:recoverable-days=soon"], "recoverable-days needs a whole number"],
    [["--vault", "dev", "--vault", "DEV"], 'Vault "dev" is given twice'],
    [["--vault", "dev:recoverable-days=3"], "recoverableDays must be an integer from 7 to 90"],
    [["--cert-name", "not a name"], 'certNames entry "not a name" is not an IP address'],
  ])("refuses %j with exit code 2 naming the problem", (args, message) => {
    const result = cli(["--port", "0", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("refuses an unreadable or malformed --vaults-file", () => {
    const file = join(directory, "bad.json");
    writeFileSync(file, JSON.stringify([{ name: "ok-name", retention: 3 }]));
    expect(cli(["--vaults-file", file]).stderr).toContain(
      `--vaults-file ${file}: vault 0 has no setting "retention"`,
    );
    expect(cli(["--vaults-file", join(directory, "missing.json")]).stderr).toContain(
      "cannot read --vaults-file",
    );
  });
});

describe("keyvault-emulator --create-vaults-on-first-use", () => {
  it("answers an unknown vault with 404 VaultNotFound without it, and creates the vault with it", async () => {
    for (const [flag, expected] of [
      [[], 404],
      [["--create-vaults-on-first-use"], 401],
    ] as const) {
      const emulator = await startCliEmulator(["--port", "0", "--vault", "known", ...flag]);
      try {
        const url = emulator.env["KEYVAULT_URI"]!.replace("known", "brand-new");
        const ca = readFileSync(emulator.env["NODE_EXTRA_CA_CERTS"]!, "utf8");
        const answer = await probe(url, ca);
        expect(answer.status).toBe(expected);
        if (expected === 404)
          expect(JSON.parse(answer.body).error.message).toContain("its vaults are: known");
        else expect(answer.challenge).toContain(`resource="https://vault.localhost:${new URL(url).port}"`);
      } finally {
        await stopped(emulator);
      }
    }
  });
});
