// Builds the browser sample with esbuild: `node samples/browser/build.mjs [outdir]`
// (default temp/browser-sample/esbuild, git- and lint-ignored). Serve the output directory from the origin the emulator allows.
// The Vite build of the same page is `npx vite build samples/browser` (see vite.config.ts).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";

/** The directory holding index.html and main.ts. */
export const sampleDirectory = fileURLToPath(new URL(".", import.meta.url));

// Inside this repository the package is its own source; an app that installed keyvault-secrets-client
// needs no alias: esbuild's browser platform picks the package's "browser" export. From source, the plugin
// maps in the browser twins of Node-only files as that export does.
const packageSource = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/**
 * Bundles main.ts (ESM, minified, browser platform) and rewrites index.html to load it.
 * @param {{ outdir?: string, write?: boolean }} [options]
 */
export async function buildSampleWithEsbuild(options = {}) {
  const outdir = resolve(
    options.outdir ?? join(sampleDirectory, "..", "..", "temp", "browser-sample", "esbuild"),
  );
  const write = options.write ?? true;
  const result = await build({
    entryPoints: [join(sampleDirectory, "main.ts")],
    alias: { "keyvault-secrets-client": packageSource },
    plugins: [esbuildBrowserVariants()],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    metafile: true,
    outdir,
    write,
    logLevel: "silent",
  });
  const template = await readFile(join(sampleDirectory, "index.html"), "utf8");
  const html = template.replace('src="./main.ts"', 'src="./main.js"');
  const script = result.outputFiles?.find((file) => file.path.endsWith("main.js"))?.text;
  if (write) {
    await mkdir(outdir, { recursive: true });
    await writeFile(join(outdir, "index.html"), html);
  }
  return { outdir, html, script, warnings: result.warnings, metafile: result.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outdir, warnings } = await buildSampleWithEsbuild({ outdir: process.argv[2] });
  for (const warning of warnings) console.warn(`warning: ${warning.text}`);
  console.log(`Built the browser sample into ${outdir}`);
}
