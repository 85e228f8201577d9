// The README's "Supported runtimes" table and package.json's engines say exactly what the matrix tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/packedPackage";
import { matrix } from "./matrix";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const table = readme.slice(
  readme.indexOf("<!-- runtime-matrix:start -->"),
  readme.indexOf("<!-- runtime-matrix:end -->"),
);
const rows = table
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| Runtime") && !line.startsWith("| ---"))
  .map((line) =>
    line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim()),
  )
  .map(([runtime, versions, formats, notes]) => ({ runtime, versions, formats, notes }));
const engines: string = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).engines.node;

describe("README Supported runtimes", () => {
  it("lists exactly the runtimes of the matrix", () => {
    expect(rows.map((row) => row.runtime).sort()).toEqual(matrix.map((runtime) => runtime.label).sort());
  });

  it.each(matrix)("states the version and module formats $label is tested with", (runtime) => {
    const row = rows.find((candidate) => candidate.runtime === runtime.label)!;
    // Node 20 is the Node running the tests: the table names the version of this machine's Node.
    expect(row.versions).toBe(runtime.version);
    expect(row.formats).toBe(runtime.formats.join(", "));
    if (!runtime.supported) expect(row.notes).toMatch(/not supported/);
  });
});

describe("package.json engines", () => {
  const minimum = /^>=(\d+)$/.exec(engines);
  const supportedNodes = matrix.filter((runtime) => runtime.label.startsWith("Node") && runtime.supported);

  it("is a lower bound on Node's major version", () => {
    expect(minimum, engines).not.toBeNull();
  });

  it("starts at the oldest supported Node of the matrix, and every tested Node below it is marked unsupported", () => {
    const majors = supportedNodes.map((runtime) => Number(runtime.version.split(".")[0]));
    expect(Number(minimum![1])).toBe(Math.min(...majors));
    for (const runtime of matrix.filter((r) => r.label.startsWith("Node"))) {
      const major = Number(runtime.version.split(".")[0]);
      expect(runtime.supported).toBe(major >= Number(minimum![1]));
    }
  });
});
