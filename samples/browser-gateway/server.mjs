// The app's server: serves the built page and, at /kv, the Key Vault gateway behind a toy session cookie.
// Without KEYVAULT_URI it starts the emulator in this process (HTTPS, no CORS: like Azure), and the gateway
// holds the identity; with KEYVAULT_URI (+ IDENTITY_ENDPOINT/IDENTITY_HEADER or any DefaultAzureCredential
// setup) it fronts that vault. Run `npm run build && npx vite build samples/browser-gateway` first.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { SecretClient } from "keyvault-secrets-client";
import { createSecretsGateway } from "keyvault-secrets-client/gateway";
import { toConnectMiddleware } from "keyvault-secrets-client/gateway/node";

const built = fileURLToPath(new URL("../../temp/browser-gateway-sample/", import.meta.url));
const port = Number(process.env.PORT ?? 8080);

async function upstreamClient() {
  if (process.env.KEYVAULT_URI) {
    const { DefaultAzureCredential } = await import("@azure/identity");
    return new SecretClient(process.env.KEYVAULT_URI, new DefaultAzureCredential());
  }
  const { startEmulator } = await import("keyvault-secrets-client/emulator");
  const emulator = await startEmulator({ vaults: ["sample"] });
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  await client.setSecret("app-greeting", "Hello from the vault, through the gateway.");
  await client.setSecret("server-only", "The page can never read this one.");
  return client;
}

// A toy session: a random id set as an HttpOnly cookie on the first page load. A real app checks its own.
const sessions = new Set();
const sessionOf = (cookieHeader) => /(?:^|; )sid=([\w-]+)/.exec(cookieHeader ?? "")?.[1];

const gateway = createSecretsGateway({
  client: await upstreamClient(),
  basePath: "/kv",
  allow: { operations: ["getSecret", "setSecret", "listPropertiesOfSecrets"], names: /^app-/ },
  authorize: ({ request }) => {
    const sid = sessionOf(request.headers.get("cookie"));
    return sid !== undefined && sessions.has(sid) ? { callerKey: sid } : false;
  },
  onAudit: (event) => console.log("audit", JSON.stringify(event)),
});
const kv = toConnectMiddleware(gateway, { basePath: "/kv" });

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
createServer((request, response) =>
  kv(request, response, () => {
    const path = new URL(request.url, "http://localhost").pathname;
    const file = path === "/" ? "index.html" : path.slice(1);
    if (!/^[\w./-]+$/.test(file) || file.includes("..")) return response.writeHead(404).end();
    let body;
    try {
      body = readFileSync(built + file);
    } catch {
      return response.writeHead(404).end();
    }
    const headers = {
      "content-type": types[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream",
    };
    if (file === "index.html" && !sessions.has(sessionOf(request.headers.cookie))) {
      const sid = randomUUID();
      sessions.add(sid);
      headers["set-cookie"] = `sid=${sid}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers).end(body);
  }),
).listen(port, "127.0.0.1", () => console.log(`http://127.0.0.1:${port}/`));
