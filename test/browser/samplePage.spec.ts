// The browser sample, bundled by esbuild and by Vite, runs in real Chromium against emulators started here
// with CORS for the page's origin: the esbuild build against the HTTPS emulator (like a real vault), the
// Vite build against an `--http` emulator (the page then sets allowInsecureConnection). Every operation
// runs in the page; the tests read its results back.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index";
// window.keyVaultSample (set by the page, used inside page.evaluate) is typed by main.ts.
import type {} from "../../samples/browser/main";
import { launchChromium, serveFiles, type ServedFile, type StaticServer } from "../helpers/browser";
import { buildInMemoryWithVite, buildSampleInMemoryWithEsbuild } from "../helpers/sampleBuilds";

const screenshotDirectory = fileURLToPath(new URL("../../test-output/browser", import.meta.url));

let browser: Browser;
let server: StaticServer;
/** Serves the same pages from an origin the emulators do not allow. */
let otherOriginServer: StaticServer;
let httpsEmulator: RunningEmulator;
let httpEmulator: RunningEmulator;

/** Mounts a build's files under a path prefix, so both builds share one origin (and one CORS entry). */
function mount(prefix: string, files: Record<string, ServedFile>): Record<string, ServedFile> {
  return Object.fromEntries(Object.entries(files).map(([path, file]) => [`${prefix}${path}`, file]));
}

/** The page's backend: hands out tokens of the emulator whose origin the requested scope names. */
async function tokenEndpoint(url: URL): Promise<ServedFile> {
  const scopes = url.searchParams.getAll("scope");
  const emulator = [httpsEmulator, httpEmulator].find(
    (candidate) => scopes[0] === `${candidate.vaultUrl}/.default`,
  );
  const token = await emulator?.credential.getToken(scopes);
  if (!token) return { status: 400, type: "text/plain", body: "no emulator for this scope" };
  return {
    type: "application/json",
    body: JSON.stringify({ token: token.token, expiresOnTimestamp: token.expiresOnTimestamp }),
  };
}

beforeAll(async () => {
  const [esbuildBuild, viteBuild] = await Promise.all([
    buildSampleInMemoryWithEsbuild(),
    buildInMemoryWithVite(),
  ]);
  const files = { ...mount("/esbuild", esbuildBuild.files), ...mount("/vite", viteBuild.files) };
  server = await serveFiles(files, { "/token": tokenEndpoint });
  otherOriginServer = await serveFiles(files, { "/token": tokenEndpoint });
  [httpsEmulator, httpEmulator] = await Promise.all([
    startEmulator({ cors: server.origin }),
    startEmulator({ http: true, cors: server.origin }),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([httpsEmulator?.stop(), httpEmulator?.stop()]);
  await Promise.all([server?.close(), otherOriginServer?.close()]);
});

interface OpenedSample {
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
}

/** Opens the sample from `build` on `emulator` and waits until it has listed the first page (or failed to). */
async function openSample(
  build: "esbuild" | "vite",
  emulator: RunningEmulator,
  pageOrigin = server.origin,
): Promise<OpenedSample> {
  // Chromium has no option to trust one extra CA per page, so this context skips certificate checks; a
  // person trusts the emulator's CA (caCertificatePath) in the OS store instead, or uses --http.
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1000, height: 760 },
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const query = new URLSearchParams({ vaultUrl: emulator.vaultUrl, tokenUrl: "/token" });
  await page.goto(`${pageOrigin}/${build}/?${query}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return { context, page, pageErrors };
}

async function statusOf(page: Page): Promise<{ text: string; failed: boolean }> {
  const status = page.locator("#status");
  return {
    text: (await status.textContent()) ?? "",
    failed: ((await status.getAttribute("class")) ?? "").includes("error"),
  };
}

async function detailsOf(page: Page): Promise<Record<string, string>> {
  return page.$$eval("#secret-details dd", (cells) =>
    Object.fromEntries(cells.map((cell) => [(cell as HTMLElement).dataset.field, cell.textContent])),
  );
}

async function listedNames(page: Page): Promise<string[]> {
  return page.$$eval("#secret-list tr td:first-child", (cells) =>
    cells.map((cell) => cell.textContent ?? ""),
  );
}

/** Submits the "Set a secret" form and waits for the page to report the outcome. */
async function setThroughForm(page: Page, name: string, value: string, contentType = ""): Promise<void> {
  await page.fill("#set-name", name);
  await page.fill("#set-value", value);
  await page.fill("#set-content-type", contentType);
  await page.click("#set-form button[type=submit]");
  await page.waitForFunction(
    (expected) => document.getElementById("status")?.textContent?.startsWith(expected),
    `Set ${name} `,
    { timeout: 30_000 },
  );
}

describe("the browser sample built with esbuild, in Chromium against the HTTPS emulator", () => {
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = httpsEmulator;
    ({ context, page, pageErrors } = await openSample("esbuild", emulator));
  });

  afterAll(async () => {
    await context?.close();
  });

  it("starts, names the vault and lists the (empty) first page", async () => {
    expect(await page.textContent("#vault-url")).toBe(emulator.vaultUrl);
    expect(await statusOf(page)).toEqual({ text: "Listed 0 secret(s).", failed: false });
    expect(pageErrors).toEqual([]);
  });

  it("sets a secret from the form, shows it and lists it", async () => {
    await setThroughForm(page, "browser-form-secret", "value-from-the-form", "text/plain");
    const details = await detailsOf(page);
    expect(details).toMatchObject({
      name: "browser-form-secret",
      value: "value-from-the-form",
      "content-type": "text/plain",
      enabled: "true",
    });
    expect(details.version).toMatch(/^[0-9a-f]{32}$/);
    expect(await listedNames(page)).toContain("browser-form-secret");
    expect(await page.inputValue("#set-value")).toBe("");
  });

  it("sets, gets and updates a secret through the page's SecretClient", async () => {
    const result = await page.evaluate(async () => {
      const { client } = window.keyVaultSample!;
      const first = await client.setSecret("browser-update", "first value");
      const second = await client.setSecret("browser-update", "second value", { contentType: "text/plain" });
      const latest = await client.getSecret("browser-update");
      const older = await client.getSecret("browser-update", { version: first.properties.version });
      const updated = await client.updateSecretProperties("browser-update", second.properties.version!, {
        tags: { owner: "browser-test" },
        contentType: "application/json",
      });
      const afterUpdate = await client.getSecret("browser-update");
      return {
        versionsDiffer: first.properties.version !== second.properties.version,
        latestValue: latest.value,
        latestVersionIsSecond: latest.properties.version === second.properties.version,
        olderValue: older.value,
        updatedTags: updated.tags,
        updatedContentType: updated.contentType,
        updatedValue: (updated as { value?: string }).value,
        afterUpdate: { value: afterUpdate.value, tags: afterUpdate.properties.tags },
        id: latest.properties.id,
        updatedOnIsDate: afterUpdate.properties.updatedOn instanceof Date,
      };
    });
    expect(result).toEqual({
      versionsDiffer: true,
      latestValue: "second value",
      latestVersionIsSecond: true,
      olderValue: "first value",
      updatedTags: { owner: "browser-test" },
      updatedContentType: "application/json",
      updatedValue: undefined,
      afterUpdate: { value: "second value", tags: { owner: "browser-test" } },
      id: expect.stringMatching(`^${emulator.vaultUrl}/secrets/browser-update/[0-9a-f]{32}$`),
      updatedOnIsDate: true,
    });
  });

  it("lists secrets page by page, in the page's table and through byPage", async () => {
    const names = Array.from({ length: 7 }, (_, index) => `browser-paged-${index}`);
    const pages = await page.evaluate(async (toCreate) => {
      const sample = window.keyVaultSample!;
      for (const name of toCreate) await sample.client.setSecret(name, `value of ${name}`);
      const collected: { names: string[]; hasToken: boolean }[] = [];
      for await (const page of sample.client.listPropertiesOfSecrets().byPage({ maxPageSize: 4 })) {
        const token = (page as { continuationToken?: string }).continuationToken;
        collected.push({ names: page.map((properties) => properties.name), hasToken: token !== undefined });
        if (collected.length > 20) break;
      }
      return collected;
    }, names);
    const all = pages.flatMap((page) => page.names);
    expect(all).toEqual(expect.arrayContaining([...names, "browser-form-secret", "browser-update"]));
    expect(new Set(all).size).toBe(all.length);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((page) => page.names.length <= 4)).toBe(true);
    expect(pages.map((page) => page.hasToken)).toEqual(pages.map((_, index) => index < pages.length - 1));

    // The table shows five per page; "Next page" follows the continuation token.
    await page.click("#first-page");
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.includes("next page"));
    const firstTablePage = await listedNames(page);
    expect(firstTablePage).toHaveLength(5);
    await page.click("#next-page");
    await page.waitForFunction(
      (first) => document.querySelector("#secret-list td")?.textContent !== first,
      firstTablePage[0],
    );
    const secondTablePage = await listedNames(page);
    expect(secondTablePage.length).toBeGreaterThan(0);
    expect(secondTablePage.filter((name) => firstTablePage.includes(name))).toEqual([]);
  });

  it("deletes with the delete poller and recovers with the recover poller", async () => {
    const result = await page.evaluate(async () => {
      const { client, isRestError } = window.keyVaultSample!;
      await client.setSecret("browser-deleted", "kept through delete and recover");
      const deletePoller = await client.beginDeleteSecret("browser-deleted", { intervalInMs: 20 });
      const deleted = await deletePoller.pollUntilDone();
      const deletedAgain = await client.getDeletedSecret("browser-deleted");
      const whileDeleted = await client.getSecret("browser-deleted").then(
        () => "found",
        (error: unknown) => (isRestError(error) ? `${error.statusCode} ${error.code}` : String(error)),
      );
      const recoverPoller = await client.beginRecoverDeletedSecret("browser-deleted", { intervalInMs: 20 });
      const recovered = await recoverPoller.pollUntilDone();
      const afterRecover = await client.getSecret("browser-deleted");
      return {
        deleted: {
          name: deleted.name,
          done: deletePoller.isDone(),
          recoveryIdNamesIt: deleted.recoveryId?.endsWith("/deletedsecrets/browser-deleted"),
          deletedOnIsDate: deleted.properties.deletedOn instanceof Date,
          scheduledPurgeIsDate: deleted.properties.scheduledPurgeDate instanceof Date,
        },
        deletedAgainName: deletedAgain.name,
        whileDeleted,
        recovered: { name: recovered.name, done: recoverPoller.isDone() },
        afterRecoverValue: afterRecover.value,
      };
    });
    expect(result).toEqual({
      deleted: {
        name: "browser-deleted",
        done: true,
        recoveryIdNamesIt: true,
        deletedOnIsDate: true,
        scheduledPurgeIsDate: true,
      },
      deletedAgainName: "browser-deleted",
      whileDeleted: "404 SecretNotFound",
      recovered: { name: "browser-deleted", done: true },
      afterRecoverValue: "kept through delete and recover",
    });
  });

  it("backs a secret up and restores it after a purge", async () => {
    const result = await page.evaluate(async () => {
      const { client } = window.keyVaultSample!;
      const original = await client.setSecret("browser-backup", "restored from a backup", {
        tags: { kind: "backup-test" },
      });
      const backup = await client.backupSecret("browser-backup");
      await (await client.beginDeleteSecret("browser-backup", { intervalInMs: 20 })).pollUntilDone();
      await client.purgeDeletedSecret("browser-backup");
      const restored = await client.restoreSecretBackup(backup!);
      const afterRestore = await client.getSecret("browser-backup");
      return {
        backupIsBytes: backup instanceof Uint8Array && backup.length > 0,
        // A plain Uint8Array in the browser, as @azure/keyvault-secrets returns there (a Buffer under Node).
        backupClass: backup?.constructor.name,
        restoredName: restored.name,
        sameVersion: restored.version === original.properties.version,
        value: afterRestore.value,
        tags: afterRestore.properties.tags,
      };
    });
    expect(result).toEqual({
      backupIsBytes: true,
      backupClass: "Uint8Array",
      restoredName: "browser-backup",
      sameVersion: true,
      value: "restored from a backup",
      tags: { kind: "backup-test" },
    });
  });

  it("rejects a missing secret with a RestError carrying 404 and SecretNotFound", async () => {
    const failure = await page.evaluate(async () => {
      const { client, isRestError } = window.keyVaultSample!;
      try {
        await client.getSecret("browser-never-set");
        return undefined;
      } catch (error) {
        const restError = error as { name: string; statusCode?: number; code?: string; message: string };
        return {
          name: restError.name,
          statusCode: restError.statusCode,
          code: restError.code,
          isRestError: isRestError(error),
          isError: error instanceof Error,
          mentionsName: restError.message.includes("browser-never-set"),
        };
      }
    });
    expect(failure).toEqual({
      name: "RestError",
      statusCode: 404,
      code: "SecretNotFound",
      isRestError: true,
      isError: true,
      mentionsName: true,
    });

    await page.fill("#show-name", "browser-never-set");
    await page.click("#show-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("status")?.classList.contains("error"));
    expect((await statusOf(page)).text).toMatch(/^SecretNotFound \(HTTP 404\): /);
  });

  it("renders the list and a shown secret (screenshot in test-output/browser/sample.png)", async () => {
    await page.evaluate(() => window.keyVaultSample!.showPage());
    await page.fill("#show-name", "browser-update");
    await page.click("#show-form button[type=submit]");
    await page.waitForFunction(
      () => document.getElementById("status")?.textContent === "Showing browser-update.",
    );
    expect((await detailsOf(page)).name).toBe("browser-update");
    expect(await listedNames(page)).toHaveLength(5);
    await mkdir(screenshotDirectory, { recursive: true });
    const png = await page.screenshot({ path: `${screenshotDirectory}/sample.png`, fullPage: true });
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(pageErrors).toEqual([]);
  });
});

describe("the browser sample built with Vite, in Chromium against the --http emulator", () => {
  it("sets a secret from the form, then shows and lists it (allowInsecureConnection)", async () => {
    const { context, page, pageErrors } = await openSample("vite", httpEmulator);
    try {
      expect(await page.textContent("#vault-url")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The client-level allowInsecureConnection must reach every request (core's HttpClient checks it).
      expect(await statusOf(page)).toEqual({ text: "Listed 0 secret(s).", failed: false });
      await setThroughForm(page, "browser-vite-secret", "set by the Vite build");
      expect(await detailsOf(page)).toMatchObject({
        name: "browser-vite-secret",
        value: "set by the Vite build",
      });
      const shown = await page.evaluate(
        async () => (await window.keyVaultSample!.showSecret("browser-vite-secret")).value,
      );
      expect(shown).toBe("set by the Vite build");
      expect(pageErrors).toEqual([]);
      expect(await listedNames(page)).toEqual(["browser-vite-secret"]);
    } finally {
      await context.close();
    }
  });
});

describe("the browser sample on an origin the emulator does not allow", () => {
  it("cannot reach the vault, and says so in the status line", async () => {
    const { context, page } = await openSample("esbuild", httpEmulator, otherOriginServer.origin);
    try {
      const status = await statusOf(page);
      expect(status.failed).toBe(true);
      expect(status.text).toMatch(/Failed to fetch/);
      expect(await listedNames(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
