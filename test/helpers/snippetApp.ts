// The scratch app the docs' snippets are checked in: a new user's ESM project with the packed package,
// @azure/identity and the official @azure/keyvault-secrets installed, `tsc --init`'s settings, one file per
// snippet program; then each compiler over all files at once, and every program run as its own Node process.
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { mapDiagnostics, type MappedDiagnostics, type SnippetProgram } from "./docSnippets";
import { runProcess, type ProcessResult } from "./emulatorProcess";
import { packAndInstall, repoRoot } from "./packedPackage";

const repoRequire = createRequire(join(repoRoot, "package.json"));
/** The version this repository has installed, so the app's install is served from npm's cache. */
const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(repoRequire.resolve(`${name}/package.json`), "utf8")) as { version: string })
    .version;

/**
 * What `tsc --init` writes (TypeScript 5.9 and 7.0 write the same; its `module: "nodenext"` implies the
 * `moduleResolution` spelled out here), with its "For nodejs" lines applied (`lib: ["esnext"]`,
 * `types: ["node"]` and @types/node installed) and without its "Other Outputs" (source maps, declarations)
 * and `jsx`, which no snippet needs. `allowJs`/`checkJs` type-check the JavaScript blocks.
 */
export const newUserCompilerOptions = {
  module: "nodenext",
  moduleResolution: "nodenext",
  target: "esnext",
  lib: ["esnext"],
  types: ["node"],
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: "force",
  skipLibCheck: true,
  allowJs: true,
  checkJs: true,
};

const sourceDir = "snippets";
const outDir = "out";

/**
 * Packs this repository (dist/ must be current), installs the tarball with what the docs have users install
 * beside it (@azure/identity; @azure/keyvault-secrets for the official-SDK examples) and @types/node into a
 * fresh `"type": "module"` app, and writes the tsconfig and one file per program into it.
 * @returns the app's folder
 */
export function createSnippetApp(programs: readonly SnippetProgram[]): string {
  const { dir } = packAndInstall([
    `@azure/identity@${installedVersion("@azure/identity")}`,
    `@azure/keyvault-secrets@${installedVersion("@azure/keyvault-secrets")}`,
    `@types/node@${installedVersion("@types/node")}`,
  ]);
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, type: "module" }, null, 2));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      { compilerOptions: { ...newUserCompilerOptions, rootDir: sourceDir, outDir }, include: [sourceDir] },
      null,
      2,
    ),
  );
  mkdirSync(join(dir, sourceDir));
  for (const program of programs) writeFileSync(join(dir, sourceDir, program.fileName), program.source);
  return dir;
}

/** A compiler to check the app with. */
export interface Compiler {
  label: string;
  /** Executable and leading arguments (`node …/tsc`, or a native `tsc`). */
  command: string;
  args: string[];
}

/** The repository's own TypeScript (5.9). */
export const repoTypeScript: Compiler = {
  label: `TypeScript ${installedVersion("typescript")}`,
  command: process.execPath,
  args: [repoRequire.resolve("typescript/bin/tsc")],
};

const compilerTimeoutMs = 120_000;

function compile(app: string, compiler: Compiler, project: string, emit: boolean): Promise<ProcessResult> {
  const args = [...compiler.args, "-p", join(app, project), "--pretty", "false"];
  return runProcess(compiler.command, emit ? args : [...args, "--noEmit"], {}, compilerTimeoutMs, app);
}

/** A type check under way. */
export interface TypeCheck {
  /** Settles when the first compiler run is over, so the JavaScript is written when the check emits. */
  firstRun: Promise<void>;
  diagnostics: Promise<MappedDiagnostics>;
}

/**
 * Type-checks every program with one compiler run (which writes the JavaScript the programs run from when
 * `emit` is set). tsc reports no semantic error anywhere once one file has a syntax error, so when the first
 * run finds errors, the programs it found none in are checked again, alone.
 */
export function typeCheck(
  app: string,
  compiler: Compiler,
  programs: readonly SnippetProgram[],
  { emit = false } = {},
): TypeCheck {
  const first = compile(app, compiler, "tsconfig.json", emit);
  const diagnostics = first.then(async (result) => {
    const mapped = mapDiagnostics(`${result.stdout}\n${result.stderr}`, programs);
    if (result.code !== 0 && mapped.byProgram.size === 0 && mapped.other.length === 0) {
      mapped.other.push(`${compiler.label} exited ${result.code} without a diagnostic`);
    }
    const unreported = programs.filter((program) => !mapped.byProgram.has(program));
    if (mapped.byProgram.size === 0 || unreported.length === 0) return mapped;

    const recheck = `tsconfig.recheck-${compiler.label.replace(/\W+/g, "-")}.json`;
    writeFileSync(
      join(app, recheck),
      JSON.stringify({
        extends: "./tsconfig.json",
        include: [],
        files: unreported.map((program) => `${sourceDir}/${program.fileName}`),
      }),
    );
    const second = await compile(app, compiler, recheck, false);
    const more = mapDiagnostics(`${second.stdout}\n${second.stderr}`, unreported);
    for (const [program, lines] of more.byProgram) mapped.byProgram.set(program, lines);
    mapped.other.push(...more.other);
    return mapped;
  });
  return { firstRun: first.then(() => undefined), diagnostics };
}

/** How a program's run ended. */
export interface ProgramRun extends ProcessResult {
  elapsedMs: number;
  /** True when it was still running at the time bound and was killed. */
  timedOut: boolean;
}

/**
 * Runs each program with this Node (a TypeScript program as the emitting type check wrote it), from
 * the app's folder, with exactly `env(program)` (plus PATH and HOME), at most `concurrency` at a time; a
 * program still running after `timeoutMs` is killed.
 */
export async function runPrograms(
  app: string,
  programs: readonly SnippetProgram[],
  env: (program: SnippetProgram) => Record<string, string>,
  { concurrency = 4, timeoutMs = 30_000 } = {},
): Promise<Map<SnippetProgram, ProgramRun>> {
  const results = new Map<SnippetProgram, ProgramRun>();
  const queue = [...programs];
  const worker = async (): Promise<void> => {
    for (let program = queue.shift(); program; program = queue.shift()) {
      // JavaScript runs as pasted, not as the compiler re-emits it (which would drop TypeScript-only syntax).
      const script = program.fileName.endsWith(".ts")
        ? join(app, outDir, program.fileName.replace(/\.ts$/, ".js"))
        : join(app, sourceDir, program.fileName);
      const started = performance.now();
      const result = await runProcess(process.execPath, [script], env(program), timeoutMs, app);
      const elapsedMs = performance.now() - started;
      results.set(program, {
        ...result,
        elapsedMs,
        timedOut: result.code === "SIGKILL" && elapsedMs >= timeoutMs,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, programs.length) }, worker));
  return results;
}
