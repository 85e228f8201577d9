// The test harness from a user's side: the packed tarball installed into a fresh project holding a Vitest
// app and a Jest app, each with the harness's global setup and two test files run by two parallel workers
// against one run-wide HTTPS emulator, a vault per file. The apps' tests check their own vault's contents
// and requests (test/package/fixtures/testingConsumers/); this spec checks the run's shape.
import { cpSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packAndInstall, repoRoot, run, type PackedConsumer } from "../helpers/packedPackage";

let consumer: PackedConsumer;

beforeAll(() => {
  consumer = packAndInstall();
  // The runners are this repository's devDependencies (vitest, jest), linked rather than installed a
  // second time: the package under test is the tarball, not the runners.
  for (const runner of ["vitest", "jest"]) {
    symlinkSync(join(repoRoot, "node_modules", runner), join(consumer.dir, "node_modules", runner), "dir");
  }
});

/** Runs the app of `runner` and returns what each of its two test files recorded. */
function runApp(runner: "vitest" | "jest", bin: string, args: string[]) {
  const app = join(consumer.dir, `${runner}-app`);
  cpSync(join(repoRoot, "test/package/fixtures/testingConsumers", runner), app, { recursive: true });
  // This spec runs inside Vitest: its variables must not make the app's workers think the same.
  const outerVitest = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => name.startsWith("VITEST"))
      .map((name) => [name, ""]),
  );
  const output = run(process.execPath, [join(consumer.dir, "node_modules", runner, bin), ...args], app, {
    ...outerVitest,
    NODE_ENV: "test",
    CI: "true",
    NO_COLOR: "1",
  });
  const recorded = ["a", "b"].map(
    (file) =>
      JSON.parse(readFileSync(join(app, `${file}.json`), "utf8")) as {
        pid: number;
        url: string;
        transport: string;
      },
  );
  return { output, recorded };
}

function expectIsolatedVaultsOnOneEmulator(recorded: { pid: number; url: string; transport: string }[]) {
  const [a, b] = recorded;
  expect(a!.transport).toBe("https");
  expect(b!.transport).toBe("https");
  expect(a!.pid).not.toBe(b!.pid);
  expect(a!.url).not.toBe(b!.url);
  expect(new URL(a!.url).port).toBe(new URL(b!.url).port);
}

describe("the testing harness in a consumer project", () => {
  it("runs a Vitest project: global setup through provide/inject, parallel workers, a vault each", () => {
    const { output, recorded } = runApp("vitest", "vitest.mjs", ["run", "--reporter=verbose"]);
    expect(output).toMatch(/Tests\s+6 passed/);
    expectIsolatedVaultsOnOneEmulator(recorded);
  });

  it("runs a Jest project: global setup and teardown through the environment, parallel workers, a vault each", () => {
    const { recorded } = runApp("jest", "bin/jest.js", ["--ci"]);
    expectIsolatedVaultsOnOneEmulator(recorded);
  });
});
