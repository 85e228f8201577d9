// Three SDKs, one emulator with two vaults, challenge verification ON everywhere: the official
// @azure/keyvault-secrets (unmodified, its process preloaded with keyvault-secrets-client/emulator/localhost
// so *.vault.localhost resolves), our client (which resolves *.localhost itself: no preload), and the
// official Azure SDK for Python (azure-keyvault-secrets + azure-identity). Each signs in with an unmodified
// DefaultAzureCredential through the emulator's managed-identity endpoint, configured only by what the CLI
// printed, and runs the same scenario set in each vault (test/helpers/crossSdk/).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  repositoryRoot,
  runNode,
  runProcess,
  startCliEmulator,
  type CliEmulator,
  type ProcessResult,
} from "../helpers/emulatorProcess";
import { provisionPython } from "../helpers/provision/python";
import { bundleSource } from "../helpers/sourceBundle";

const scenarios = join(repositoryRoot, "test", "helpers", "crossSdk");
const retention = { alpha: 90, beta: 7 };

/** The scenarios each SDK must pass, in order: eight per vault, each vault in turn the primary one. */
const expected = [
  ["alpha", "beta"],
  ["beta", "alpha"],
].flatMap(([vault, other]) => [
  `set and get in ${vault}`,
  `a secret of ${vault} is 404 in ${other}`,
  `list ${vault} without ${other}'s secrets`,
  `delete in ${vault} with its ${retention[vault as keyof typeof retention]}-day retention`,
  `recover in ${vault}`,
  `purge in ${vault}`,
  `backup from ${vault} restores into ${other}`,
  `${vault} refuses a token issued for another resource`,
]);

let emulator: CliEmulator;
const results: Record<string, ProcessResult> = {};

beforeAll(async () => {
  const python = provisionPython();
  emulator = await startCliEmulator([
    ...["--port", "0", "--vault", "alpha", "--vault", `beta:recoverable-days=${retention.beta}`],
  ]);
  const port = new URL(emulator.env["KEYVAULT_URI_ALPHA"]!).port;
  const env: Record<string, string> = {
    ...emulator.env,
    KV_RETENTION: `alpha=${retention.alpha},beta=${retention.beta}`,
    // The default vault's plain address is a resource of the same emulator, but not the vaults' one.
    KV_FOREIGN_RESOURCE: `https://127.0.0.1:${port}`,
  };
  const scenario = join(scenarios, "scenario.mjs");
  const [official, ours, py] = await Promise.all([
    runNode(["--require", bundleSource("src/emulator/localhost.ts"), scenario], {
      ...env,
      KV_CLIENT_MODULE: "@azure/keyvault-secrets",
      KV_PREFIX: "official",
    }),
    runNode([scenario], {
      ...env,
      KV_CLIENT_MODULE: pathToFileURL(bundleSource("src/index.ts")).href,
      KV_PREFIX: "ours",
    }),
    python.then((executable) =>
      runProcess(executable, [join(scenarios, "scenario.py")], {
        ...env,
        REQUESTS_CA_BUNDLE: env["NODE_EXTRA_CA_CERTS"]!,
        KV_PREFIX: "python",
      }),
    ),
  ]);
  Object.assign(results, { official, ours, python: py });
});

afterAll(async () => {
  emulator?.child.kill("SIGTERM");
  await emulator?.exited;
});

describe("the emulator CLI with two vaults", () => {
  it("prints each vault's URL by name, the first as KEYVAULT_URI", () => {
    const alpha = emulator.env["KEYVAULT_URI_ALPHA"];
    expect(alpha).toMatch(/^https:\/\/alpha\.vault\.localhost:\d+$/);
    expect(emulator.env["KEYVAULT_URI_BETA"]).toBe(alpha!.replace("alpha", "beta"));
    expect(emulator.env["KEYVAULT_URI"]).toBe(alpha);
  });
});

describe.each([
  ["the official @azure/keyvault-secrets (Node, emulator/localhost preload)", "official"],
  ["keyvault-secrets-client (Node, its own *.localhost resolution)", "ours"],
  ["the official azure-keyvault-secrets for Python", "python"],
])("%s with verification on, against two vaults", (_title, key) => {
  it.each(expected)("%s", (scenario) => {
    const result = results[key]!;
    expect(result.stdout.split("\n"), `stderr:\n${result.stderr}`).toContain(`ok ${scenario}`);
  });

  it(`passes all ${expected.length} scenarios in one process that exits 0`, () => {
    const result = results[key]!;
    expect(result.stdout, `stderr:\n${result.stderr}`).toContain("scenario complete");
    expect(result.code).toBe(0);
  });
});
