// The browser sample (samples/browser) builds cleanly with esbuild and with Vite: no warnings, no Node
// built-ins, and core-rest-pipeline's browser build (fetch-based HttpClient) inside.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { findNodeOnlyReferences } from "../helpers/nodeBuiltins";
import {
  buildInMemoryWithVite,
  buildSampleInMemoryWithEsbuild,
  type EsbuildSampleBuildResult,
  type SampleBuild,
} from "../helpers/sampleBuilds";

const nodeBuiltinFixture = fileURLToPath(new URL("./fixtures/nodeBuiltinPage", import.meta.url));

function scripts(build: SampleBuild): string[] {
  return Object.entries(build.files)
    .filter(([path]) => path.endsWith(".js"))
    .map(([, file]) => String(file.body));
}

/** Node built-ins and Buffer; guarded `process.env` reads in dependencies' browser builds are fine. */
function nodeBuiltinsIn(code: string): string[] {
  return findNodeOnlyReferences(code).filter((reference) => !reference.startsWith("process."));
}

describe("the browser sample built with esbuild", () => {
  let build: EsbuildSampleBuildResult;
  beforeAll(async () => {
    build = await buildSampleInMemoryWithEsbuild();
  });

  it("succeeds without warnings", () => {
    expect(build.warnings).toEqual([]);
    expect(scripts(build)).toHaveLength(1);
  });

  it("contains no Node built-in and no Buffer", () => {
    expect(nodeBuiltinsIn(scripts(build)[0])).toEqual([]);
  });

  it("takes every dependency from its browser build, with the fetch-based HttpClient", () => {
    const dependencyInputs = Object.keys(build.metafile.inputs).filter((path) =>
      path.includes("node_modules/"),
    );
    expect(dependencyInputs.length).toBeGreaterThan(0);
    expect(dependencyInputs.filter((path) => !/\/dist\/browser\//.test(path))).toEqual([]);
    expect(dependencyInputs.some((path) => path.endsWith("/fetchHttpClient.js"))).toBe(true);
    expect(dependencyInputs.filter((path) => /nodeHttpClient|undici|https?Agent/.test(path))).toEqual([]);
  });

  it("rewrites index.html to load the bundle", () => {
    expect(String(build.files["/"].body)).toContain('src="./main.js"');
  });
});

describe("the browser sample built with Vite", () => {
  let build: SampleBuild;
  beforeAll(async () => {
    build = await buildInMemoryWithVite();
  });

  it("succeeds without warnings", () => {
    expect(build.warnings).toEqual([]);
    expect(scripts(build).length).toBeGreaterThan(0);
  });

  it("contains no Node built-in and no Buffer", () => {
    expect(scripts(build).flatMap(nodeBuiltinsIn)).toEqual([]);
  });

  it("emits an index.html that loads the hashed bundle", () => {
    const html = String(build.files["/index.html"].body);
    const script = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"/.exec(html);
    expect(script).not.toBeNull();
    expect(build.files[`/${script![1]}`]).toBeDefined();
  });
});

describe("the build-warning capture", () => {
  it("reports a page that imports a Node built-in (the control for the checks above)", async () => {
    const build = await buildInMemoryWithVite(nodeBuiltinFixture);
    expect(build.warnings.join("\n")).toMatch(/"node:fs" has been externalized for browser compatibility/);
  });

  it("finds Node built-ins and Buffer in bundled code", () => {
    expect(
      nodeBuiltinsIn(`import{readFile as a}from"node:fs";const b=require("crypto");Buffer.from(a);`),
    ).toEqual(["node:fs", "crypto", "Buffer"]);
    expect(nodeBuiltinsIn(`const a=new ArrayBuffer(8);fetch("/x");import("./chunk.js")`)).toEqual([]);
  });
});
