// The package's main entry point ("." for import, require and browser) ships as one bundled file per build
// instead of tsc's ~40 per-file modules: a cold `import()` pays Node's module loader for every file it
// resolves, reads and links, which made up most of what our own code added to a process's start-up. The
// dependencies stay external, so npm dedupes them with the app's and `instanceof RestError` or
// `PollerStoppedError` still compare against the classes the app imports.
import { build } from "esbuild";
import { join } from "node:path";
import { esbuildBrowserVariants } from "./browserVariants.mjs";

/** The bundled main entry points: the folder under dist/ each is written to, and how it is built. */
export const MAIN_BUNDLES = [
  { folder: "esm", format: "esm", platform: "node" },
  // In the CommonJS build an `import()` of a dependency becomes `require()` (as tsc's CommonJS output did),
  // so a lazily loaded class is the one a CommonJS caller gets from `require()` of that package.
  { folder: "cjs", format: "cjs", platform: "node", supported: { "dynamic-import": false } },
  // Neutral, not browser: esbuild then defines nothing (no process.env.NODE_ENV) and refuses a node: import.
  { folder: "browser", format: "esm", platform: "neutral", browserVariants: true },
];

/**
 * Bundles src/<entry>.ts (the main entry, or the gateway's) into `dist/<folder>/<entry>.js` with a linked source map that embeds its sources
 * (the tarball has no src/), so a stack trace under `--enable-source-maps` names the real src line.
 * @returns the source files bundled, relative to the repository root
 */
export async function buildMainBundle(
  root,
  { folder, format, platform, supported, browserVariants = false },
  entry = "index",
) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, `src/${entry}.ts`)],
    outfile: join(root, "dist", folder, `${entry}.js`),
    bundle: true,
    packages: "external",
    format,
    platform,
    target: "es2022",
    supported,
    tsconfig: join(root, "config/tsconfig.esm.json"),
    sourcemap: "linked",
    sourcesContent: true,
    metafile: true,
    plugins: browserVariants ? [esbuildBrowserVariants()] : [],
    logLevel: "warning",
  });
  if (result.warnings.length > 0) throw new Error(`The ${folder} ${entry} bundle built with warnings`);
  return Object.keys(result.metafile.inputs);
}
