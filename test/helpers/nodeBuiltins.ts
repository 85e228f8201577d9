// Finds what a browser bundle or browser-bound source must not contain: imports of Node built-in modules,
// and Node-only globals (Buffer, __dirname, process.*) that browsers lack.
import { builtinModules } from "node:module";

const BUILTINS = new Set(builtinModules);

// `require("fs")`, `from "node:fs"`, `import("os")`, `import "tls"`, minified or not.
const MODULE_REFERENCE =
  /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'](node:)?([a-z_0-9/]+)["']/g;
const NODE_GLOBAL =
  /\b(Buffer|__dirname|__filename|setImmediate)\b|\bprocess\.(?:env|versions?|platform|nextTick|hrtime|cwd)\b/g;

/** Every Node built-in module or Node-only global `code` refers to, in order of appearance. */
export function findNodeOnlyReferences(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(MODULE_REFERENCE)) {
    const [, nodePrefix, name] = match;
    if (nodePrefix || BUILTINS.has(name) || BUILTINS.has(name.split("/")[0])) {
      found.push(`${nodePrefix ?? ""}${name}`);
    }
  }
  for (const match of code.matchAll(NODE_GLOBAL)) found.push(match[0]);
  return found;
}

/** Like {@link findNodeOnlyReferences}, per line: `"<line>: <reference>"`, skipping comment-only lines. */
export function findNodeOnlyReferencesByLine(source: string): string[] {
  return source.split("\n").flatMap((line, index) => {
    const trimmed = line.trim();
    if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) return [];
    return findNodeOnlyReferences(line).map((reference) => `${index + 1}: ${reference}`);
  });
}
