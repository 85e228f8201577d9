// A browser app against a vault that behaves like Azure's: the emulator over HTTPS, without CORS, with a
// named vault and challenge verification on. The page reaches it only through the gateway on its own
// origin, and the gateway holds the managed identity. Real Chromium.
import { fileURLToPath } from "node:url";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index";
import { createSecretsGateway, type GatewayAuditEvent } from "../../src/gateway/index";
import { toConnectMiddleware } from "../../src/gateway/node";
import { SecretClient } from "../../src/index";
import type {} from "./fixtures/gatewayPage/main";
import { launchChromium } from "../helpers/browser";

const fixture = fileURLToPath(new URL("./fixtures/gatewayPage/main.ts", import.meta.url));
const packageSource = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const SECRET_VALUE = "gateway-page-must-not-log-this-51d0";
const SERVER_ONLY_VALUE = "server-only-value-must-not-leak-77ab";

let browser: Browser;
let emulator: RunningEmulator;
let upstream: SecretClient;
let app: { server: Server; origin: string };
let other: { server: Server; origin: string };
const issuedTokens: string[] = [];
const audit: GatewayAuditEvent[] = [];

/** The gateway's managed identity: tokens from the emulator's identity endpoint, as on App Service. */
const managedIdentity: TokenCredential = {
  async getToken(scopes): Promise<AccessToken> {
    const url = new URL(emulator.identityEndpoint);
    url.searchParams.set("api-version", "2019-08-01");
    url.searchParams.set("resource", [scopes].flat()[0]!.replace(/\/\.default$/, ""));
    const response = await fetch(url, { headers: { "x-identity-header": emulator.identityHeader } });
    const body = (await response.json()) as { access_token: string; expires_on: string };
    issuedTokens.push(body.access_token);
    return { token: body.access_token, expiresOnTimestamp: Number(body.expires_on) * 1000 };
  },
};

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler!);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

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
  const script = bundle.outputFiles[0].text;
  emulator = await startEmulator({ vaults: ["appvault"] });
  upstream = new SecretClient(emulator.vaultUrl, managedIdentity, emulator.clientOptions);
  await upstream.setSecret("app-greeting", "hello from the vault");
  await upstream.setSecret("server-only", SERVER_ONLY_VALUE);
  const gateway = createSecretsGateway({
    client: upstream,
    basePath: "/kv",
    allow: {
      operations: ["getSecret", "setSecret", "listPropertiesOfSecrets", "beginDeleteSecret"],
      names: /^app-/,
    },
    // The toy session: the page's own server set the cookie.
    authorize: ({ request }) =>
      /(?:^|; )session=tester(?:;|$)/.test(request.headers.get("cookie") ?? "")
        ? { callerKey: "tester" }
        : false,
    onAudit: (event) => audit.push(event),
  });
  const middleware = toConnectMiddleware(gateway, { basePath: "/kv" });
  const page = (body: string) =>
    `<!doctype html><title>gateway</title><script type="module">${body}</script>`;
  app = await listen((request, response) =>
    middleware(request, response, () => {
      if (request.url === "/main.js") {
        response.writeHead(200, { "content-type": "text/javascript" }).end(script);
        return;
      }
      response
        .writeHead(200, { "content-type": "text/html", "set-cookie": "session=tester; Path=/; SameSite=Lax" })
        .end(page('import "/main.js";'));
    }),
  );
  // Another origin (another port: same site, so the session cookie still goes along) with the same script.
  other = await listen((request, response) => {
    if (request.url === "/main.js") {
      response.writeHead(200, { "content-type": "text/javascript" }).end(script);
      return;
    }
    response.writeHead(200, { "content-type": "text/html" }).end(page('import "/main.js";'));
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await close(app?.server);
  await close(other?.server);
  await emulator?.stop();
});

describe("a page through the gateway, against a vault without CORS", () => {
  it("reads, writes, lists and deletes; gets 403 RestErrors for a refused name or operation; logs no value or token", async () => {
    const page = await browser.newPage();
    const consoleLines: string[] = [];
    page.on("console", (message) => consoleLines.push(message.text()));
    try {
      await page.goto(`${app.origin}/`);
      const result = await page.evaluate((value) => window.runThroughGateway(value), SECRET_VALUE);
      expect(result).toEqual({
        read: "hello from the vault",
        written: SECRET_VALUE,
        listed: ["app-greeting", "app-written"],
        deletedName: "app-written",
        refusals: [
          { isRestError: true, statusCode: 403, code: "Forbidden" },
          { isRestError: true, statusCode: 403, code: "Forbidden" },
        ],
        tokenRequests: 0,
      });
      const logged = consoleLines.join("\n");
      expect(logged).toContain("/kv/secrets/app-greeting"); // verbose logging is really on
      for (const secret of [SECRET_VALUE, SERVER_ONLY_VALUE, "hello from the vault"])
        expect(logged).not.toContain(secret);
      expect(issuedTokens.length).toBeGreaterThan(0);
      for (const token of issuedTokens) expect(logged).not.toContain(token.split(".")[2]);
    } finally {
      await page.close();
    }
  });

  it("cannot be written to by a page from another origin", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${app.origin}/`); // the browser now holds the session cookie
      await page.goto(`${other.origin}/`);
      audit.length = 0;
      emulator.journal.clear();
      const results = await page.evaluate((url) => window.writeFromAnotherOrigin(url), `${app.origin}/kv`);
      expect(results).toEqual(["PUT rejected", "POST opaque 0", "DELETE rejected"]);
      expect((await upstream.getSecret("app-greeting")).value).toBe("hello from the vault");
      // What reached the gateway (the preflights, the form-like POST) was refused there, and no write reached
      // the vault.
      expect(audit.length).toBeGreaterThan(0);
      for (const event of audit) expect(event.decision).not.toBe("forwarded");
      expect(emulator.journal.entries().filter((entry) => entry.method !== "GET")).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
