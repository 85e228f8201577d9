// The two kinds of server the contenders talk to, each in its own process:
// - the canned server (bench/client/cannedServer.mjs): fixed answers, so the figures are the client's cost;
// - the emulator over plain HTTP (dist/cjs/emulator/cli.js --http): the end-to-end figures.
import { Buffer } from "node:buffer";
import { Agent, request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { startServer } from "./processes.mjs";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const CANNED_TOKEN = "bench-token";

/** Starts a canned server whose `GET /secrets` lists `listSize` secrets. */
export async function startCannedTarget(listSize) {
  const { variables } = await startServer(
    [
      fileURLToPath(new URL("./cannedServer.mjs", import.meta.url)),
      "--list-size",
      String(listSize),
      "--token",
      CANNED_TOKEN,
    ],
    "CANNED_URI",
  );
  return { vaultUrl: variables.CANNED_URI, token: CANNED_TOKEN };
}

/**
 * Starts the emulator CLI over HTTP and gets one token from its managed-identity endpoint (the token is minted
 * and signed by the emulator, so every contender can use it through a static credential), then seeds the
 * secrets the scenarios read and `listSize` secrets to list.
 */
export async function startEmulatorTarget(listSize) {
  const { variables } = await startServer(
    ["dist/cjs/emulator/cli.js", "--http", "--port", "0"],
    "IDENTITY_HEADER",
    { cwd: repoRoot },
  );
  const vaultUrl = variables.KEYVAULT_URI;
  const token = await fetchManagedIdentityToken(variables, vaultUrl);
  await seed({ vaultUrl, token }, listSize);
  return { vaultUrl, token };
}

async function fetchManagedIdentityToken({ IDENTITY_ENDPOINT, IDENTITY_HEADER }, resource) {
  const url = new URL(IDENTITY_ENDPOINT);
  url.searchParams.set("resource", resource);
  url.searchParams.set("api-version", "2019-08-01");
  const response = await globalThis.fetch(url, { headers: { "X-IDENTITY-HEADER": IDENTITY_HEADER } });
  if (!response.ok) throw new Error(`The emulator's identity endpoint answered ${response.status}`);
  const { access_token: token } = await response.json();
  if (typeof token !== "string") throw new Error("The emulator's identity endpoint returned no access_token");
  return token;
}

/** PUTs the secrets the get scenario reads and `listSize` more, 16 at a time over keep-alive HTTP. */
async function seed({ vaultUrl, token }, listSize) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const names = [0, 1, 2, 3].map((i) => `bench-secret-${i}`);
  for (let i = 0; i < listSize; i++) names.push(`bench-${i}`);
  let next = 0;
  async function lane() {
    while (next < names.length) {
      const name = names[next++];
      await put(agent, `${vaultUrl}/secrets/${name}?api-version=7.6`, token, { value: `value of ${name}` });
    }
  }
  await Promise.all(Array.from({ length: 16 }, lane));
  agent.destroy();
}

function put(agent, url, token, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "PUT",
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`seed PUT ${url}: ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
