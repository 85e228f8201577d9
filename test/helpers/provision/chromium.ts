// Finds a Chromium for the browser tests, or installs one: an explicit CHROMIUM_PATH, a Chrome/Chromium on
// PATH, Playwright's own browser cache; else Debian's package when we are root on Debian/Ubuntu, else
// Playwright's download. Never skips: when nothing works it fails with the one command to run.
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { ProvisionError, progress } from "./cache";
import { aptInstall, canAptInstall, findOnPath, runQuietly } from "./system";

const browserNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/** How a Chromium can be found or installed; injectable so the decision order is testable. */
export interface ChromiumSources {
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  onPath(names: string[]): string | undefined;
  playwrightCache(): string | undefined;
  canAptInstall(): boolean;
  aptInstall(packages: string[]): Promise<void>;
  playwrightInstall(): Promise<void>;
}

/** The newest Chromium in Playwright's browser cache (`PLAYWRIGHT_BROWSERS_PATH` or `~/.cache/ms-playwright`). */
function newestPlaywrightChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), ".cache", "ms-playwright");
  if (!existsSync(root)) return undefined;
  const revisions = readdirSync(root)
    .filter((name) => /^chromium-\d+$/.test(name))
    .sort((a, b) => Number(b.split("-")[1]) - Number(a.split("-")[1]));
  for (const revision of revisions) {
    for (const build of ["chrome-linux64/chrome", "chrome-linux/chrome", "chrome-mac/Chromium.app"]) {
      const candidate = join(root, revision, build);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

const playwrightCli = (): string =>
  join(createRequire(import.meta.url).resolve("playwright-core/package.json"), "..", "cli.js");

export const machineChromiumSources: ChromiumSources = {
  env: process.env,
  exists: existsSync,
  onPath: (names) => findOnPath(names),
  playwrightCache: () => newestPlaywrightChromium(),
  canAptInstall,
  aptInstall,
  playwrightInstall: () =>
    runQuietly(process.execPath, [playwrightCli(), "install", "chromium"]).then(() => undefined),
};

// The last line of a failed command is its own diagnosis ("E: Unable to locate package chromium").
const lastLine = (error: Error): string => error.message.trim().split("\n").at(-1) ?? error.message;

function findInstalled(sources: ChromiumSources): string | undefined {
  return sources.onPath(browserNames) ?? sources.playwrightCache();
}

/**
 * The path of a Chromium executable, installing one when the machine has none.
 * @throws ProvisionError naming the command to run when Chromium can neither be found nor installed.
 */
export async function provisionChromium(sources: ChromiumSources = machineChromiumSources): Promise<string> {
  const explicit = sources.env.CHROMIUM_PATH;
  if (explicit) {
    if (sources.exists(explicit)) return explicit;
    throw new ProvisionError(
      `CHROMIUM_PATH=${explicit} does not exist: point it at a Chrome/Chromium executable.`,
    );
  }
  const found = findInstalled(sources);
  if (found) return found;

  if (sources.canAptInstall()) {
    progress(
      "Chromium not found: installing Debian's package (apt-get install -y chromium), once for this machine…",
    );
    await sources.aptInstall(["chromium"]).catch((error: Error) => {
      throw new ProvisionError(
        `No Chromium found and \`apt-get install -y chromium\` failed (${lastLine(error)}): run it yourself ` +
          `as root, or set CHROMIUM_PATH.`,
      );
    });
  } else {
    progress("Chromium not found: downloading Playwright's Chromium (npx playwright-core install chromium)…");
    await sources.playwrightInstall().catch((error: Error) => {
      throw new ProvisionError(
        `No Chromium found and Playwright's download failed (${lastLine(error)}). Install one: ` +
          `\`npx playwright-core install chromium\`, or \`sudo apt-get install -y chromium\`, or set CHROMIUM_PATH.`,
      );
    });
  }
  const installed = findInstalled(sources);
  if (!installed) {
    throw new ProvisionError(
      "Chromium was installed but no executable was found on PATH or in Playwright's cache: set CHROMIUM_PATH.",
    );
  }
  return installed;
}
