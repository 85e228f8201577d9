// Turns the fenced code blocks of a Markdown file into the programs the snippet test type-checks and runs,
// and maps compiler diagnostics back to the Markdown lines they came from. See test/samples/docSnippets.spec.ts
// for the conventions (markers) this implements.

/** Info-string languages whose blocks are type-checked and run; everything else is only shown. */
const languageExtensions: Record<string, ".ts" | ".js" | ".mjs"> = {
  ts: ".ts",
  typescript: ".ts",
  mts: ".ts",
  js: ".js",
  javascript: ".js",
  mjs: ".mjs",
};

/** The words a `<!-- snippet: … -->` marker may carry. */
export const snippetMarkers = ["typecheck-only", "continues"] as const;
export type SnippetMarker = (typeof snippetMarkers)[number];

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository (`README.md`, `docs/emulator.md`). */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word, lower case (`ts`, `sh`, `text`). */
  language: string;
  /** The block's lines, without the fences (and without the fence's indentation). */
  lines: string[];
  /** The marker words of the `<!-- snippet: … -->` comment right before the block. */
  markers: SnippetMarker[];
  /** The marker's parenthesised reason, if any: `<!-- snippet: typecheck-only (needs a real vault) -->`. */
  reason?: string;
}

/** Where a line of a program comes from. */
export interface SourceLine {
  file: string;
  line: number;
}

/** One program: a TypeScript/JavaScript block, with the blocks marked `continues` that follow it. */
export interface SnippetProgram {
  /** `README.md:165`, or `README.md:165 (+171, 240)` for a block continued by others. */
  label: string;
  /** File name in the scratch app (`readme-165.ts`), unique per repository. */
  fileName: string;
  blocks: CodeBlock[];
  /** The blocks' code, one after the other. */
  source: string;
  /** `lineOrigins[i]` is where line i+1 of `source` comes from. */
  lineOrigins: SourceLine[];
  /** True when a block of the program is marked `typecheck-only`: it is compiled but never run. */
  typecheckOnly: boolean;
}

/** A Markdown construct the extractor refuses rather than guess about. */
export interface MarkupProblem {
  file: string;
  line: number;
  message: string;
}

/** True for the languages whose blocks are type-checked and run. */
export function isProgramLanguage(language: string): boolean {
  return Object.hasOwn(languageExtensions, language);
}

const fenceOpen = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const markerLine = /^\s*<!--\s*snippet\b(.*?)-->\s*$/;
const markerBody = /^:\s*([a-z-]+(?:[\s,]+[a-z-]+)*)\s*(?:\(([^)]*)\))?\s*$/;

/** The fenced code blocks of `text`, each with the marker right before it; problems for what is malformed. */
export function codeBlocks(file: string, text: string): { blocks: CodeBlock[]; problems: MarkupProblem[] } {
  const lines = text.split("\n");
  const blocks: CodeBlock[] = [];
  const problems: MarkupProblem[] = [];
  let pending: { line: number; markers: SnippetMarker[]; reason?: string } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const marker = markerLine.exec(line);
    if (marker) {
      if (pending)
        problems.push({ file, line: pending.line, message: "snippet marker not followed by a code block" });
      pending = parseMarker(file, index + 1, marker[1]!, problems);
      continue;
    }
    if (/^\s*<!--\s*snippet\b/.test(line)) {
      problems.push({
        file,
        line: index + 1,
        message: "a snippet marker is one line: <!-- snippet: WORDS -->",
      });
      continue;
    }
    const open = fenceOpen.exec(line);
    if (!open) {
      if (pending && line.trim() !== "") {
        problems.push({ file, line: pending.line, message: "snippet marker not followed by a code block" });
        pending = undefined;
      }
      continue;
    }
    const [, indent, fence, info] = open;
    if (fence![0] === "`" && info!.includes("`")) continue; // inline code spanning a line, not a fence
    const close = new RegExp(`^ {0,3}${fence![0]}{${fence!.length},}\\s*$`);
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !close.test(lines[end]!)) {
      body.push(lines[end]!.replace(new RegExp(`^ {0,${indent!.length}}`), ""));
      end++;
    }
    const language = info!.trim().split(/\s+/)[0]!.toLowerCase();
    if (language === "") {
      problems.push({
        file,
        line: index + 1,
        message: "code block without a language (```ts, ```sh, ```text …)",
      });
    }
    blocks.push({
      file,
      line: index + 1,
      language,
      lines: body,
      markers: pending?.markers ?? [],
      ...(pending?.reason ? { reason: pending.reason } : {}),
    });
    pending = undefined;
    index = end;
  }
  if (pending)
    problems.push({ file, line: pending.line, message: "snippet marker not followed by a code block" });
  return { blocks, problems };
}

function parseMarker(
  file: string,
  line: number,
  body: string,
  problems: MarkupProblem[],
): { line: number; markers: SnippetMarker[]; reason?: string } {
  const parsed = markerBody.exec(body.trim());
  const words = parsed ? parsed[1]!.split(/[\s,]+/) : [];
  const unknown = words.filter((word) => !(snippetMarkers as readonly string[]).includes(word));
  if (!parsed || unknown.length > 0) {
    problems.push({
      file,
      line,
      message:
        `unknown snippet marker "<!-- snippet${body}-->": write <!-- snippet: ${snippetMarkers.join(" | ")} ` +
        `[(reason)] -->`,
    });
    return { line, markers: [] };
  }
  return { line, markers: words as SnippetMarker[], ...(parsed[2] ? { reason: parsed[2].trim() } : {}) };
}

/** A file-name stem for `file`: `README.md` → `readme`, `docs/service-behaviour.md` → `docs-service-behaviour`. */
function stem(file: string): string {
  return file
    .replace(/\.md$/i, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase();
}

/** The programs of one Markdown file: each TypeScript/JavaScript block, joined with its `continues` blocks. */
export function snippetPrograms(
  file: string,
  text: string,
): { programs: SnippetProgram[]; blocks: CodeBlock[]; problems: MarkupProblem[] } {
  const { blocks, problems } = codeBlocks(file, text);
  const groups: CodeBlock[][] = [];
  for (const block of blocks) {
    if (!isProgramLanguage(block.language)) {
      if (block.markers.length > 0) {
        problems.push({
          file,
          line: block.line,
          message: `snippet marker on a \`${block.language}\` block: markers apply to TypeScript/JavaScript blocks`,
        });
      }
      continue;
    }
    if (block.markers.includes("continues")) {
      const previous = groups.at(-1);
      if (!previous) {
        problems.push({
          file,
          line: block.line,
          message:
            "`continues` on the file's first TypeScript/JavaScript block: there is nothing to continue",
        });
      } else {
        previous.push(block);
        continue;
      }
    }
    groups.push([block]);
  }
  return { programs: groups.map((group) => program(file, group)), blocks, problems };
}

function program(file: string, blocks: CodeBlock[]): SnippetProgram {
  const [first, ...rest] = blocks as [CodeBlock, ...CodeBlock[]];
  const extensions = blocks.map((block) => languageExtensions[block.language]);
  const extension = extensions.includes(".ts") ? ".ts" : extensions.includes(".mjs") ? ".mjs" : ".js";
  const lineOrigins = blocks.flatMap((block) =>
    block.lines.map((_, i) => ({ file, line: block.line + 1 + i })),
  );
  return {
    label: `${file}:${first.line}${rest.length > 0 ? ` (+${rest.map((block) => block.line).join(", ")})` : ""}`,
    fileName: `${stem(file)}-${first.line}${extension}`,
    blocks,
    source: `${blocks.flatMap((block) => block.lines).join("\n")}\n`,
    lineOrigins,
    typecheckOnly: blocks.some((block) => block.markers.includes("typecheck-only")),
  };
}

/** A command-line flag a shell block passes to keyvault-emulator. */
export interface EmulatorFlag {
  file: string;
  line: number;
  flag: string;
  /** The whole line, trimmed. */
  command: string;
}

/**
 * The `--flags` given to `keyvault-emulator` in shell blocks (`sh`, `bash`, `shell`, `console`): the words
 * after the command name up to a pipe, `;`, `&`, a redirection or a comment.
 */
export function emulatorFlags(blocks: readonly CodeBlock[]): EmulatorFlag[] {
  return blocks
    .filter((block) => ["sh", "bash", "shell", "console"].includes(block.language))
    .flatMap((block) =>
      block.lines.flatMap((text, index) =>
        [...text.matchAll(/keyvault-emulator((?:[ \t]+[^\s|;&#>]+)*)/g)]
          .flatMap((match) => match[1]!.match(/(?<=^|\s)--[a-z][a-z-]*/g) ?? [])
          .map((flag) => ({ file: block.file, line: block.line + 1 + index, flag, command: text.trim() })),
      ),
    );
}

/** Compiler diagnostics, by program, with positions in the Markdown; `other` holds those of no program. */
export interface MappedDiagnostics {
  byProgram: Map<SnippetProgram, string[]>;
  other: string[];
}

const diagnosticLine = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;

/**
 * Reads `tsc --pretty false` output: `dir/readme-165.ts(3,5): error TS2304: …` lines (their continuation
 * lines indented below them) become `README.md:167:5 error TS2304: …` under the program they belong to.
 */
export function mapDiagnostics(output: string, programs: readonly SnippetProgram[]): MappedDiagnostics {
  const byName = new Map(programs.map((p) => [p.fileName, p]));
  const byProgram = new Map<SnippetProgram, string[]>();
  const other: string[] = [];
  let last: string[] | undefined;
  let lastIndex = -1;
  for (const line of output.split("\n")) {
    if (line.trim() === "") continue;
    if (/^\s/.test(line) && last) {
      last[lastIndex] += `\n${line}`;
      continue;
    }
    const match = diagnosticLine.exec(line);
    const owner = match ? byName.get(match[1]!.split(/[\\/]/).at(-1)!) : undefined;
    if (!match || !owner) {
      other.push(line);
      last = other;
      lastIndex = other.length - 1;
      continue;
    }
    const [, , row, column, severity, code, message] = match;
    const origin = owner.lineOrigins[Number(row) - 1];
    const where = origin ? `${origin.file}:${origin.line}:${column}` : `${owner.label} (line ${row})`;
    const list = byProgram.get(owner) ?? [];
    list.push(`${where} ${severity} ${code}: ${message}`);
    byProgram.set(owner, list);
    last = list;
    lastIndex = list.length - 1;
  }
  return { byProgram, other };
}
