// Builds dist/esm and dist/cjs with tsc, then dist/browser: dist/esm with every `name-browser` file mapped
// over its Node twin (scripts/browserVariants.mjs) and without the Node-only emulator. The root package.json
// has no "type" (so ts-node can run the samples), therefore each output folder gets its own package.json
// naming its module format.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyBrowserVariants } from "./browserVariants.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(join(root, "dist"), { recursive: true, force: true });
for (const [config, type] of [
  ["config/tsconfig.esm.json", "module"],
  ["config/tsconfig.cjs.json", "commonjs"],
]) {
  execFileSync(process.execPath, [tsc, "-p", join(root, config)], { stdio: "inherit", cwd: root });
  const outDir = join(root, "dist", type === "module" ? "esm" : "cjs");
  writeFileSync(join(outDir, "package.json"), JSON.stringify({ type }, null, 2) + "\n");
}
const browserOut = join(root, "dist", "browser");
cpSync(join(root, "dist", "esm"), browserOut, {
  recursive: true,
  filter: (source) => source !== join(root, "dist", "esm", "emulator"),
});
applyBrowserVariants(browserOut);
// Bundlers read `sideEffects` from the nearest package.json, which is this folder's own: without the
// root's `false` repeated here they keep modules nothing uses (such as the enums of models.js) in an app
// that imports only SecretClient. Only dist/browser: dist/esm and dist/cjs hold the emulator's localhost
// preload, which is imported for its side effect.
writeFileSync(
  join(browserOut, "package.json"),
  JSON.stringify({ type: "module", sideEffects: false }, null, 2) + "\n",
);
const cli = join(root, "dist/cjs/emulator/cli.js");
if (existsSync(cli)) chmodSync(cli, 0o755);
