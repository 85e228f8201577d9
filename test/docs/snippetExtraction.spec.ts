// How the snippet test reads Markdown: which blocks become programs, what the markers do, what is refused,
// and how compiler output is traced back to Markdown lines.
import { describe, expect, it } from "vitest";
import { codeBlocks, emulatorFlags, mapDiagnostics, snippetPrograms } from "../helpers/docSnippets";

const markdown = (...lines: string[]): string => lines.join("\n");

describe("snippetPrograms", () => {
  it("makes one program of each TypeScript/JavaScript block and leaves other languages alone", () => {
    const text = markdown(
      "# Title", //                      1
      "```ts", //                        2
      "const a: number = 1;", //         3
      "```", //                          4
      "```sh", //                        5
      "npm install x", //                6
      "```", //                          7
      "```mjs", //                       8
      "console.log(1);", //              9
      "```", //                          10
      "```js", //                        11
      "console.log(2);", //              12
      "```", //                          13
    );
    const { programs, blocks, problems } = snippetPrograms("docs/guide.md", text);
    expect(problems).toEqual([]);
    expect(blocks.map((block) => block.language)).toEqual(["ts", "sh", "mjs", "js"]);
    expect(programs.map((program) => [program.label, program.fileName, program.source])).toEqual([
      ["docs/guide.md:2", "docs-guide-2.ts", "const a: number = 1;\n"],
      ["docs/guide.md:8", "docs-guide-8.mjs", "console.log(1);\n"],
      ["docs/guide.md:11", "docs-guide-11.js", "console.log(2);\n"],
    ]);
    expect(programs.every((program) => !program.typecheckOnly)).toBe(true);
  });

  it("joins a block marked `continues` to the previous program, keeping each line's origin", () => {
    const text = markdown(
      "```ts", //                                  1
      "const a = 1;", //                           2
      "```", //                                    3
      "Some prose.", //                            4
      "<!-- snippet: continues -->", //            5
      "", //                                       6
      "```ts", //                                  7
      "console.log(a);", //                        8
      "```", //                                    9
    );
    const [program] = snippetPrograms("README.md", text).programs;
    expect(program!.label).toBe("README.md:1 (+7)");
    expect(program!.source).toBe("const a = 1;\nconsole.log(a);\n");
    expect(program!.lineOrigins).toEqual([
      { file: "README.md", line: 2 },
      { file: "README.md", line: 8 },
    ]);
  });

  it("marks a program type-check-only when any of its blocks says so, with the reason", () => {
    const text = markdown(
      "<!-- snippet: typecheck-only (needs a real vault) -->",
      "```ts",
      "const a = 1;",
      "```",
      "<!-- snippet: continues -->",
      "```ts",
      "a;",
      "```",
      "```ts",
      "const b = 2;",
      "```",
    );
    const { programs, blocks } = snippetPrograms("README.md", text);
    expect(programs.map((program) => program.typecheckOnly)).toEqual([true, false]);
    expect(blocks[0]!.reason).toBe("needs a real vault");
  });

  it("keeps the code of an indented fence (in a list item) without the indentation", () => {
    const text = markdown("- step", "  ```ts", "  const a = 1;", "    nested();", "  ```");
    expect(snippetPrograms("README.md", text).programs[0]!.source).toBe("const a = 1;\n  nested();\n");
  });

  it("reads a marker only on a line of its own, not one quoted in prose", () => {
    const text = markdown("Mark it with `<!-- snippet: typecheck-only -->`.", "```ts", "x;", "```");
    const { programs, problems } = snippetPrograms("README.md", text);
    expect(problems).toEqual([]);
    expect(programs[0]!.typecheckOnly).toBe(false);
  });

  it.each([
    [["```", "x", "```"], 1, "code block without a language"],
    [["<!-- snippet: continues", "-->", "```ts", "x", "```"], 1, "a snippet marker is one line"],
    [["<!-- snippet: typecheckonly -->", "```ts", "x", "```"], 1, "unknown snippet marker"],
    [["<!-- snippet: continues -->", "Prose.", "```ts", "x", "```"], 1, "not followed by a code block"],
    [["<!-- snippet: typecheck-only -->", "```sh", "x", "```"], 2, "markers apply to TypeScript/JavaScript"],
    [["<!-- snippet: continues -->", "```ts", "x", "```"], 2, "nothing to continue"],
    [["```ts", "x", "```", "<!-- snippet: continues -->"], 4, "not followed by a code block"],
  ])("refuses %j (line %i: %s)", (lines, line, message) => {
    const { problems } = snippetPrograms("README.md", markdown(...lines));
    expect(problems).toEqual([{ file: "README.md", line, message: expect.stringContaining(message) }]);
  });
});

describe("mapDiagnostics", () => {
  const text = markdown("```ts", "const a = 1;", "```", "<!-- snippet: continues -->", "```ts", "b;", "```");
  const { programs } = snippetPrograms("README.md", text);

  it("reports a diagnostic at the Markdown line it comes from, continuation lines included", () => {
    const output = [
      "snippets/readme-1.ts(2,1): error TS2304: Cannot find name 'b'.",
      "  Did you mean 'a'?",
      "error TS5083: Cannot read file '/x/tsconfig.json'.",
    ].join("\n");
    const mapped = mapDiagnostics(output, programs);
    expect(mapped.byProgram.get(programs[0]!)).toEqual([
      "README.md:6:1 error TS2304: Cannot find name 'b'.\n  Did you mean 'a'?",
    ]);
    expect(mapped.other).toEqual(["error TS5083: Cannot read file '/x/tsconfig.json'."]);
  });

  it("keeps diagnostics of files that are no program apart", () => {
    const mapped = mapDiagnostics("node_modules/x/index.d.ts(1,1): error TS1005: ';' expected.", programs);
    expect(mapped.byProgram.size).toBe(0);
    expect(mapped.other).toHaveLength(1);
  });
});

describe("emulatorFlags", () => {
  it("lists the flags given to keyvault-emulator in shell blocks, up to a redirection, pipe or comment", () => {
    const text = markdown(
      "```sh", //                                                                    1
      "npx keyvault-emulator --port 0 --vault dev:purge-protection | head -1 --x", // 2
      "./node_modules/.bin/keyvault-emulator --data a.json 2> log & # --nope", //      3
      "npm test -- --watch", //                                                       4
      "```", //                                                                       5
      "```text", //                                                                   6
      "keyvault-emulator --not-a-shell-block", //                                     7
      "```", //                                                                       8
    );
    const flags = emulatorFlags(codeBlocks("README.md", text).blocks);
    expect(flags.map(({ line, flag }) => [line, flag])).toEqual([
      [2, "--port"],
      [2, "--vault"],
      [3, "--data"],
    ]);
  });
});
