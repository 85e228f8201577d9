// The "." entry, bundled for the browser by esbuild, loads in real Chromium with no Node built-ins or
// polyfills, takes core-rest-pipeline's browser build (fetch-based HttpClient) and, through the same
// browser mapping as the package's dist/browser, none of core's Node-only policies.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, serveFiles, type StaticServer } from "../helpers/browser";
import { findNodeOnlyReferences } from "../helpers/nodeBuiltins";

const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

let browser: Browser;
let server: StaticServer;
let bundle: string;
let metafile: Metafile;
let warnings: string[];

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
    metafile: true,
    logLevel: "silent",
    plugins: [esbuildBrowserVariants()],
  });
  bundle = result.outputFiles[0].text;
  metafile = result.metafile;
  warnings = result.warnings.map((warning) => warning.text);
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

describe("the browser bundle of the main entry", () => {
  it("builds without warnings", () => {
    expect(warnings).toEqual([]);
  });

  it("contains no Node built-in and no Buffer", () => {
    // Dependencies' browser builds may read process.env behind a typeof guard; modules and Buffer never.
    expect(findNodeOnlyReferences(bundle).filter((reference) => !reference.startsWith("process."))).toEqual(
      [],
    );
  });

  it("takes every dependency from its browser build, with the fetch-based HttpClient", () => {
    const dependencies = Object.keys(metafile.inputs).filter((path) => path.includes("node_modules/"));
    expect(dependencies.filter((path) => !path.includes("/dist/browser/"))).toEqual([]);
    expect(dependencies.some((path) => path.endsWith("/fetchHttpClient.js"))).toBe(true);
    expect(dependencies.filter((path) => /nodeHttpClient/.test(path))).toEqual([]);
  });

  it("builds the pipeline from its browser variant, without core's Node-only policies", () => {
    // Modules whose code is in the bundle (the metafile also lists parsed modules tree-shaking dropped).
    const inputs = Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    expect(inputs.filter((path) => path.endsWith("src/http/pipeline-browser.ts"))).toHaveLength(1);
    expect(inputs.filter((path) => path.endsWith("src/http/pipeline.ts"))).toEqual([]);
    // (multipartPolicy.js is left out: core's pipeline orders policies by its name, a 92-byte constant.)
    const nodeOnly =
      /\/(proxyPolicy|tlsPolicy|agentPolicy|redirectPolicy|decompressResponsePolicy|formDataPolicy|createPipelineFromOptions)\.js$/;
    expect(inputs.filter((path) => nodeOnly.test(path))).toEqual([]);
  });

  it("never includes the Node-only emulator", () => {
    expect(Object.keys(metafile.inputs).filter((path) => path.includes("src/emulator/"))).toEqual([]);
  });

  it("loads in Chromium and exposes the package's exports", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.origin + "/");
    const exported = await page.evaluate(() => Object.keys((window as unknown as { kvsc: object }).kvsc));
    expect(errors).toEqual([]);
    expect(exported).toEqual(
      expect.arrayContaining(["SecretClient", "RestError", "isRestError", "parseKeyVaultSecretIdentifier"]),
    );
    await page.close();
  });

  it("constructs a SecretClient and parses identifiers in Chromium", async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    const result = await page.evaluate(() => {
      type Package = typeof import("../../src/index");
      const kvsc = (window as unknown as { kvsc: Package }).kvsc;
      const credential = { getToken: async () => ({ token: "unused", expiresOnTimestamp: 0 }) };
      const client = new kvsc.SecretClient("https://my-vault.vault.azure.net", credential);
      const parsed = kvsc.parseKeyVaultSecretIdentifier(
        "https://my-vault.vault.azure.net/secrets/name/abc123",
      );
      return { vaultUrl: client.vaultUrl, name: parsed.name, version: parsed.version };
    });
    expect(result).toEqual({ vaultUrl: "https://my-vault.vault.azure.net", name: "name", version: "abc123" });
    await page.close();
  });
});

describe("the package's browser export", () => {
  it("points bundlers at the browser build of the main entry (one bundle with the browser variants mapped in)", () => {
    expect(packageJson.exports["."].browser).toEqual({
      types: "./dist/browser/index.d.ts",
      default: "./dist/browser/index.js",
    });
    expect(packageJson.sideEffects).toBe(false);
  });
});
