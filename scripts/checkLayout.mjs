// Layout rules for src/ that dependency-cruiser (.dependency-cruiser.cjs, the import rules) does not
// express well, checked by `npm run lint`. Each exists for a reason:
// - No folder holds more than MAX_FILES_PER_FOLDER files: a folder is a unit a reader takes in at once;
//   past a dozen files it has more than one responsibility and should be split into subfolders.
// - No import loop between folders (the src root counts as a folder): folders are the floors of the
//   architecture, and two folders importing each other, even through different files and with no module
//   cycle, are one tangled unit that cannot be understood, moved or tested alone.
// - The emulator's longest import chain is at most MAX_EMULATOR_CHAIN files: a deep chain means a request
//   handler sits under many layers of indirection, and each layer is one more place for a change to
//   ripple through. Counted along the imports that load code (what the compiler keeps: type-only imports
//   are erased, and they are already held to the floors by dependency-cruiser and by the loop check
//   here), starting from any file in src/emulator, every file on the path counting, src/shared ones
//   included. The chain with type-only imports is printed beside it, for the record.
// Imports are read with TypeScript's own scanner, so `import type`, `export … from` and `import()` count
// for the loop check; the run-time graph reads the same scanner over each file as the compiler emits it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

const MAX_FILES_PER_FOLDER = 12;
const MAX_EMULATOR_CHAIN = 8;
const SRC = "src";
const EMULATOR = "src/emulator/";

const errors = [];
const toPosix = (path) => path.split("\\").join("/");

/** Every folder under src (src included) with the files directly in it. */
function listFolders(folder, into = new Map()) {
  const entries = readdirSync(folder, { withFileTypes: true });
  into.set(
    toPosix(folder),
    entries.filter((entry) => entry.isFile()).map((entry) => toPosix(join(folder, entry.name))),
  );
  for (const entry of entries) if (entry.isDirectory()) listFolders(join(folder, entry.name), into);
  return into;
}

/** The .ts file a relative specifier names (`./x.js` and `./x` are ./x.ts; a folder is its index.ts). */
function resolveImport(fromFile, specifier) {
  const base = posix.join(posix.dirname(fromFile), specifier).replace(/\.js$/, "");
  return [`${base}.ts`, `${base}/index.ts`, base].find(
    (candidate) => candidate.endsWith(".ts") && existsSync(candidate),
  );
}

/**
 * Module graph of src: file -> the files it imports through relative specifiers; with `runtime`, only the
 * imports left in the JavaScript the compiler emits for the file (type-only and unused imports erased).
 */
function readImports(files, { runtime = false } = {}) {
  const graph = new Map();
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    const text = runtime
      ? ts.transpileModule(source, {
          fileName: file,
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText
      : source;
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles.filter(({ fileName }) => fileName.startsWith("."))) {
      const target = resolveImport(file, fileName);
      if (target) targets.add(target);
      else errors.push(`error unresolved-import: ${file} imports "${fileName}", which is no file in src`);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

function checkFolderSizes(folders) {
  for (const [folder, files] of folders) {
    if (files.length > MAX_FILES_PER_FOLDER) {
      errors.push(
        `error folder-size: ${folder} holds ${files.length} files (at most ${MAX_FILES_PER_FOLDER})`,
      );
    }
  }
}

/** Reports one loop per tangle of folders, each arrow with one file-level import behind it. */
function checkFolderLoops(graph) {
  const arrows = new Map(); // folder -> (imported folder -> one "a.ts → b.ts" example)
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [from, to] = [posix.dirname(file), posix.dirname(target)];
      if (from === to) continue;
      if (!arrows.has(from)) arrows.set(from, new Map());
      if (!arrows.get(from).has(to)) arrows.get(from).set(to, `${file} → ${target}`);
    }
  }
  const reported = new Set();
  for (const start of [...arrows.keys()].sort()) {
    if (reported.has(start)) continue;
    const loop = shortestPath(start, start, (folder) => [...(arrows.get(folder)?.keys() ?? [])].sort());
    if (!loop) continue;
    loop.forEach((folder) => reported.add(folder));
    const steps = loop.slice(1).map((to, i) => `    ${arrows.get(loop[i]).get(to)}`);
    errors.push(`error folder-loop: ${loop.join(" → ")}\n${steps.join("\n")}`);
  }
}

/** Breadth-first: the shortest path from `from` to `to` (at least one step), or undefined. */
function shortestPath(from, to, next) {
  const previous = new Map();
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const neighbour of next(node)) {
      if (previous.has(neighbour)) continue;
      previous.set(neighbour, node);
      if (neighbour === to) {
        const path = [to];
        for (let step = previous.get(to); step !== from; step = previous.get(step)) path.unshift(step);
        return [from, ...path];
      }
      queue.push(neighbour);
    }
  }
  return undefined;
}

/** The longest import chain starting in the emulator, as the files along it. */
function longestEmulatorChain(graph) {
  const longest = new Map();
  const onPath = new Set();
  const chainFrom = (file) => {
    if (longest.has(file)) return longest.get(file);
    onPath.add(file);
    let best = [];
    for (const target of graph.get(file) ?? []) {
      if (onPath.has(target)) continue; // a module cycle: dependency-cruiser's no-circular rule reports it
      const chain = chainFrom(target);
      if (chain.length > best.length) best = chain;
    }
    onPath.delete(file);
    const chain = [file, ...best];
    longest.set(file, chain);
    return chain;
  };
  let deepest = [];
  for (const file of [...graph.keys()].filter((file) => file.startsWith(EMULATOR)).sort()) {
    const chain = chainFrom(file);
    if (chain.length > deepest.length) deepest = chain;
  }
  return deepest;
}

const folders = listFolders(SRC);
const sources = [...folders.values()].flat().filter((file) => file.endsWith(".ts"));
const graph = readImports(sources);
checkFolderSizes(folders);
checkFolderLoops(graph);
const chain = longestEmulatorChain(readImports(sources, { runtime: true }));
const chainWithTypes = longestEmulatorChain(graph);
if (chain.length > MAX_EMULATOR_CHAIN) {
  errors.push(
    `error emulator-chain-depth: the emulator's longest import chain is ${chain.length} files ` +
      `(at most ${MAX_EMULATOR_CHAIN}):\n${chain.map((file) => `    ${file}`).join("\n")}`,
  );
}

if (errors.length > 0) {
  const noun = errors.length === 1 ? "violation" : "violations";
  console.error(
    `\n${errors.map((error) => `  ${error}`).join("\n")}\n\nx ${errors.length} layout ${noun}.\n`,
  );
  process.exitCode = 1;
} else {
  console.log(
    `✔ layout: ${folders.size} folders of at most ${MAX_FILES_PER_FOLDER} files, no folder loops, ` +
      `longest emulator import chain ${chain.length} files (at most ${MAX_EMULATOR_CHAIN}; ` +
      `${chainWithTypes.length} counting type-only imports).`,
  );
}
