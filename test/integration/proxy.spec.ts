// Proxies, through a local forward proxy: the proxy from `proxyOptions` and from HTTPS_PROXY / HTTP_PROXY /
// ALL_PROXY (read when the client is built), over HTTPS (a CONNECT tunnel, TLS options still applied) and
// over HTTP (absolute-form requests).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { SecretClient } from "../../src/index.js";
import { startTestProxy, type TestProxy } from "../helpers/proxyServer.js";

const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap((name) => [
  name,
  name.toLowerCase(),
]);
const savedEnvironment = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

// A proxy from the environment never gets loopback traffic (see loopbackProxyBypass.ts), so those tests
// address the emulators by a name that is not loopback, which only the test proxy resolves (to 127.0.0.1).
const PROXIED_HOST = "vault.proxied.test";

let httpsEmulator: RunningEmulator;
let httpEmulator: RunningEmulator;
let proxy: TestProxy;

beforeAll(async () => {
  [httpsEmulator, httpEmulator, proxy] = await Promise.all([
    startEmulator({ port: 0, certNames: [PROXIED_HOST] }),
    startEmulator({ port: 0, http: true }),
    startTestProxy({ [PROXIED_HOST]: "127.0.0.1" }),
  ]);
});

/** The emulator's URL with its host replaced by the name only the proxy resolves. */
function proxiedUrl(emulator: RunningEmulator): string {
  const url = new URL(emulator.vaultUrl);
  url.hostname = PROXIED_HOST;
  return url.origin;
}
afterAll(async () => {
  await Promise.all([httpsEmulator?.stop(), httpEmulator?.stop(), proxy?.close()]);
});
afterEach(() => {
  for (const name of PROXY_VARIABLES) {
    if (savedEnvironment[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnvironment[name];
  }
  proxy.handled.length = 0;
});

function clearProxyVariables(): void {
  for (const name of PROXY_VARIABLES) delete process.env[name];
}

describe("a proxy from proxyOptions", () => {
  it("tunnels HTTPS through CONNECT with the proxy credentials, keeping the TLS options", async () => {
    clearProxyVariables();
    const client = new SecretClient(httpsEmulator.vaultUrl, httpsEmulator.credential, {
      ...httpsEmulator.clientOptions,
      proxyOptions: { host: "http://127.0.0.1", port: proxy.port, username: "proxy-user", password: "pa55" },
    });
    await client.setSecret("via-proxy", "tunnelled");
    expect((await client.getSecret("via-proxy")).value).toBe("tunnelled");
    const vaultHost = new URL(httpsEmulator.vaultUrl).host;
    expect(proxy.handled.length).toBeGreaterThan(0);
    for (const handled of proxy.handled) {
      expect(handled).toEqual({
        method: "CONNECT",
        target: vaultHost,
        proxyAuthorization: `Basic ${Buffer.from("proxy-user:pa55").toString("base64")}`,
      });
    }
  });

  it("sends plain HTTP requests to the proxy in absolute form", async () => {
    clearProxyVariables();
    const client = new SecretClient(httpEmulator.vaultUrl, httpEmulator.credential, {
      ...httpEmulator.clientOptions,
      proxyOptions: { host: "http://127.0.0.1", port: proxy.port },
    });
    await client.setSecret("via-http-proxy", "forwarded");
    expect((await client.getSecret("via-http-proxy")).value).toBe("forwarded");
    expect(proxy.handled.map((handled) => handled.method)).toEqual(["PUT", "PUT", "GET"]);
    expect(proxy.handled.at(-1)!.target).toBe(
      `${httpEmulator.vaultUrl}/secrets/via-http-proxy/?api-version=2026-04-01`,
    );
  });
});

describe("a proxy from the environment", () => {
  it.each(["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])(
    "uses %s as it was when the client was built",
    async (variable) => {
      clearProxyVariables();
      process.env[variable] = proxy.url;
      const client = new SecretClient(
        proxiedUrl(httpsEmulator),
        httpsEmulator.credential,
        httpsEmulator.clientOptions,
      );
      delete process.env[variable];
      await client.setSecret("env-proxy", variable);
      expect((await client.getSecret("env-proxy")).value).toBe(variable);
      expect(proxy.handled.length).toBeGreaterThan(0);
      expect(proxy.handled.every((handled) => handled.method === "CONNECT")).toBe(true);
    },
  );

  it("uses HTTP_PROXY for an http vault", async () => {
    clearProxyVariables();
    process.env.HTTP_PROXY = proxy.url;
    const client = new SecretClient(
      proxiedUrl(httpEmulator),
      httpEmulator.credential,
      httpEmulator.clientOptions,
    );
    await client.setSecret("env-http-proxy", "v");
    expect(proxy.handled.map((handled) => handled.method)).toEqual(["PUT", "PUT"]);
  });

  it("goes direct when no proxy variable was set at construction, even if one is set later", async () => {
    clearProxyVariables();
    const client = new SecretClient(
      proxiedUrl(httpsEmulator),
      httpsEmulator.credential,
      httpsEmulator.clientOptions,
    );
    process.env.HTTPS_PROXY = proxy.url;
    // Direct, the name does not resolve (only the proxy knows it): failing on it shows the proxy was not used.
    await expect(client.setSecret("direct", "v")).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect(proxy.handled).toEqual([]);
  });
});
