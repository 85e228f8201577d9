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
import { smokeSteps } from "./fixtures/smokeScenario";

const { consumerDir, binaries } = inject("runtimeMatrix");

/** How each runtime runs a script, and how it is told to trust the emulator's CA. */
const runs = [
  {
    name: "Node 20",
    format: "ESM",
    command: process.execPath,
    args: ["runner.mjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Node 20",
    format: "CJS",
    command: process.execPath,
    args: ["runner.cjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Node 22",
    format: "ESM",
    command: binaries.node22,
    args: ["runner.mjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Node 22",
    format: "CJS",
    command: binaries.node22,
    args: ["runner.cjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Node 24",
    format: "ESM",
    command: binaries.node24,
    args: ["runner.mjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Node 24",
    format: "CJS",
    command: binaries.node24,
    args: ["runner.cjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Bun",
    format: "ESM",
    command: binaries.bun,
    args: ["runner.mjs"],
    caVariable: "NODE_EXTRA_CA_CERTS",
  },
  {
    name: "Deno",
    format: "ESM",
    command: binaries.deno,
    // The permissions the client needs, no more: network, the two variables it reads, and the OS release
    // core's user agent reports.
    args: ["run", "--allow-net", "--allow-env", "--allow-sys=osRelease", "runner.mjs"],
    caVariable: "DENO_CERT",
  },
] as const;

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
    expect(reportedSteps(result.stdout)).toEqual(smokeSteps);
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
