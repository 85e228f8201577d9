import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { ProvisionError } from "../helpers/provision/cache";
import { provisionPython, type PythonSources } from "../helpers/provision/python";

/** A machine where `withSdk` pythons import the SDK; installs add the pythons they would make work. */
function machine(options: {
  pythons?: string[];
  withSdk?: string[];
  root?: boolean;
  base?: string;
  installFails?: string;
}): PythonSources & { installs: string[] } {
  const venvDir = join(mkdtempSync(join(tmpdir(), "kvsc-py-")), "venv");
  const withSdk = new Set(options.withSdk ?? []);
  const pythons = [...(options.pythons ?? [])];
  const installs: string[] = [];
  return {
    installs,
    venvDir,
    candidates: () => pythons,
    hasSdk: async (python) => withSdk.has(python),
    canAptInstall: () => options.root ?? false,
    aptInstall: async (packages) => {
      installs.push(`apt ${packages.join(" ")}`);
      if (options.installFails) throw new Error(`apt-get failed (100):\n${options.installFails}`);
      withSdk.add("/usr/bin/python3");
    },
    basePython: () => options.base,
    createVenv: async (base, dir) => {
      installs.push(`venv ${base}`);
      if (options.installFails) throw new Error(`pip failed (1):\n${options.installFails}`);
      pythons.push(join(dir, "bin", "python"));
      withSdk.add(join(dir, "bin", "python"));
      return join(dir, "bin", "python");
    },
  };
}

describe("provisionPython", () => {
  let stderr: MockInstance;
  beforeEach(() => {
    stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it("returns the first python that already imports the SDK, installing nothing", async () => {
    const m = machine({
      pythons: ["/usr/bin/python3", "/pyenv/python3"],
      withSdk: ["/pyenv/python3"],
      root: true,
    });
    await expect(provisionPython(m)).resolves.toBe("/pyenv/python3");
    expect(m.installs).toEqual([]);
    expect(stderr).not.toHaveBeenCalled();
  });

  it("installs Debian's python3-azure when root on Debian, with one progress line", async () => {
    const m = machine({ pythons: ["/usr/bin/python3"], root: true });
    await expect(provisionPython(m)).resolves.toBe("/usr/bin/python3");
    expect(m.installs).toEqual(["apt python3-azure"]);
    expect(stderr).toHaveBeenCalledTimes(1);
  });

  it("otherwise pip-installs the SDK into a venv in the cache and returns the venv's python", async () => {
    const m = machine({ pythons: ["/usr/bin/python3"], base: "/usr/bin/python3" });
    const python = await provisionPython(m);
    expect(python).toBe(join(m.venvDir, "bin", "python"));
    expect(m.installs).toEqual(["venv /usr/bin/python3"]);
  });

  it("fails with one line naming what to install when there is no python3 at all", async () => {
    const error = await provisionPython(machine({})).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as Error).message).toMatch(
      /No python3 found.*apt-get install -y python3-azure.*pip install/,
    );
  });

  it("fails with one line carrying the installer's last words when the install fails", async () => {
    const m = machine({ base: "/usr/bin/python3", installFails: "ERROR: No matching distribution found" });
    const error = await provisionPython(m).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).message).toMatch(
      /No matching distribution found.*pip install azure-keyvault-secrets/,
    );
  });
});
