// After the main entry is bundled, tsc's per-file client modules are loaded by nobody but the emulator
// entry points (which stay per-file: src/emulator/localhost.ts imports src/shared/localhostLookup.ts).
// This keeps, in one compiled folder, exactly the JavaScript that the package's entry points load, and
// deletes the rest, so the tarball ships no orphan module a user could deep-import by mistake.
import { build } from "esbuild";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { BROWSER_SUFFIX } from "./browserVariants.mjs";

/** Every file path the package.json `exports`, `main`, `module` and `bin` fields point at. */
export function packageEntryFiles(packageJson) {
  const targets = [packageJson.main, packageJson.module];
  const collect = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(packageJson.exports);
  collect(packageJson.bin);
  return targets.filter((target) => typeof target === "string" && target.endsWith(".js"));
}

/**
 * The compiled modules that the entry files under `folder` load, followed through relative imports and
 * requires (dependencies excluded), relative to `folder`.
 */
export async function loadedModules(root, folder, entryFiles) {
  const entries = entryFiles
    .map((file) => join(root, file))
    .filter((file) => relative(folder, file).split(/[\\/]/)[0] !== ".." && existsSync(file));
  if (entries.length === 0) return new Set();
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: join(root, "temp", "prune-dist"),
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return new Set(Object.keys(result.metafile.inputs).map((input) => relative(folder, join(root, input))));
}

/**
 * Deletes from `folder` every `.js` (with its source map) that `keep` does not name, and the declarations
 * of `-browser` twins (their code ships only inside the browser bundle).
 * @returns the deleted files, relative to `folder`
 */
export function pruneUnloaded(folder, keep, relativeDir = "") {
  const deleted = [];
  for (const entry of readdirSync(join(folder, relativeDir), { withFileTypes: true })) {
    const path = join(relativeDir, entry.name);
    if (entry.isDirectory()) {
      deleted.push(...pruneUnloaded(folder, keep, path));
      if (readdirSync(join(folder, path)).length === 0) rmSync(join(folder, path), { recursive: true });
      continue;
    }
    const orphanCode = /\.js(\.map)?$/.test(entry.name) && !keep.has(path.replace(/\.map$/, ""));
    const twinDeclaration = new RegExp(`${BROWSER_SUFFIX}\\.d\\.ts$`).test(entry.name);
    if (orphanCode || twinDeclaration) {
      rmSync(join(folder, path));
      deleted.push(path);
    }
  }
  return deleted;
}
