// Everything the "." entry reaches in a browser build (every file with a `-browser` twin replaced by that
// twin, as in dist/browser) must run there as written: no Node built-in imports and no Node-only globals
// (Buffer, process.*, __dirname, setImmediate). A finding names the file and line, so the owner can fix the
// source rather than ship a polyfill. Files only Node code imports (the Node twins and what they import)
// are not reached, so they are not scanned.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { esbuildBrowserVariants } from "../../scripts/browserVariants.mjs";
import { findNodeOnlyReferencesByLine } from "../helpers/nodeBuiltins";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const sourceRoot = join(repositoryRoot, "src");

/** The source files a browser build of src/index.ts reads, as absolute paths. */
async function browserBoundSources(): Promise<string[]> {
  const result = await build({
    entryPoints: [join(sourceRoot, "index.ts")],
    absWorkingDir: repositoryRoot,
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [esbuildBrowserVariants()],
  });
  return Object.keys(result.metafile.inputs)
    .filter((path) => path.startsWith("src/"))
    .map((path) => join(repositoryRoot, path));
}

describe("the browser-bound sources (what a browser build of src/index.ts reads)", () => {
  let files: string[] = [];
  beforeAll(async () => {
    files = await browserBoundSources();
  });

  it("include the client's entry and layers", () => {
    const names = files.map((file) => relative(sourceRoot, file));
    expect(names).toEqual(
      expect.arrayContaining([
        "index.ts",
        "client/secretClient.ts",
        "wire/base64url.ts",
        "http/pipeline-browser.ts",
      ]),
    );
    expect(names).not.toContain("http/pipeline.ts");
    expect(names.some((name) => name.startsWith("emulator"))).toBe(false);
  });

  it("use no Node built-in module and no Node-only global", () => {
    const findings = files.flatMap((file) =>
      findNodeOnlyReferencesByLine(readFileSync(file, "utf8")).map(
        (finding) => `${relative(repositoryRoot, file)}:${finding}`,
      ),
    );
    expect(findings).toEqual([]);
  });
});

describe("the source scan", () => {
  it("finds Node-only references with their line numbers and ignores comments", () => {
    const source = [
      'import { randomUUID } from "node:crypto";',
      "// Buffer is mentioned in a comment only",
      "const bytes = Buffer.from(text, 'base64');",
      "const level = process.env.LOG_LEVEL;",
      'import { inspect } from "util";',
      "const ok = new TextEncoder().encode(text);",
    ].join("\n");
    expect(findNodeOnlyReferencesByLine(source)).toEqual([
      "1: node:crypto",
      "3: Buffer",
      "4: process.env",
      "5: util",
    ]);
  });
});
