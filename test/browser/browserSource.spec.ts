// Everything the "." entry can reach in a browser (src/ outside src/emulator, with every file that has a
// `-browser` twin replaced by that twin) must run there as written: no Node built-in imports and no
// Node-only globals (Buffer, process.*, __dirname, setImmediate). A finding names the file and line, so
// the owner can fix the source rather than ship a polyfill.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { browserTwinOf } from "../../scripts/browserVariants.mjs";
import { findNodeOnlyReferencesByLine } from "../helpers/nodeBuiltins";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const sourceRoot = join(repositoryRoot, "src");
const nodeOnlyDirectory = join(sourceRoot, "emulator");

function browserBoundSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return path === nodeOnlyDirectory ? [] : browserBoundSources(path);
    // A file with a browser twin never reaches a browser: the twin is scanned in its place.
    return entry.name.endsWith(".ts") && !browserTwinOf(path) ? [path] : [];
  });
}

describe("the browser-bound sources (src/ outside src/emulator)", () => {
  const files = browserBoundSources(sourceRoot);

  it("include the client's entry and layers", () => {
    const names = files.map((file) => relative(sourceRoot, file));
    expect(names).toEqual(
      expect.arrayContaining([
        "index.ts",
        "secretClient.ts",
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
