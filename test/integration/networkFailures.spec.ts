// A new user's network failures, each on a real local socket, end in bounded time with a message that says
// what happened and what to do: a host that never answers, a call's own timeout, a name that does not
// resolve, a refused port, an untrusted certificate, and a proxy from the environment with a loopback vault.
// Every wait is bounded by the client's options, never by sleeping.
import { once } from "node:events";
import * as https from "node:https";
import * as net from "node:net";
import { createDefaultHttpClient } from "@azure/core-rest-pipeline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { SecretClient, type SecretClientOptions } from "../../src/index.js";

const credential = {
  getToken: async () => ({ token: "unused", expiresOnTimestamp: Date.now() + 3_600_000 }),
};
// Short back-offs, so retried failures stay fast; the bounds below include them.
const quickRetries = { retryDelayInMs: 10, maxRetryDelayInMs: 20 };

/** Runs `call` and returns its rejection and how long it took to arrive. */
async function failure(call: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = performance.now();
  const error = await call().then(
    () => new Error("expected the call to fail"),
    (caught: Error) => caught,
  );
  return { error, ms: performance.now() - started };
}

/** A TCP server that accepts connections and never writes a byte; counts the connections. */
async function startSilentServer() {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** A minimal HTTP proxy that records the CONNECT requests it gets and tunnels them. */
async function startRecordingProxy() {
  const connects: string[] = [];
  const server = net.createServer((client) => {
    client.once("data", (head) => {
      const [, target] = head.toString("latin1").split("\r\n")[0].split(" ");
      connects.push(target);
      const [host, port] = [
        target.slice(0, target.lastIndexOf(":")),
        target.slice(target.lastIndexOf(":") + 1),
      ];
      const upstream = net.connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connects,
    close: () => server.close(),
  };
}

describe("a host that accepts the connection and never answers", () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(() => silent.close());

  it("gives up each try after retryOptions.tryTimeoutInMs, retries it, and says how to change it", async () => {
    const before = silent.connections();
    const client = new SecretClient(silent.url, credential, {
      retryOptions: { ...quickRetries, maxRetries: 2, tryTimeoutInMs: 200 },
    });
    const { error, ms } = await failure(() => client.getSecret("s"));
    expect(error).toMatchObject({ name: "RestError", code: "ETIMEDOUT" });
    expect(error.message).toBe(
      `No response from ${silent.url}: timed out after 0.2 s, the per-try timeout (retried). ` +
        `Change it with retryOptions.tryTimeoutInMs (0 = off) or requestOptions.timeout.`,
    );
    expect(silent.connections() - before).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(3 * 200 - 20);
    expect(ms).toBeLessThan(3_000);
  });

  it("bounds the tries the same through a custom httpClient (core's own), which enforces request.timeout", async () => {
    const before = silent.connections();
    const client = new SecretClient(silent.url, credential, {
      httpClient: createDefaultHttpClient(),
      retryOptions: { ...quickRetries, maxRetries: 1, tryTimeoutInMs: 200 },
    });
    const { error, ms } = await failure(() => client.getSecret("s"));
    expect(error).toMatchObject({ name: "RestError", code: "ETIMEDOUT" });
    expect(error.message).toContain("timed out after 0.2 s, the per-try timeout (retried)");
    expect(silent.connections() - before).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(2 * 200 - 20);
    expect(ms).toBeLessThan(3_000);
  });

  it("with requestOptions.timeout, rejects once with an AbortError saying it timed out and after how long", async () => {
    const before = silent.connections();
    const client = new SecretClient(silent.url, credential, { retryOptions: quickRetries });
    const { error, ms } = await failure(() => client.getSecret("s", { requestOptions: { timeout: 300 } }));
    expect(error.name).toBe("AbortError");
    expect(error.message).toBe(
      `No response from ${silent.url}: timed out after 0.3 s (requestOptions.timeout: 300, not retried).`,
    );
    expect(silent.connections() - before).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(2_000);
  });

  it("with AbortSignal.timeout, rejects with an AbortError saying its signal timed out and after how long", async () => {
    const client = new SecretClient(silent.url, credential, { retryOptions: quickRetries });
    const { error, ms } = await failure(() =>
      client.getSecret("s", { abortSignal: AbortSignal.timeout(300) }),
    );
    expect(error.name).toBe("AbortError");
    expect(error.message).toMatch(
      /^No response from https:\/\/127\.0\.0\.1:\d+: timed out after 0\.[3-9] s \(abortSignal: TimeoutError\)\.$/,
    );
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(2_000);
  });
});

describe("a vault host that does not resolve", () => {
  it("fails at the first lookup, without retrying, and says to check the vault URL / name", async () => {
    const lookups: string[] = [];
    // The name resolution of every connection goes through this lookup, which answers as DNS does for a
    // name that does not exist.
    const lookup = (hostname: string, _options: unknown, callback: (error: Error) => void): void => {
      lookups.push(hostname);
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: "ENOTFOUND",
        syscall: "getaddrinfo",
        hostname,
      });
      process.nextTick(() => callback(error));
    };
    const agent = new https.Agent({ lookup } as https.AgentOptions);
    const client = new SecretClient("https://no-such-vault.vault.azure.net", credential, {
      agent,
      retryOptions: quickRetries,
    });
    const { error, ms } = await failure(() => client.getSecret("s"));
    agent.destroy();
    expect(error).toMatchObject({ name: "RestError", code: "ENOTFOUND" });
    expect(error.message).toContain("getaddrinfo ENOTFOUND no-such-vault.vault.azure.net");
    expect(error.message).toContain(
      "The host of https://no-such-vault.vault.azure.net does not resolve: check the vault URL / name",
    );
    expect(lookups).toEqual(["no-such-vault.vault.azure.net"]);
    expect(ms).toBeLessThan(1_000);
  });
});

describe("a port nothing listens on", () => {
  it("names the URL it could not reach", async () => {
    const server = net.createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const client = new SecretClient(url, credential, { retryOptions: quickRetries });
    const { error, ms } = await failure(() => client.getSecret("s"));
    expect(error).toMatchObject({ name: "RestError", code: "ECONNREFUSED" });
    expect(error.message).toMatch(
      new RegExp(`Nothing accepted the connection to ${url} \\(refused, \\d+\\.?\\d* s with retries\\)`),
    );
    expect(ms).toBeLessThan(2_000);
  });
});

describe("TLS and proxies against the HTTPS emulator", () => {
  let emulator: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  const savedEnvironment = { ...process.env };
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    proxy = await startRecordingProxy();
  });
  afterEach(() => {
    for (const name of ["HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"]) {
      if (savedEnvironment[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnvironment[name];
    }
  });
  afterAll(async () => {
    proxy?.close();
    await emulator?.stop();
  });

  it("says what to do about an untrusted certificate, at once and without retries", async () => {
    const client = new SecretClient(emulator.vaultUrl, emulator.credential);
    const before = emulator.journal.entries().length;
    const { error, ms } = await failure(() => client.getSecret("s"));
    expect(error.name).toBe("RestError");
    expect((error as { code?: string }).code).toMatch(
      /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    );
    expect(error.message).toContain(`Node does not trust the TLS certificate of ${emulator.vaultUrl}.`);
    expect(error.message).toContain("NODE_EXTRA_CA_CERTS=<the CA file the emulator prints>");
    expect(error.message).toContain("add your organization's root CA to NODE_EXTRA_CA_CERTS");
    expect(emulator.journal.entries().length).toBe(before);
    expect(ms).toBeLessThan(1_000);
  });

  /** A client built while `variables` are set (the proxy environment is read at construction). */
  function clientWith(variables: Record<string, string>, options: SecretClientOptions = {}): SecretClient {
    Object.assign(process.env, variables);
    return new SecretClient(emulator.vaultUrl, emulator.credential, {
      ...emulator.clientOptions,
      ...options,
    });
  }

  it("sends loopback traffic around a proxy that comes from HTTPS_PROXY", async () => {
    const client = clientWith({ HTTPS_PROXY: proxy.url });
    await client.setSecret("direct", "v");
    expect((await client.getSecret("direct")).value).toBe("v");
    expect(proxy.connects).toEqual([]);
  });

  it("still honours NO_PROXY, and still sends other hosts to the HTTPS_PROXY proxy", async () => {
    const client = clientWith(
      { HTTPS_PROXY: proxy.url, NO_PROXY: "other.example" },
      { retryOptions: { ...quickRetries, maxRetries: 0 } },
    );
    await client.setSecret("direct-too", "v");
    expect(proxy.connects).toEqual([]);
    const elsewhere = new SecretClient("https://remote.vault.azure.net", credential, {
      retryOptions: { ...quickRetries, maxRetries: 0 },
    });
    // The proxy tunnels to a name that does not resolve here: all that matters is that it was asked.
    await elsewhere.getSecret("s").catch(() => undefined);
    expect(proxy.connects).toEqual(["remote.vault.azure.net:443"]);
    proxy.connects.length = 0;
  });

  it("sends loopback traffic through a proxy given in proxyOptions (an explicit choice, e.g. a debugging proxy)", async () => {
    const { port } = new URL(proxy.url);
    const client = clientWith(
      {},
      { proxyOptions: { host: "http://127.0.0.1", port: Number(port) }, retryOptions: { maxRetries: 0 } },
    );
    expect((await client.setSecret("proxied", "v")).value).toBe("v");
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(new Set(proxy.connects)).toEqual(new Set([new URL(emulator.vaultUrl).host]));
    proxy.connects.length = 0;
  });
});
