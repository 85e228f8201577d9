// The browser mapping: every `name-browser.ts` in src/ stands in for a Node twin with the same exports
// (the dist/browser bundle built with it is checked by test/package/package.spec.ts).
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { browserTwinOf } from "../../scripts/browserVariants.mjs";

const sourceRoot = fileURLToPath(new URL("../../src", import.meta.url));

function browserTwins(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return browserTwins(path);
    return entry.name.endsWith("-browser.ts") ? [path] : [];
  });
}

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
