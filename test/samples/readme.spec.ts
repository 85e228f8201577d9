// Keeps README.md and docs/ honest: every TypeScript or JavaScript example is a file of samples/snippets/
// (which docSnippets.spec.ts type-checks and runs), the clone commands are the real ones, the sample list names
// the real samples, and the emulator flag table matches `keyvault-emulator --help`.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const readme = read("README.md");
const documents = ["README.md", ...readdirSync(join(root, "docs")).map((file) => `docs/${file}`)].filter(
  (path) => path.endsWith(".md"),
);
const snippetFiles = readdirSync(join(root, "samples", "snippets")).filter((file) => file.endsWith(".mjs"));
const sampleFiles = readdirSync(join(root, "samples")).filter((file) => file.endsWith(".ts"));

/** The ```ts and ```js blocks of a Markdown document, without their fences. */
function codeExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|js)\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/** A section from its heading to the next heading of the same level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}`);
  expect(start, `${heading} is missing`).toBeGreaterThan(-1);
  const end = markdown.indexOf("\n## ", start + heading.length);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe("README.md", () => {
  it("has a Getting started section with the clone commands, exactly `npm ci && npm start` and `npm test`", () => {
    const gettingStarted = section(readme, "## Getting started");
    expect(gettingStarted).toContain("```sh\nnpm ci && npm start\n```");
    expect(gettingStarted).toContain("```sh\nnpm test\n```");
    const scripts = JSON.parse(read("package.json")).scripts;
    expect(scripts.start).toBe("ts-node samples/tour.ts");
  });

  it("opens with a quick start of at most 15 lines that installs the package and starts the emulator", () => {
    const quickStart = section(readme, "## Quick start").trim();
    expect(readme.slice(readme.indexOf("\n## ") + 1)).toMatch(/^## Quick start\n/);
    expect(quickStart.split("\n").length).toBeLessThanOrEqual(15);
    expect(quickStart).toContain("npm i keyvault-secrets-client");
    expect(quickStart).toContain("npx keyvault-emulator");
    expect(quickStart).toContain("getSecret(");
  });

  it("stays under 500 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(500);
  });
});

describe("code examples of README.md and docs/", () => {
  const examples = documents.flatMap((path) => codeExamples(read(path)).map((code) => ({ path, code })));
  const snippets = new Map(snippetFiles.map((file) => [read(`samples/snippets/${file}`), file]));

  it("are each a file of samples/snippets/, verbatim", () => {
    expect(examples.length).toBeGreaterThan(15);
    const notSnippets = examples.filter(({ code }) => !snippets.has(code));
    expect(notSnippets.map(({ path, code }) => `${path}: ${code.split("\n")[0]}…`)).toEqual([]);
  });

  it("show every file of samples/snippets/", () => {
    const shown = new Set(examples.map(({ code }) => snippets.get(code)));
    expect(snippetFiles.filter((file) => !shown.has(file))).toEqual([]);
  });
});

describe("CONTRIBUTING.md", () => {
  it("lists every sample and only existing ones", () => {
    const contributing = read("CONTRIBUTING.md");
    const listed = [...contributing.matchAll(/`npx ts-node samples\/(\w+)\.ts`/g)].map(
      (match) => `${match[1]}.ts`,
    );
    const runnable = sampleFiles.filter((file) => file !== "connect.ts" && file !== "tour.ts");
    expect(new Set(listed)).toEqual(new Set(runnable));
  });
});

describe("docs/emulator.md", () => {
  it("documents exactly the flags `keyvault-emulator --help` prints", () => {
    const help = execFileSync(process.execPath, [join(root, "dist/cjs/emulator/cli.js"), "--help"], {
      encoding: "utf8",
    });
    const flags = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]));
    const emulatorGuide = read("docs/emulator.md");
    const table = emulatorGuide.slice(
      emulatorGuide.indexOf("| Flag |"),
      emulatorGuide.indexOf("It runs until"),
    );
    expect(flags(table, /^\| `(--[a-z-]+)/gm)).toEqual(flags(help, /^\s+(--[a-z-]+)/gm));
  });
});
