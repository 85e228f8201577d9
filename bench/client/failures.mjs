// `npm run bench:failures`: how a new user's failure cases end, for our client (dist/cjs) and for
// @azure/keyvault-secrets 4.12.0, side by side: the time until the call settles and the message it rejects
// with. Every case runs against a real local socket and is bounded in time (`--wait=<s>`, default 10 s: a
// call still pending then is reported as "still waiting").
//
// Cases: a host that accepts TCP and never answers (default options, `requestOptions.timeout: 2000`,
// `AbortSignal.timeout(2000)`), a name that does not resolve, a refused port, an untrusted certificate (the
// emulator's CA not trusted), and HTTPS_PROXY set with the vault on 127.0.0.1.
import { once } from "node:events";
import { createRequire } from "node:module";
import * as net from "node:net";
import { performance } from "node:perf_hooks";
import { clearTimeout, setTimeout } from "node:timers";

const require = createRequire(import.meta.url);
const ours = require("../../dist/cjs/index.js");
const { startEmulator } = require("../../dist/cjs/emulator/index.js");
const official = require("@azure/keyvault-secrets");

const waitArgument = process.argv.find((argument) => argument.startsWith("--wait="));
const waitMs = (waitArgument ? Number(waitArgument.slice("--wait=".length)) : 10) * 1000;

/** A credential that hands out a fixed token: none of these cases get as far as using it. */
const credential = {
  getToken: async () => ({ token: "not-a-real-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const clients = {
  ours: (url, options = {}) => new ours.SecretClient(url, credential, options),
  official: (url, options = {}) =>
    new official.SecretClient(url, credential, { disableChallengeResourceVerification: true, ...options }),
};

/** Runs `call` and reports how it settled, or that it is still pending after `waitMs`. */
async function outcome(call) {
  const started = performance.now();
  let timer;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ pending: true }), waitMs);
  });
  const settled = call().then(
    () => ({ message: "resolved" }),
    (error) => ({ message: `${error?.name}${error?.code ? ` [${error.code}]` : ""}: ${error?.message}` }),
  );
  const result = await Promise.race([settled, pending]);
  clearTimeout(timer);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  return result.pending ? `still waiting after ${seconds} s` : `${seconds} s — ${result.message}`;
}

/** A TCP server that accepts connections and never writes a byte. */
async function startSilentServer() {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** A port nothing listens on: bound once, then released. */
async function refusedUrl() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `https://127.0.0.1:${port}`;
}

/** A minimal HTTP proxy that records the CONNECT targets it is asked for and refuses them. */
async function startRecordingProxy() {
  const targets = [];
  const server = net.createServer((socket) => {
    socket.once("data", (chunk) => {
      targets.push(chunk.toString("latin1").split("\r\n")[0]);
      socket.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${server.address().port}`, targets, close: () => server.close() };
}

async function main() {
  const silent = await startSilentServer();
  const refused = await refusedUrl();
  const emulator = await startEmulator({});
  const proxy = await startRecordingProxy();
  const cases = [
    ["6 never answers, default options", (make) => make(silent.url).getSecret("s")],
    [
      "7 requestOptions.timeout: 2000",
      (make) => make(silent.url).getSecret("s", { requestOptions: { timeout: 2000 } }),
    ],
    [
      "7 AbortSignal.timeout(2000)",
      (make) => make(silent.url).getSecret("s", { abortSignal: globalThis.AbortSignal.timeout(2000) }),
    ],
    ["8 name does not resolve", (make) => make("https://kvsc-no-such-vault.vault.azure.net").getSecret("s")],
    ["8 connection refused", (make) => make(refused).getSecret("s")],
    ["9 untrusted certificate", (make) => make(emulator.vaultUrl).getSecret("s")],
  ];
  try {
    for (const [label, call] of cases) {
      for (const [name, make] of Object.entries(clients)) {
        console.log(`${label.padEnd(36)} ${name.padEnd(8)} ${await outcome(() => call(make))}`);
      }
    }
    // HTTPS_PROXY is read when a client is built (and NO_PROXY once per process), so set it just for these.
    process.env.HTTPS_PROXY = proxy.url;
    for (const [name, make] of Object.entries(clients)) {
      const before = proxy.targets.length;
      const result = await outcome(() => make(silent.url).getSecret("s"));
      const viaProxy = proxy.targets.slice(before);
      console.log(
        `${"10 HTTPS_PROXY set, vault 127.0.0.1".padEnd(36)} ${name.padEnd(8)} ` +
          `${viaProxy.length ? `sent to the proxy (${viaProxy[0]})` : "not sent to the proxy"}; ${result}`,
      );
    }
  } finally {
    delete process.env.HTTPS_PROXY;
    silent.close();
    proxy.close();
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
