// SecretCache costs nothing to apps that do not import it: a browser bundle of `import { SecretClient }`
// holds no cache code (only the few-byte write notifier the client calls). It also states what importing
// SecretCache costs, and keeps that cost within a budget.
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
    // As the package's browser build: every `-browser` twin in place of its Node file.
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
  const cacheFiles = Object.entries(inputs)
    .filter(([path, input]) => path.includes("src/cache/") && input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^.*src\/cache\//, ""));
  return { text, bytes: text.length, gzipBytes: gzipSync(text, { level: 9 }).length, cacheFiles };
}

describe("SecretCache and tree shaking", () => {
  it("leaves no cache code in a bundle that imports only SecretClient", async () => {
    const clientOnly = await bundle("SecretClient");
    // The client reaches caches through shared/writeNotifier.ts, which holds no cache code.
    expect(clientOnly.cacheFiles).toEqual([]);
    for (const marker of ["SubscriptionValidationEvent", "refreshAheadRatio", "SecretCache", "staleLimit"]) {
      expect(clientOnly.text).not.toContain(marker);
    }
  });

  it("costs a bounded number of bytes when imported", async () => {
    const clientOnly = await bundle("SecretClient");
    const withCache = await bundle("SecretClient, SecretCache");
    const cost = {
      minified: withCache.bytes - clientOnly.bytes,
      gzip: withCache.gzipBytes - clientOnly.gzipBytes,
    };
    console.log(`importing SecretCache adds ${cost.minified} B minified, ${cost.gzip} B gzip`);
    expect(withCache.cacheFiles).toContain("secretCache.ts");
    expect(cost.gzip).toBeLessThan(6 * 1024);
  });
});
