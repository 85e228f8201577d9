// The "." entry, bundled for the browser by esbuild, loads in real Chromium with no Node built-ins or polyfills.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, serveFiles, type StaticServer } from "../helpers/browser";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

let browser: Browser;
let server: StaticServer;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: `import * as pkg from ${JSON.stringify(entry)}; window.kvsc = pkg;`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  bundle = result.outputFiles[0].text;
  server = await serveFiles({
    "/": { type: "text/html", body: `<!doctype html><title>kvsc</title><script src="/bundle.js"></script>` },
    "/bundle.js": { type: "text/javascript", body: bundle },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the browser bundle", () => {
  it("contains no Node built-in", () => {
    expect(bundle).not.toMatch(
      /require\(["'](node:)?(https?|fs|net|tls|crypto|os|path|child_process|util|buffer)["']\)/,
    );
    expect(bundle).not.toMatch(/["']node:[a-z_]+["']/);
  });

  it("loads in Chromium and exposes the package's exports", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.origin + "/");
    const exported = await page.evaluate(() => Object.keys((window as unknown as { kvsc: object }).kvsc));
    expect(errors).toEqual([]);
    expect(exported).toContain("SDK_VERSION");
    await page.close();
  });
});
