// Finds or installs a Python that can import the official Azure SDK for Python (azure-keyvault-secrets and
// azure-identity), for the cross-SDK tests: Debian's python3-azure when root on Debian/Ubuntu, else a venv in
// the provisioning cache with pip, else a failure naming what to install.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ProvisionError, progress, provisionCacheDir } from "./cache";
import { withFileLock } from "./fileLock";
import { aptInstall, canAptInstall, findOnPath, runQuietly } from "./system";

const sdkImport = "import azure.keyvault.secrets, azure.identity";
const pipPackages = ["azure-keyvault-secrets", "azure-identity"];

/** How a Python with the Azure SDK can be found or installed; injectable so the decision order is testable. */
export interface PythonSources {
  /** Pythons that may already have the SDK, in order of preference. */
  candidates(): string[];
  /** True when `python` runs and imports the SDK. */
  hasSdk(python: string): Promise<boolean>;
  canAptInstall(): boolean;
  aptInstall(packages: string[]): Promise<void>;
  /** A python3 able to create a venv, if any. */
  basePython(): string | undefined;
  /** Creates the venv at `dir` with `base` and pip-installs the SDK into it; returns the venv's python. */
  createVenv(base: string, dir: string): Promise<string>;
  venvDir: string;
}

const venvPython = (dir: string): string => join(dir, "bin", "python");

export const machinePythonSources: PythonSources = {
  venvDir: join(provisionCacheDir(), "python-azure-venv"),
  candidates() {
    // Debian's python3 first: python3-azure installs into its dist-packages, which a pyenv python on PATH
    // does not see.
    const found = ["/usr/bin/python3", findOnPath(["python3"]), venvPython(this.venvDir)];
    return [...new Set(found.filter((p): p is string => !!p && existsSync(p)))];
  },
  hasSdk: (python) =>
    runQuietly(python, ["-c", sdkImport]).then(
      () => true,
      () => false,
    ),
  canAptInstall,
  aptInstall,
  basePython: () => findOnPath(["python3"]),
  async createVenv(base, dir) {
    await runQuietly(base, ["-m", "venv", dir]);
    await runQuietly(venvPython(dir), [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      ...pipPackages,
    ]);
    return venvPython(dir);
  },
};

async function firstWithSdk(sources: PythonSources): Promise<string | undefined> {
  for (const python of sources.candidates()) if (await sources.hasSdk(python)) return python;
  return undefined;
}

const installHint =
  "`sudo apt-get install -y python3-azure` (Debian/Ubuntu) or `pip install azure-keyvault-secrets azure-identity`";

async function install(sources: PythonSources): Promise<void> {
  if (sources.canAptInstall()) {
    progress("Python Azure SDK not found: installing Debian's package (apt-get install -y python3-azure)…");
    await sources.aptInstall(["python3-azure"]);
    return;
  }
  const base = sources.basePython();
  if (!base) throw new ProvisionError(`No python3 found: install Python 3, then ${installHint}.`);
  progress(`Python Azure SDK not found: pip-installing it into ${sources.venvDir}…`);
  await withFileLock(`${sources.venvDir}.lock`, async () => {
    // Another test run may have built the venv while we waited for the lock.
    if (!(await sources.hasSdk(venvPython(sources.venvDir)))) await sources.createVenv(base, sources.venvDir);
  });
}

let provisioned: Promise<string> | undefined;

/**
 * The path of a Python executable that imports `azure.keyvault.secrets` and `azure.identity`, installing them
 * when no Python on the machine has them. Resolved once per process.
 * @throws ProvisionError naming what to install when that cannot be done here.
 */
export function provisionPython(sources: PythonSources = machinePythonSources): Promise<string> {
  if (sources !== machinePythonSources) return findOrInstallPython(sources);
  provisioned ??= findOrInstallPython(sources);
  return provisioned;
}

async function findOrInstallPython(sources: PythonSources): Promise<string> {
  const found = await firstWithSdk(sources);
  if (found) return found;
  await install(sources).catch((error: Error) => {
    if (error instanceof ProvisionError) throw error;
    const reason = error.message.trim().split("\n").at(-1);
    throw new ProvisionError(`Could not install the Azure SDK for Python (${reason}): run ${installHint}.`);
  });
  const installed = await firstWithSdk(sources);
  if (!installed)
    throw new ProvisionError(`The Azure SDK for Python is still not importable: run ${installHint}.`);
  return installed;
}
