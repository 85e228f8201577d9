// A minified browser bundle of some exports of src/index.ts, built as the package's browser build is (every
// `-browser` twin in place of its Node file), for the tree-shaking tests of optional features.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";

const entry = JSON.stringify(fileURLToPath(new URL("../../src/index.ts", import.meta.url)));

/**
 * Bundles `export { <imports> } from "src/index.ts"`; `files` are the files of `src/<folder>/` that put bytes
 * into it, relative to that folder.
 */
export async function browserBundleOf(imports: string, folder: string) {
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
  const prefix = `src/${folder}/`;
  const files = Object.entries(inputs)
    .filter(([path, input]) => path.includes(prefix) && input.bytesInOutput > 0)
    .map(([path]) => path.slice(path.indexOf(prefix) + prefix.length));
  return { text, bytes: text.length, gzipBytes: gzipSync(text, { level: 9 }).length, files };
}
