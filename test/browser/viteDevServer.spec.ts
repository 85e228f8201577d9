// The Vite dev server of the sample (samples/browser/vite.config.mts) stands in for an app's backend: it
// answers config.json and /token from the variables keyvault-emulator prints, so the page works in Chromium
// against an emulator it never holds a credential for.
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index";
import type {} from "../../samples/browser/main";
import { launchChromium } from "../helpers/browser";

const configFile = fileURLToPath(new URL("../../samples/browser/vite.config.mts", import.meta.url));
const variables = ["KEYVAULT_URI", "IDENTITY_ENDPOINT", "IDENTITY_HEADER"] as const;

let devServer: ViteDevServer;
let emulator: RunningEmulator;
let browser: Browser;
let origin: string;
const savedEnvironment: Partial<Record<string, string>> = {};

beforeAll(async () => {
  devServer = await createServer({
    configFile,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  await devServer.listen();
  const { port } = devServer.httpServer!.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  emulator = await startEmulator({ http: true, cors: origin });
  for (const name of variables) {
    savedEnvironment[name] = process.env[name];
    process.env[name] = emulator.env[name];
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const name of variables) {
    if (savedEnvironment[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnvironment[name];
  }
  await browser?.close();
  await devServer?.close();
  await emulator?.stop();
});

describe("the sample on the Vite dev server", () => {
  it("answers config.json with the emulator's vault URL", async () => {
    const response = await fetch(`${origin}/config.json`);
    expect(await response.json()).toEqual({ vaultUrl: emulator.vaultUrl, tokenUrl: "/token" });
  });

  it("hands out emulator tokens for the vault's scope", async () => {
    const response = await fetch(
      `${origin}/token?scope=${encodeURIComponent(`${emulator.vaultUrl}/.default`)}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; expiresOnTimestamp: number };
    expect(body.token.split(".")).toHaveLength(3);
    expect(body.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });

  it("sets and shows a secret from the page, configured by config.json", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
      expect(await page.textContent("#vault-url")).toBe(emulator.vaultUrl);
      const value = await page.evaluate(async () => {
        const sample = window.keyVaultSample!;
        await sample.setSecret("dev-server-secret", "set through the dev server");
        return (await sample.showSecret("dev-server-secret")).value;
      });
      expect(value).toBe("set through the dev server");
      expect(await page.textContent("#status")).toBe("Showing dev-server-secret.");
    } finally {
      await page.close();
    }
  });
});
