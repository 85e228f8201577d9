import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ProvisionError } from "../helpers/provision/cache";
import { provisionChromium, type ChromiumSources } from "../helpers/provision/chromium";
import { withFileLock } from "../helpers/provision/fileLock";

/** A machine described by what exists on it; installs "create" the files they would create. */
function machine(options: {
  env?: NodeJS.ProcessEnv;
  files?: string[];
  onPath?: string;
  playwrightCache?: string;
  root?: boolean;
  aptCreates?: string;
  aptFails?: string;
  playwrightFails?: string;
}): ChromiumSources & { installs: string[] } {
  const files = new Set(options.files ?? []);
  let onPath = options.onPath;
  const installs: string[] = [];
  return {
    installs,
    env: options.env ?? {},
    exists: (path) => files.has(path),
    onPath: () => onPath,
    playwrightCache: () => options.playwrightCache,
    canAptInstall: () => options.root ?? false,
    aptInstall: async (packages) => {
      installs.push(`apt ${packages.join(" ")}`);
      if (options.aptFails) throw new Error(`apt-get install failed (100):\n${options.aptFails}`);
      onPath = options.aptCreates;
    },
    playwrightInstall: async () => {
      installs.push("playwright");
      if (options.playwrightFails) throw new Error(options.playwrightFails);
    },
  };
}

describe("provisionChromium", () => {
  it("uses CHROMIUM_PATH first, without looking further or installing", async () => {
    const m = machine({
      env: { CHROMIUM_PATH: "/opt/c/chrome" },
      files: ["/opt/c/chrome"],
      onPath: "/usr/bin/chromium",
    });
    await expect(provisionChromium(m)).resolves.toBe("/opt/c/chrome");
    expect(m.installs).toEqual([]);
  });

  it("fails naming CHROMIUM_PATH when it points nowhere, rather than silently using another browser", async () => {
    const m = machine({ env: { CHROMIUM_PATH: "/nope/chrome" }, onPath: "/usr/bin/chromium" });
    await expect(provisionChromium(m)).rejects.toThrow(/CHROMIUM_PATH=\/nope\/chrome does not exist/);
  });

  it("prefers a browser on PATH over Playwright's cache, and Playwright's cache over installing", async () => {
    expect(
      await provisionChromium(machine({ onPath: "/usr/bin/chromium", playwrightCache: "/pw/chrome" })),
    ).toBe("/usr/bin/chromium");
    const cacheOnly = machine({ playwrightCache: "/pw/chrome", root: true });
    expect(await provisionChromium(cacheOnly)).toBe("/pw/chrome");
    expect(cacheOnly.installs).toEqual([]);
  });

  it("installs Debian's chromium with apt when root on Debian and nothing is found", async () => {
    const m = machine({ root: true, aptCreates: "/usr/bin/chromium" });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await expect(provisionChromium(m)).resolves.toBe("/usr/bin/chromium");
      expect(stderr).toHaveBeenCalledTimes(1);
      expect(String(stderr.mock.calls[0][0])).toMatch(/apt-get install -y chromium/);
    } finally {
      stderr.mockRestore();
    }
    expect(m.installs).toEqual(["apt chromium"]);
  });

  it("fails with one line naming the command when apt cannot install it", async () => {
    const m = machine({ root: true, aptFails: "E: Unable to locate package chromium" });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const error = await provisionChromium(m).catch((e: Error) => e);
    stderr.mockRestore();
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).message).toMatch(
      /apt-get install -y chromium.*E: Unable to locate package chromium/,
    );
  });

  it("tries Playwright's download when not root, and names the commands to run when that fails too", async () => {
    const m = machine({ playwrightFails: "getaddrinfo ENOTFOUND cdn.playwright.dev" });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const error = await provisionChromium(m).catch((e: Error) => e);
    stderr.mockRestore();
    expect(m.installs).toEqual(["playwright"]);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as Error).message).toMatch(
      /npx playwright-core install chromium.*apt-get install -y chromium/,
    );
    expect((error as Error).message).not.toContain("\n");
  });

  it("fails when an install reported success but no executable appeared", async () => {
    const m = machine({ root: true, aptCreates: undefined });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const error = await provisionChromium(m).catch((e: Error) => e);
    stderr.mockRestore();
    expect((error as Error).message).toMatch(/no executable was found.*CHROMIUM_PATH/);
  });
});

describe("withFileLock", () => {
  it("runs holders one after the other, across concurrent callers", async () => {
    const lock = join(mkdtempSync(join(tmpdir(), "kvsc-lock-")), "a.lock");
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = withFileLock(lock, async () => {
      events.push("first in");
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      events.push("first out");
    });
    const second = withFileLock(lock, async () => {
      events.push("second in");
    });
    await vi.waitFor(() => expect(events).toEqual(["first in"]));
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(["first in", "first out", "second in"]);
  });

  it("takes over a lock whose holder process no longer exists", async () => {
    const lock = join(mkdtempSync(join(tmpdir(), "kvsc-lock-")), "b.lock");
    writeFileSync(lock, "99999999"); // above Linux's pid_max: no such process
    await expect(withFileLock(lock, async () => "ran")).resolves.toBe("ran");
  });

  it("gives up after its timeout while a live process holds the lock", async () => {
    const lock = join(mkdtempSync(join(tmpdir(), "kvsc-lock-")), "c.lock");
    writeFileSync(lock, String(process.pid));
    await expect(withFileLock(lock, async () => "ran", 300)).rejects.toThrow(/Timed out after 300 ms/);
  });
});
