// Every snippet runs as pasted: each TypeScript/JavaScript code block of README.md and docs/*.md is
// type-checked and run the way a new user would paste it into a fresh app.
//
// The app: `"type": "module"`, the packed package plus @azure/identity, @azure/keyvault-secrets (the docs
// show the official client against the emulator) and @types/node installed, and the tsconfig `tsc --init`
// writes (module nodenext, strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, verbatimModuleSyntax
// …, see test/helpers/snippetApp.ts). Each program is one file there: ```ts, ```typescript and ```mts blocks
// become `.ts`, ```js and ```javascript `.js` (ESM, as the app is), ```mjs `.mjs`. All files are checked in
// one run of TypeScript 5.9 (this repository's) and one of TypeScript 7 (what `npm i -D typescript` installs
// today, provisioned pinned into the cache outside the repository).
// TypeScript programs run as TypeScript 7 emits them, JavaScript ones as pasted, with this Node, from the
// app's folder, against one keyvault-emulator CLI from the app's node_modules. A program sees only PATH,
// HOME and the variables the CLI prints (KEYVAULT_URI, IDENTITY_ENDPOINT, IDENTITY_HEADER,
// NODE_EXTRA_CA_CERTS), with KEYVAULT_URI naming a vault of its own; it passes when it exits 0 by itself
// within 30 s. A program that never ends (an emulator, server or interval left running) fails at the bound.
//
// Conventions for writers — a one-line HTML comment right before the opening fence (blank lines may
// separate them) changes how a TypeScript/JavaScript block is treated:
//   <!-- snippet: continues -->       the block continues the previous TypeScript/JavaScript block of the
//                                     same file: together they are one program (a reader pastes both).
//   <!-- snippet: typecheck-only (why) -->
//                                     the program is type-checked but never run (it needs a real vault, a
//                                     browser, a webhook from Azure …); the reason in parentheses is optional.
//   Both words may be combined: <!-- snippet: continues typecheck-only -->. A program containing a
//   typecheck-only block is not run.
// Every fenced block must name its language; blocks in other languages (sh, text, json, diff …) are not run,
// but the keyvault-emulator flags named in sh/bash/shell/console blocks must exist. An unknown marker, a
// marker not followed by a block, or one on a non-TypeScript/JavaScript block fails the test.
//
// Each run program is also a file of samples/snippets/ (readme.spec.ts holds the documents to that, verbatim),
// and must print what that example promises (`expectedOutput` below).
//
// Failures name the Markdown file and line (`README.md:247:5 error TS2304: …`) or the program's first block
// and the process's output. Needs `npm run build` first (the package is packed from dist/).
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emulatorFlags,
  snippetPrograms,
  type MappedDiagnostics,
  type SnippetProgram,
} from "../helpers/docSnippets";
import { startCliEmulator, type CliEmulator } from "../helpers/emulatorProcess";
import { repoRoot, run } from "../helpers/packedPackage";
import { pinnedRuntimes, provisionRuntimes } from "../helpers/provision/runtimes";
import {
  createSnippetApp,
  repoTypeScript,
  runPrograms,
  typeCheck,
  type Compiler,
  type ProgramRun,
} from "../helpers/snippetApp";

const runTimeoutMs = 30_000;

/** What each example prints when it works. */
const expectedOutput: Record<string, RegExp[]> = {
  "quickStart.mjs": [/^Hello, Key Vault$/m],
  "authenticate.mjs": [],
  "emulatorInCode.mjs": [/^Hello from an emulator inside this process$/m],
  "setGetAndUpdate.mjs": [
    /^latest "second-password", first "first-password"$/m,
    /^tags \{"team":"payments"\}, expires \d{4}-\d\d-\d\dT/m,
  ],
  "listing.mjs": [/^list-demo$/m, /^[0-9a-f]{32}$/m],
  "deleteAndRecover.mjs": [
    /^deleted, recoverable until \d{4}-/m,
    /^recovered version [0-9a-f]{32} \(Recoverable\+Purgeable\)$/m,
  ],
  "backupAndRestore.mjs": [/^restored backup-demo, latest version [0-9a-f]{32}$/m],
  "errors.mjs": [
    /^no-such-secret: 404 SecretNotFound -: A secret with \(name\/id\) no-such-secret was not found/m,
    /^disabled-demo: 403 Forbidden SecretDisabled: Operation get is not allowed on a disabled secret\.$/m,
  ],
  "cache.mjs": [/poolSize: 10[\s\S]*poolSize: 20/],
  "cacheEvents.mjs": [/^first\nrotated$/m],
  "logging.mjs": [/value: '\[REDACTED\]'/],
  "emulatorVaults.mjs": [/^SecretNotFound$/m, /https:\/\/prod\.vault\.localhost:\d+/],
  "inProcess.mjs": [/\[ 'setSecret 401', 'setSecret 200' \]/],
  "clock.mjs": [/^SecretNotFound$/m],
  "faults.mjs": [/^\[ 429, 429, 200 \]$/m],
  "events.mjs": [/SecretNewVersionCreated[\s\S]*SecretNearExpiry[\s\S]*SecretExpired/],
  "officialSdk.mjs": [/^value$/m],
  "config.mjs": [
    /^db\.internal$/m,
    /^SecretsConfig \{ names: \['myapp-Database--Host', 'myapp-Database--Password'\] \}$/m,
  ],
};

const snippetDir = join(repoRoot, "samples", "snippets");
const snippetFiles = readdirSync(snippetDir).filter((file) => file.endsWith(".mjs"));
/** The samples/snippets/ file a program is, by its text. */
const snippetFileOf = new Map(
  snippetFiles.map((file) => [readFileSync(join(snippetDir, file), "utf8").trimEnd(), file]),
);

const docsDir = join(repoRoot, "docs");
const markdownFiles = [
  "README.md",
  ...(existsSync(docsDir) ? readdirSync(docsDir).filter((file) => file.endsWith(".md")) : [])
    .sort()
    .map((file) => `docs/${file}`),
];
const parsed = markdownFiles.map((file) => snippetPrograms(file, readFileSync(join(repoRoot, file), "utf8")));
const programs = parsed.flatMap((file) => file.programs);
const problems = parsed.flatMap((file) => file.problems);
const blocks = parsed.flatMap((file) => file.blocks);
const runnable = programs.filter((program) => !program.typecheckOnly);
const vaultNames = new Map(runnable.map((program, index) => [program, `snippet-${index + 1}`]));

const typeScript7Label = `TypeScript ${pinnedRuntimes.typescript7.version}`;
let app: string | undefined;
let emulator: CliEmulator | undefined;
const checks = new Map<string, MappedDiagnostics>();
let runs = new Map<SnippetProgram, ProgramRun>();

/** What the emulator printed, as the program's environment: its own vault as KEYVAULT_URI. */
function environmentOf(program: SnippetProgram): Record<string, string> {
  const printed = Object.entries(emulator!.env).filter(([name]) => !name.startsWith("KEYVAULT_URI_"));
  const vault = vaultNames.get(program)!;
  const uri = emulator!.env[`KEYVAULT_URI_${vault.toUpperCase().replace(/-/g, "_")}`]!;
  return { ...Object.fromEntries(printed), KEYVAULT_URI: uri };
}

beforeAll(async () => {
  const started = performance.now();
  const provisioning = provisionRuntimes(["typescript7"]);
  app = createSnippetApp(programs);
  const installed = performance.now();
  const typeScript7: Compiler = {
    label: typeScript7Label,
    command: (await provisioning).typescript7,
    args: [],
  };
  const vaultFlags = [...vaultNames.values()].flatMap((name) => ["--vault", name]);
  const emulatorStart = startCliEmulator(
    ["--port", "0", ...vaultFlags],
    30_000,
    {},
    app,
    join(app, "node_modules", ".bin", "keyvault-emulator"),
  );
  // TypeScript 7 (the fast one, and what a new project builds with) writes the JavaScript that runs, so the
  // programs start while TypeScript 5.9 is still checking.
  const check7 = typeCheck(app, typeScript7, programs, { emit: true });
  const check5 = typeCheck(app, repoTypeScript, programs);
  await check7.firstRun;
  emulator = await emulatorStart;
  const emitted = performance.now();
  runs = await runPrograms(app, runnable, environmentOf, { timeoutMs: runTimeoutMs });
  const ran = performance.now();
  checks.set(typeScript7.label, await check7.diagnostics);
  checks.set(repoTypeScript.label, await check5.diagnostics);
  const seconds = (from: number, to = performance.now()) => `${((to - from) / 1000).toFixed(1)} s`;
  const typecheckOnly = programs.filter((program) => program.typecheckOnly);
  console.log(
    `[snippets] ${programs.length} programs from ${markdownFiles.join(", ")}: ${runnable.length} run, ` +
      `${typecheckOnly.length} type-checked only${typecheckOnly.length ? ` (${typecheckOnly.map((p) => p.label).join(", ")})` : ""}. ` +
      `App ${seconds(started, installed)}, emit ${seconds(installed, emitted)}, runs ${seconds(emitted, ran)}, ` +
      `type checks done ${seconds(installed)} after the app; total ${seconds(started)}.`,
  );
}, 600_000);

afterAll(async () => {
  if (emulator) {
    emulator.child.kill("SIGTERM");
    await emulator.exited;
  }
  if (app) rmSync(app, { recursive: true, force: true });
});

/** Fails with `heading` and the report's lines when there are any. */
function expectNothingReported(heading: string, lines: readonly string[]): void {
  if (lines.length > 0) throw new Error(`${heading}\n${lines.join("\n")}`);
}

/** The last lines of a process's output, enough to see the error and where it came from. */
const tail = (text: string, count = 30): string => text.trimEnd().split("\n").slice(-count).join("\n");

describe("the code blocks of README.md and docs/*.md", () => {
  it("name their language, and their snippet markers are known and sit right before a TypeScript/JavaScript block", () => {
    expectNothingReported(
      "Malformed code blocks or snippet markers:",
      problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`),
    );
  });

  it("hold TypeScript/JavaScript programs to check", () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  it("name only keyvault-emulator flags that `keyvault-emulator --help` lists, in shell blocks", () => {
    const help = run(
      process.execPath,
      [join(app!, "node_modules", ".bin", "keyvault-emulator"), "--help"],
      app!,
    );
    const known = new Set(["--help", ...[...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((match) => match[1])]);
    const unknown = emulatorFlags(blocks)
      .filter(({ flag }) => !known.has(flag))
      .map(({ file, line, flag, command }) => `${file}:${line} unknown flag ${flag}: ${command}`);
    expectNothingReported("Shell blocks name flags the CLI does not have:", unknown);
  });
});

describe.each([repoTypeScript.label, typeScript7Label])("%s", (compiler) => {
  for (const program of programs) {
    it(`type-checks ${program.label}`, () => {
      expectNothingReported(
        `${program.label} does not type-check with ${compiler}:`,
        checks.get(compiler)!.byProgram.get(program) ?? [],
      );
    });
  }

  it("reports nothing outside the snippets", () => {
    expectNothingReported(`${compiler} reports:`, checks.get(compiler)!.other);
  });
});

describe("against the keyvault-emulator CLI", () => {
  it("has an expected output for every example of samples/snippets/", () => {
    expect(Object.keys(expectedOutput).sort()).toEqual([...snippetFiles].sort());
  });

  for (const program of runnable) {
    it(`${program.label} runs, exits 0 and ends on its own`, () => {
      const result = runs.get(program)!;
      const output = `stdout:\n${tail(result.stdout)}\nstderr:\n${tail(result.stderr)}`;
      if (result.timedOut) {
        throw new Error(
          `${program.label} was still running after ${runTimeoutMs / 1000} s: a snippet must end by itself ` +
            `(stop the emulator it starts, close servers, clear intervals).\n${output}`,
        );
      }
      if (result.code !== 0) {
        throw new Error(
          `${program.label} exited ${result.code} after ${(result.elapsedMs / 1000).toFixed(1)} s.\n${output}`,
        );
      }
      const file = snippetFileOf.get(program.source.trimEnd());
      expect(file, `${program.label} is no file of samples/snippets/`).toBeDefined();
      for (const pattern of expectedOutput[file!] ?? []) expect(result.stdout, output).toMatch(pattern);
      if (file === "logging.mjs") {
        expect(result.stderr).toContain("azure:keyvault-secrets:info");
        expect(result.stdout + result.stderr).not.toContain("appears in no log line");
      }
    });
  }
});
