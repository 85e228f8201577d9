// The browser mapping: every `name-browser.ts` in src/ stands in for a Node twin with the same exports,
// and the build step that makes dist/browser swaps the compiled twins in (source maps along).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { applyBrowserVariants, browserTwinOf } from "../../scripts/browserVariants.mjs";

const sourceRoot = fileURLToPath(new URL("../../src", import.meta.url));

function browserTwins(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return browserTwins(path);
    return entry.name.endsWith("-browser.ts") ? [path] : [];
  });
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe("the browser twins in src/", () => {
  const twins = browserTwins(sourceRoot);

  it("include the pipeline's", () => {
    expect(twins.map((twin) => relative(sourceRoot, twin))).toContain("http/pipeline-browser.ts");
  });

  it.each(twins.map((twin) => [relative(sourceRoot, twin), twin]))(
    "%s exports exactly what its Node twin exports",
    async (_name, twin) => {
      const nodeTwin = twin.replace(/-browser\.ts$/, ".ts");
      expect(browserTwinOf(nodeTwin)).toBe(twin);
      const [browserModule, nodeModule] = await Promise.all([import(twin), import(nodeTwin)]);
      expect(Object.keys(browserModule).sort()).toEqual(Object.keys(nodeModule).sort());
    },
  );
});

describe("applyBrowserVariants", () => {
  it("replaces each compiled file by its browser twin and removes the twin's files", () => {
    scratch = mkdtempSync(join(tmpdir(), "kvsc-variants-"));
    mkdirSync(join(scratch, "http"));
    const write = (name: string, text: string) => writeFileSync(join(scratch!, "http", name), text);
    write("pipeline.js", "node();\n//# sourceMappingURL=pipeline.js.map");
    write("pipeline.js.map", JSON.stringify({ file: "pipeline.js", sources: ["pipeline.ts"] }));
    write("pipeline.d.ts", "export declare function f(): void;");
    write("pipeline-browser.js", "browser();\n//# sourceMappingURL=pipeline-browser.js.map");
    write(
      "pipeline-browser.js.map",
      JSON.stringify({ file: "pipeline-browser.js", sources: ["x-browser.ts"] }),
    );
    write("pipeline-browser.d.ts", "export declare function f(): void;");
    write("other.js", "other();");

    expect(applyBrowserVariants(scratch)).toEqual([join("http", "pipeline.js")]);
    const read = (name: string) => readFileSync(join(scratch!, "http", name), "utf8");
    expect(read("pipeline.js")).toBe("browser();\n//# sourceMappingURL=pipeline.js.map");
    expect(JSON.parse(read("pipeline.js.map"))).toEqual({ file: "pipeline.js", sources: ["x-browser.ts"] });
    expect(read("pipeline.d.ts")).toBe("export declare function f(): void;");
    expect(read("other.js")).toBe("other();");
    for (const gone of ["pipeline-browser.js", "pipeline-browser.js.map", "pipeline-browser.d.ts"]) {
      expect(existsSync(join(scratch, "http", gone))).toBe(false);
    }
  });

  it("refuses a browser twin without a Node file to replace", () => {
    scratch = mkdtempSync(join(tmpdir(), "kvsc-variants-"));
    writeFileSync(join(scratch, "orphan-browser.js"), "x();");
    expect(() => applyBrowserVariants(scratch!)).toThrow(/orphan-browser\.js has no Node twin orphan\.js/);
  });
});
