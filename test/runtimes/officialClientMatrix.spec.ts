// The same smoke scenario with the official @azure/keyvault-secrets in every runtime of the matrix, for the
// README's comparison column: not required to pass, but the column must say what happens.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../helpers/packedPackage";
import {
  reportedSteps,
  runCommand,
  startScenarioTarget,
  type CommandResult,
  type ScenarioTarget,
} from "../helpers/runtimeTarget";
import { runWorkerTest } from "../helpers/workerd";
import { smokeSteps } from "./fixtures/smokeScenario";
import { matrix, scriptCommand, type MatrixRuntime } from "./matrix";

const { consumerDir, binaries } = inject("runtimeMatrix");
const official = "@azure/keyvault-secrets";

/** The README table's comparison column, by runtime label. */
function readmeOfficialColumn(): Map<string, string> {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const table = readme.slice(
    readme.indexOf("<!-- runtime-matrix:start -->"),
    readme.indexOf("<!-- runtime-matrix:end -->"),
  );
  const rows = table.split("\n").filter((line) => line.startsWith("| ") && !/^\| (Runtime|---)/.test(line));
  return new Map(
    rows.map((line) => line.split("|").map((cell) => cell.trim())).map((cells) => [cells[1]!, cells[5]!]),
  );
}

/** One line: which steps failed (with the first line of why) and what console.log showed. */
function outcome(result: CommandResult): string {
  const failures = result.stdout
    .split("\n")
    .filter((line) => line.startsWith("not ok "))
    .map((line) => line.slice("not ok ".length).replace(/https:\/\/127\.0\.0\.1:\d+/g, "<vault>"));
  const printsValue = result.stdout.includes("value-2") ? "; `console.log` prints the secret value" : "";
  if (reportedSteps(result.stdout).length + failures.length !== smokeSteps.length) {
    return `Does not finish (exit ${result.code}): ${result.stderr.trim().split("\n")[0]}`;
  }
  return failures.length === 0 ? `Passes${printsValue}` : `Fails ${failures.join("; ")}${printsValue}`;
}

async function runOfficial(runtime: MatrixRuntime, target: ScenarioTarget): Promise<CommandResult> {
  if (runtime.provisioned === "workerd") {
    const bundle = join(consumerDir, "official-worker.mjs");
    // The README's esbuild recipe, with the official client's Worker as the entry.
    const args = [
      "officialWorker.mjs",
      "--bundle",
      "--format=esm",
      "--platform=browser",
      "--conditions=worker,browser",
      `--outfile=${bundle}`,
    ];
    const built = await runCommand(join(repoRoot, "node_modules/.bin/esbuild"), args, consumerDir, {});
    if (built.code !== 0) return built;
    return runWorkerTest({
      workerd: binaries.workerd,
      bundle,
      caCertificatePath: target.caCertificatePath,
      bindings: { KEYVAULT_URI: target.vaultUrl, TOKEN_URL: target.tokenUrl },
      compatibilityDate: "2026-11-01",
    });
  }
  const { command, args, caVariable } = scriptCommand(runtime, "runner.mjs", binaries);
  return runCommand(command, args, consumerDir, {
    CLIENT: official,
    KEYVAULT_URI: target.vaultUrl,
    TOKEN_URL: target.tokenUrl,
    [caVariable]: target.caCertificatePath,
  });
}

describe(`the official ${official} in each runtime (README comparison column)`, () => {
  it("is installed the way a fresh install resolves it, with the @azure/keyvault-common the README names", () => {
    const installed = (name: string) =>
      JSON.parse(readFileSync(join(consumerDir, "node_modules", name, "package.json"), "utf8")).version;
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    expect(readme).toContain(`\`npm install ${official}@${installed(official)}\` resolves it today, with`);
    expect(readme).toContain(`\`@azure/keyvault-common\` ${installed("@azure/keyvault-common")}):`);
  });

  let target: ScenarioTarget;
  beforeEach(async () => {
    target = await startScenarioTarget();
  });
  afterEach(() => target?.close());

  it.each(matrix)("$label: the README says what happens", async (runtime) => {
    const result = await runOfficial(runtime, target);
    const observed = outcome(result);
    expect(readmeOfficialColumn().get(runtime.label), `observed: ${observed}`).toBe(observed);
  });
});
