// SecretCache runs in a real browser: bundled for the browser platform, it loads values through a client,
// answers hits from memory, coalesces concurrent misses and applies an Event Grid event.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, serveFiles, type StaticServer } from "../helpers/browser";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: `import { SecretCache } from ${JSON.stringify(entry)}; window.SecretCache = SecretCache;`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    // As the package's browser build: every `-browser` twin in place of its Node file.
    plugins: [esbuildBrowserVariants()],
    format: "iife",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  server = await serveFiles({
    "/": { type: "text/html", body: `<!doctype html><title>cache</title><script src="/cache.js"></script>` },
    "/cache.js": { type: "text/javascript", body: result.outputFiles[0]!.text },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("SecretCache in Chromium", () => {
  it("caches, coalesces and follows a rotation event", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.origin + "/");
    const result = await page.evaluate(async () => {
      type Cache = typeof import("../../src/index").SecretCache;
      const SecretCache = (window as unknown as { SecretCache: Cache }).SecretCache;
      let version = 1;
      let requests = 0;
      // A stand-in client: the browser has no emulator; the cache only needs vaultUrl and getSecret.
      const client = {
        vaultUrl: "https://my-vault.vault.azure.net",
        async getSecret(name: string) {
          requests++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return {
            name,
            value: `value-${version}`,
            properties: { name, version: `v${version}`, vaultUrl: "" },
          };
        },
      } as unknown as ConstructorParameters<Cache>[0];
      const cache = new SecretCache(client);
      const first = await Promise.all([cache.get("db"), cache.get("db"), cache.get("db")]);
      const hit = await cache.get("db");
      version = 2;
      await cache.handleEvent({
        eventType: "Microsoft.KeyVault.SecretNewVersionCreated",
        data: { Id: "https://my-vault.vault.azure.net/secrets/db/v2", ObjectName: "db", Version: "v2" },
      });
      const rotated = await cache.get("db");
      cache.dispose();
      return { first, hit, rotated, requests };
    });
    expect(errors).toEqual([]);
    expect(result).toEqual({
      first: ["value-1", "value-1", "value-1"],
      hit: "value-1",
      rotated: "value-2",
      requests: 2,
    });
    await page.close();
  });
});
