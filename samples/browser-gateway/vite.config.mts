// Vite build of the gateway sample's page (.mts: the repository root package is CommonJS):
//   npx vite build samples/browser-gateway        (output in temp/browser-gateway-sample)
// then `node samples/browser-gateway/server.mjs` serves it with the gateway (see README.md here).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { viteBrowserVariants } from "../../scripts/browserVariants.mjs";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [viteBrowserVariants()],
  resolve: {
    // Inside this repository the package is its own source; an installed package needs no alias.
    alias: { "keyvault-secrets-client": fileURLToPath(new URL("../../src/index.ts", import.meta.url)) },
  },
  build: { outDir: "../../temp/browser-gateway-sample", emptyOutDir: true, target: "es2022" },
});
