// loadSecretsConfig costs nothing to apps that do not import it: a browser bundle of `import { SecretClient }`
// (or of SecretClient and SecretCache) holds no config code. It also states what importing it costs.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import { describe, expect, it } from "vitest";

const entry = JSON.stringify(fileURLToPath(new URL("../../src/index.ts", import.meta.url)));

async function bundle(imports: string) {
  const result = await build({
    stdin: { contents: `export { ${imports} } from ${entry};`, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    platform: "browser",
    plugins: [esbuildBrowserVariants()],
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    outfile: "bundle.js",
    metafile: true,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]!.text;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const configFiles = Object.entries(inputs)
    .filter(([path, input]) => path.includes("src/config/") && input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^.*src\/config\//, ""));
  return { text, gzipBytes: gzipSync(text, { level: 9 }).length, configFiles };
}

describe("loadSecretsConfig and tree shaking", () => {
  it("leaves no config code in a bundle that imports only SecretClient, or SecretClient and SecretCache", async () => {
    for (const imports of ["SecretClient", "SecretClient, SecretCache"]) {
      const { configFiles, text } = await bundle(imports);
      expect(configFiles).toEqual([]);
      for (const marker of ["SecretsConfig", "keyDelimiter", "~standard", "includeExpired"]) {
        expect(text).not.toContain(marker);
      }
    }
  });

  it("costs a bounded number of bytes when imported", async () => {
    const clientOnly = await bundle("SecretClient");
    const withConfig = await bundle("SecretClient, loadSecretsConfig");
    const cost = withConfig.gzipBytes - clientOnly.gzipBytes;
    console.log(`importing loadSecretsConfig adds ${cost} B gzip`);
    expect(withConfig.configFiles).toContain("loadSecretsConfig.ts");
    expect(cost).toBeLessThan(6 * 1024);
  });
});
