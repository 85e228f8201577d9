// The browser mapping of Node-only source files, in one place for the build and for the bundles the tests
// and the browser sample make from src/: a file `name-browser.ts` next to `name.ts` replaces it in every
// browser build (as core-rest-pipeline does with its `-browser` files). Only dist/browser, which the
// package's "browser" export condition points at, holds the replaced files; dist/esm and dist/cjs keep
// the Node ones.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BROWSER_SUFFIX = "-browser";

/** The browser twin of a source file path (`…/pipeline.ts` → `…/pipeline-browser.ts`), if one exists. */
export function browserTwinOf(sourcePath) {
  const match = /^(.*)\.(ts|mts|js|mjs)$/.exec(sourcePath);
  if (!match || match[1].endsWith(BROWSER_SUFFIX)) return undefined;
  const twin = `${match[1]}${BROWSER_SUFFIX}.ts`;
  return existsSync(twin) ? twin : undefined;
}

/**
 * Replaces, inside a compiled ESM tree, every `name.js` that has a `name-browser.js` twin by that twin
 * (source map and its reference renamed along), then deletes the twin's own files. The Node `.d.ts` stays:
 * both variants export the same declarations.
 * @returns the replaced files, relative to `directory`
 */
export function applyBrowserVariants(directory, relative = "") {
  const replaced = [];
  for (const entry of readdirSync(join(directory, relative), { withFileTypes: true })) {
    const path = join(relative, entry.name);
    if (entry.isDirectory()) {
      replaced.push(...applyBrowserVariants(directory, path));
      continue;
    }
    if (!entry.name.endsWith(`${BROWSER_SUFFIX}.js`)) continue;
    const twin = join(directory, path);
    const base = entry.name.slice(0, -`${BROWSER_SUFFIX}.js`.length);
    const target = join(directory, relative, `${base}.js`);
    if (!existsSync(target)) throw new Error(`${path} has no Node twin ${base}.js to replace`);
    const code = readFileSync(twin, "utf8").replace(
      `sourceMappingURL=${entry.name}.map`,
      `sourceMappingURL=${base}.js.map`,
    );
    writeFileSync(target, code);
    if (existsSync(`${twin}.map`)) {
      const map = JSON.parse(readFileSync(`${twin}.map`, "utf8"));
      writeFileSync(`${target}.map`, JSON.stringify({ ...map, file: `${base}.js` }));
    }
    for (const leftover of [twin, `${twin}.map`]) rmSync(leftover, { force: true });
    for (const declaration of [".d.ts", ".d.ts.map"]) {
      rmSync(join(directory, relative, `${base}${BROWSER_SUFFIX}${declaration}`), { force: true });
    }
    replaced.push(join(relative, `${base}.js`));
  }
  return replaced;
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
