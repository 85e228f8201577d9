// With @azure/logger at verbose in a real browser, the console shows requests and responses but never a
// secret value, a backup blob or a bearer token.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index";
import type {} from "./fixtures/verboseLoggingPage/main";
import { launchChromium, serveFiles, type StaticServer } from "../helpers/browser";

const fixture = fileURLToPath(new URL("./fixtures/verboseLoggingPage/main.ts", import.meta.url));
const packageSource = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const SECRET_VALUE = "verbose-logging-must-not-show-this-7f3c9a";

let browser: Browser;
let server: StaticServer;
let emulator: RunningEmulator;
const issuedTokens: string[] = [];

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fixture],
    alias: { "keyvault-secrets-client": packageSource },
    plugins: [esbuildBrowserVariants()],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  server = await serveFiles(
    {
      "/": {
        type: "text/html",
        body: `<!doctype html><title>verbose</title><script type="module" src="/main.js"></script>`,
      },
      "/main.js": { type: "text/javascript", body: bundle.outputFiles[0].text },
    },
    {
      "/token": async (url) => {
        const token = await emulator.credential.getToken(url.searchParams.getAll("scope"));
        issuedTokens.push(token!.token);
        return {
          type: "application/json",
          body: JSON.stringify({ token: token!.token, expiresOnTimestamp: token!.expiresOnTimestamp }),
        };
      },
    },
  );
  emulator = await startEmulator({ http: true, cors: server.origin });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
  await server?.close();
});

describe("verbose logging in the browser", () => {
  it("logs the calls without the secret value, the backup blob or the token", async () => {
    const page = await browser.newPage();
    const consoleLines: string[] = [];
    page.on("console", (message) => consoleLines.push(message.text()));
    try {
      await page.goto(`${server.origin}/`);
      const result = await page.evaluate(([vaultUrl, value]) => window.runVerbose(vaultUrl, value), [
        emulator.vaultUrl,
        SECRET_VALUE,
      ] as const);
      expect(result.errorCode).toBe("SecretNotFound");
      const logged = consoleLines.join("\n");
      // The log is really on: requests to the vault were written out.
      expect(logged).toMatch(/keyvault-secrets/);
      expect(logged).toContain("/secrets/verbose-logged");
      expect(issuedTokens.length).toBeGreaterThan(0);
      expect(logged).not.toContain(SECRET_VALUE);
      expect(logged).not.toContain(result.backupWireText.slice(-40));
      for (const token of issuedTokens) expect(logged).not.toContain(token.split(".")[2]);
    } finally {
      await page.close();
    }
  });
});
