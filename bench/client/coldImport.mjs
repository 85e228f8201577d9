// Cold import time: each measurement is a fresh `node -e` child that times its own require()/import() of one
// package with performance.now() (so node's own start-up is excluded), plus the child's whole wall time.
// Packages alternate run by run; the figures are medians.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The packages compared (specifiers resolved from the repository root; ours by self-reference). */
export const IMPORT_SUBJECTS = {
  ours: "keyvault-secrets-client",
  official: "@azure/keyvault-secrets",
  corePipeline: "@azure/core-rest-pipeline",
};

function childScript(specifier, format) {
  const quoted = JSON.stringify(specifier);
  return format === "cjs"
    ? `const { performance } = require("node:perf_hooks"); const t = performance.now(); require(${quoted}); process.stdout.write(String(performance.now() - t));`
    : `const t = performance.now(); await import(${quoted}); process.stdout.write(String(performance.now() - t));`;
}

function importOnce(specifier, format) {
  const args =
    format === "cjs"
      ? ["-e", childScript(specifier, format)]
      : ["--input-type=module", "-e", childScript(specifier, format)];
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", timeout: 20_000 });
  const processMs = performance.now() - start;
  const importMs = Number(child.stdout);
  if (child.status !== 0 || !Number.isFinite(importMs)) {
    throw new Error(`Importing ${specifier} (${format}) failed: ${child.stderr || child.error}`);
  }
  return { importMs, processMs };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Medians over `runs` alternating runs, per package and module format (cjs require, esm import). */
export function measureColdImports(runs) {
  const samples = {};
  for (let run = 0; run < runs; run++) {
    for (const format of ["cjs", "esm"]) {
      for (const [name, specifier] of Object.entries(IMPORT_SUBJECTS)) {
        const key = `${name}/${format}`;
        (samples[key] ??= []).push(importOnce(specifier, format));
      }
    }
  }
  const result = {};
  for (const [key, list] of Object.entries(samples)) {
    result[key] = {
      importMs: median(list.map((s) => s.importMs)),
      processMs: median(list.map((s) => s.processMs)),
      runs: list.length,
    };
  }
  return result;
}
