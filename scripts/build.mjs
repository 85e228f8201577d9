// Builds dist/: tsc compiles src/ into dist/esm and dist/cjs (the declarations, and the Node-only emulator
// entry points, which stay one file per module); the main entry "." is then bundled into one file per
// build, dist/esm/index.js, dist/cjs/index.js and dist/browser/index.js (the latter with every
// `name-browser` twin in place of its Node file, scripts/browserVariants.mjs), see scripts/mainBundles.mjs.
// The per-file client modules no entry point loads are deleted (scripts/pruneDist.mjs). The root
// package.json has no "type" (so ts-node can run the samples), therefore each output folder gets its own
// package.json naming its module format.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import { buildMainBundle, MAIN_BUNDLES } from "./mainBundles.mjs";
import { loadedModules, packageEntryFiles, pruneUnloaded } from "./pruneDist.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const dist = join(root, "dist");

function writeModuleType(folder, type) {
  writeFileSync(join(dist, folder, "package.json"), JSON.stringify({ type }, null, 2) + "\n");
}

// The dashboard's files become a module tsc compiles like any other (scripts/dashboardAssets.mjs).
execFileSync(process.execPath, [join(root, "scripts", "dashboardAssets.mjs")], {
  stdio: "inherit",
  cwd: root,
});

rmSync(dist, { recursive: true, force: true });
for (const [config, folder, type] of [
  ["config/tsconfig.esm.json", "esm", "module"],
  ["config/tsconfig.cjs.json", "cjs", "commonjs"],
]) {
  execFileSync(process.execPath, [tsc, "-p", join(root, config)], { stdio: "inherit", cwd: root });
  writeModuleType(folder, type);
}

// The browser build's declarations are the ESM ones (a twin exports the same names as its Node file;
// pruneUnloaded below drops the twins' own declarations). Its only code is the bundle.
cpSync(join(dist, "esm"), join(dist, "browser"), {
  recursive: true,
  filter: (source) => source !== join(dist, "esm", "emulator") && !/\.js(\.map)?$/.test(source),
});

// Bundlers read `sideEffects` from the nearest package.json, which is this folder's own: the root's `false`
// is repeated so an app's bundler may drop what it does not use. Only dist/browser: dist/esm and dist/cjs
// hold the emulator's localhost preload, which is imported for its side effect.
writeFileSync(
  join(dist, "browser", "package.json"),
  JSON.stringify({ type: "module", sideEffects: false }, null, 2) + "\n",
);

// The gateway subpath is bundled the same way (its browser build, with the fetch transport, is what Workers
// load); its Node adapter stays tsc's one file (it imports only types).
for (const bundle of MAIN_BUNDLES) {
  await buildMainBundle(root, bundle);
  await buildMainBundle(root, bundle, "gateway/index");
}

// The keyvault-secrets CLI is one file too: it runs before every command it wraps, so its start-up is paid
// on each launch (bench/cli). Its per-file modules are then pruned with the rest.
await esbuild({
  absWorkingDir: root,
  entryPoints: [join(root, "src/cli/main.ts")],
  outfile: join(dist, "cjs/cli/main.js"),
  bundle: true,
  packages: "external",
  format: "cjs",
  platform: "node",
  target: "es2022",
  supported: { "dynamic-import": false },
  tsconfig: join(root, "config/tsconfig.cjs.json"),
  sourcemap: "linked",
  sourcesContent: true,
  logLevel: "warning",
});

for (const folder of ["esm", "cjs", "browser"]) {
  const directory = join(dist, folder);
  pruneUnloaded(directory, await loadedModules(root, directory, packageEntryFiles(packageJson)));
}

// The CLI is a bin, not an API: none of its declarations ship, only its bundle and source map.
for (const folder of ["esm", "browser"]) rmSync(join(dist, folder, "cli"), { recursive: true, force: true });
for (const entry of readdirSync(join(dist, "cjs/cli"))) {
  if (!/^main\.js(\.map)?$/.test(entry)) rmSync(join(dist, "cjs/cli", entry), { recursive: true });
}

for (const cli of ["cjs/emulator/cli.js", "cjs/cli/main.js"]) {
  if (existsSync(join(dist, cli))) chmodSync(join(dist, cli), 0o755);
}
