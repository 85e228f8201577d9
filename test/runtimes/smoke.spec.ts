// The smoke scenario, run by the packed package installed in a scratch consumer, in every runtime of the
// matrix that runs scripts (workerd runs a bundled Worker: workers.spec.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  reportedSteps,
  runCommand,
  startScenarioTarget,
  type CommandResult,
  type ScenarioTarget,
} from "../helpers/runtimeTarget";
import { ourSmokeSteps } from "./fixtures/smokeScenario";
import { matrix, scriptCommand } from "./matrix";

const { consumerDir, binaries } = inject("runtimeMatrix");

// Every runtime of the matrix that runs scripts, in each module format it is listed with.
const runs = matrix
  .filter((runtime) => runtime.provisioned !== "workerd")
  .flatMap((runtime) =>
    runtime.formats.map((format) => ({
      name: runtime.label,
      format,
      ...scriptCommand(runtime, format === "CJS" ? "runner.cjs" : "runner.mjs", binaries),
    })),
  );

describe.each(runs)("$name ($format)", ({ format, command, args, caVariable }) => {
  let target: ScenarioTarget;
  let result: CommandResult;
  beforeAll(async () => {
    target = await startScenarioTarget();
    result = await runCommand(command, [...args], consumerDir, {
      KEYVAULT_URI: target.vaultUrl,
      TOKEN_URL: target.tokenUrl,
      [caVariable]: target.caCertificatePath,
    });
  });
  afterAll(() => target?.close());

  it("runs every step of the smoke scenario against the HTTPS emulator", () => {
    expect(result.stderr).toBe("");
    expect(reportedSteps(result.stdout)).toEqual(ourSmokeSteps);
    expect(result.code).toBe(0);
  });

  it(`loads the package's ${format} build`, () => {
    const build = format === "CJS" ? "cjs" : "esm";
    expect(result.stdout).toMatch(
      new RegExp(`^entry .*/node_modules/keyvault-secrets-client/dist/${build}/index\\.js$`, "m"),
    );
  });

  it("prints a secret with console.log as [REDACTED]", () => {
    expect(result.stdout).toMatch(/value: ["']\[REDACTED\]["']/);
    expect(result.stdout).not.toContain("value-2");
  });
});
