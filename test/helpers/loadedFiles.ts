// Which files a Node process loads: CommonJS modules from require.cache when it exits, ES modules (and
// CommonJS ones they import) through a module-customization `load` hook. Node runs hooks off the main
// thread, so both append to one file the test reads afterwards.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./packedPackage";

const hook = `import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) {
  if (url.startsWith("file:")) appendFileSync(out, fileURLToPath(url) + "\\n");
  return next(url, context);
}
`;

const preload = `const { appendFileSync } = require("node:fs");
const { register } = require("node:module");
const { pathToFileURL } = require("node:url");
const out = process.env.LOADED_FILES_OUT;
register(pathToFileURL(process.env.LOADED_FILES_HOOK), { data: { out } });
process.on("exit", () => appendFileSync(out, Object.keys(require.cache).join("\\n") + "\\n"));
`;

/**
 * Runs `node <args>` in `cwd` and returns the absolute paths of the files it loaded, once each. A failing
 * process throws (with its output), except when `allowFailure` says the exit code does not matter.
 */
export function loadedFiles(cwd: string, args: string[], allowFailure = false): string[] {
  const scratch = mkdtempSync(join(tmpdir(), "kvsc-loaded-"));
  try {
    const files = {
      LOADED_FILES_OUT: join(scratch, "loaded.txt"),
      LOADED_FILES_HOOK: join(scratch, "hook.mjs"),
    };
    writeFileSync(files.LOADED_FILES_HOOK, hook);
    writeFileSync(join(scratch, "preload.cjs"), preload);
    writeFileSync(files.LOADED_FILES_OUT, "");
    try {
      run(process.execPath, ["--require", join(scratch, "preload.cjs"), ...args], cwd, files);
    } catch (error) {
      if (!allowFailure) throw error;
    }
    const lines = readFileSync(files.LOADED_FILES_OUT, "utf8").split("\n");
    return [...new Set(lines.filter((line) => line !== "" && !line.startsWith(scratch)))];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
