// Keeps README.md honest: its TypeScript snippets are quoted from samples/ (which the tests run or build), its
// Getting started commands are the real ones, and its emulator flag table matches `keyvault-emulator --help`.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const sampleFiles = readdirSync(join(root, "samples")).filter((file) => file.endsWith(".ts"));
/** Every TypeScript file under samples/ (the browser sample included), relative to samples/. */
const quotableFiles = readdirSync(join(root, "samples"), { recursive: true, encoding: "utf8" }).filter(
  (file) => /\.m?ts$/.test(file) && !file.includes("node_modules"),
);

/** The ```ts blocks of the README. */
function typeScriptSnippets(): string[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** Lines that carry code: not blank, not a comment, not only closing brackets. */
function codeLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//") && !/^[\])};,]+$/.test(line));
}

describe("README.md", () => {
  it("has Getting started commands that are exactly `npm ci && npm start` and `npm test`", () => {
    const section = readme.slice(readme.indexOf("## Getting started"), readme.indexOf("## Install"));
    expect(section).toContain("```sh\nnpm ci && npm start\n```");
    expect(section).toContain("```sh\nnpm test\n```");
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    expect(scripts.start).toBe("ts-node samples/tour.ts");
  });

  it("quotes every line of every TypeScript snippet from a sample", () => {
    const sampleLines = new Set(
      quotableFiles.flatMap((file) => codeLines(readFileSync(join(root, "samples", file), "utf8"))),
    );
    const snippets = typeScriptSnippets();
    expect(snippets.length).toBeGreaterThan(20);
    const unquoted = snippets.flatMap(codeLines).filter((line) => !sampleLines.has(line));
    expect(unquoted).toEqual([]);
  });

  it("lists every sample and only existing ones", () => {
    const listed = [...readme.matchAll(/`npx ts-node samples\/(\w+)\.ts`/g)].map((match) => `${match[1]}.ts`);
    const runnable = sampleFiles.filter((file) => file !== "connect.ts" && file !== "tour.ts");
    expect(new Set(listed)).toEqual(new Set(runnable));
  });

  it("documents exactly the flags `keyvault-emulator --help` prints", () => {
    const help = execFileSync(process.execPath, [join(root, "dist/cjs/emulator/cli.js"), "--help"], {
      encoding: "utf8",
    });
    const flags = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]));
    const table = readme.slice(readme.indexOf("| Flag |"), readme.indexOf("It runs until"));
    expect(flags(table, /^\| `(--[a-z-]+)/gm)).toEqual(flags(help, /^\s+(--[a-z-]+)/gm));
  });
});
