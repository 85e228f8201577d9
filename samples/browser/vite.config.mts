// Vite build and dev server of the browser sample (.mts: the repository root package is CommonJS).
//   build: npx vite build samples/browser        (output in temp/browser-sample/vite)
//   dev:   KEYVAULT_URI=… IDENTITY_ENDPOINT=… IDENTITY_HEADER=… npx vite samples/browser
// For the dev server, start the emulator with `npx keyvault-emulator --http --cors http://localhost:5173`
// and copy the variables it prints; the dev server then answers the page's config.json and /token from them.
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { viteBrowserVariants } from "../../scripts/browserVariants.mjs";

/**
 * Dev-server middleware standing in for an app's backend: `/config.json` names the vault and the token
 * endpoint, `/token?scope=…` fetches a token from the emulator's managed-identity endpoint. The
 * identity header stays on the server; the page only ever sees short-lived emulator tokens.
 */
function emulatorTokenBroker(): Plugin {
  return {
    name: "keyvault-emulator-token-broker",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const url = new URL(request.url ?? "/", "http://localhost");
        const reply = (status: number, body: unknown) => {
          response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
          response.end(JSON.stringify(body));
        };
        const { KEYVAULT_URI, IDENTITY_ENDPOINT, IDENTITY_HEADER } = process.env;
        if (url.pathname === "/config.json") {
          if (!KEYVAULT_URI) return reply(500, { error: "Set KEYVAULT_URI (printed by keyvault-emulator)." });
          return reply(200, { vaultUrl: KEYVAULT_URI, tokenUrl: "/token" });
        }
        if (url.pathname !== "/token") return next();
        if (!IDENTITY_ENDPOINT || !IDENTITY_HEADER) {
          return reply(500, {
            error: "Set IDENTITY_ENDPOINT and IDENTITY_HEADER (printed by keyvault-emulator).",
          });
        }
        const resource = (url.searchParams.get("scope") ?? "").replace(/\/\.default$/, "");
        const identityUrl = new URL(IDENTITY_ENDPOINT);
        identityUrl.searchParams.set("api-version", "2019-08-01");
        identityUrl.searchParams.set("resource", resource);
        fetch(identityUrl, { headers: { "X-IDENTITY-HEADER": IDENTITY_HEADER } })
          .then(async (answer) => {
            if (!answer.ok) return reply(502, { error: `The identity endpoint answered ${answer.status}.` });
            const token = (await answer.json()) as { access_token: string; expires_on: string };
            reply(200, { token: token.access_token, expiresOnTimestamp: Number(token.expires_on) * 1000 });
          })
          .catch(() => reply(502, { error: "The identity endpoint is not reachable." }));
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  // From source, the browser twins of Node-only files are mapped in as the package's "browser" export does.
  plugins: [emulatorTokenBroker(), viteBrowserVariants()],
  resolve: {
    // Inside this repository the package is its own source; an app that installed keyvault-secrets-client
    // needs no alias: Vite resolves the package's "browser" export.
    alias: { "keyvault-secrets-client": fileURLToPath(new URL("../../src/index.ts", import.meta.url)) },
  },
  build: {
    // Outside the sources, so lint and git never see the minified output.
    outDir: "../../temp/browser-sample/vite",
    emptyOutDir: true,
    target: "es2022",
  },
  server: { port: 5173, strictPort: true },
});
