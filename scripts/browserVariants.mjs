// The browser mapping of Node-only source files, in one place for the build and for the bundles the tests
// and the browser sample make from src/: a file `name-browser.ts` next to `name.ts` replaces it in every
// browser build (as core-rest-pipeline does with its `-browser` files). Only the dist/browser bundle, which
// the package's "browser" export condition points at, holds the replaced files (scripts/mainBundles.mjs);
// dist/esm and dist/cjs keep the Node ones.
import { existsSync } from "node:fs";

export const BROWSER_SUFFIX = "-browser";

/** The browser twin of a source file path (`…/pipeline.ts` → `…/pipeline-browser.ts`), if one exists. */
export function browserTwinOf(sourcePath) {
  const match = /^(.*)\.(ts|mts|js|mjs)$/.exec(sourcePath);
  if (!match || match[1].endsWith(BROWSER_SUFFIX)) return undefined;
  const twin = `${match[1]}${BROWSER_SUFFIX}.ts`;
  return existsSync(twin) ? twin : undefined;
}

/** An esbuild plugin that bundles `name-browser.ts` wherever src/ imports `name.js` (browser builds from source). */
export function esbuildBrowserVariants() {
  return {
    name: "browser-variants",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData?.browserVariants || !args.importer || args.importer.includes("node_modules")) {
          return undefined;
        }
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { browserVariants: true },
        });
        if (resolved.errors.length > 0) return undefined;
        const twin = browserTwinOf(resolved.path);
        return twin ? { path: twin } : undefined;
      });
    },
  };
}

/** The same mapping as a Vite plugin. */
export function viteBrowserVariants() {
  return {
    name: "browser-variants",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer || !/^\.\.?\//.test(source) || importer.includes("node_modules")) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const twin = resolved && browserTwinOf(resolved.id);
      return twin ?? null;
    },
  };
}
