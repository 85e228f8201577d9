// Cloudflare Workers: the smoke scenario as a Worker, bundled from the installed package exactly as the
// README's "Cloudflare Workers" recipe says (esbuild and wrangler), run in workerd with and without
// nodejs_compat. Also shows the trap the recipe avoids: wrangler's default conditions take a Node build.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pinnedRuntimes } from "../helpers/provision/runtimes";
import { repoRoot } from "../helpers/packedPackage";
import {
  reportedSteps,
  runCommand,
  startScenarioTarget,
  type ScenarioTarget,
} from "../helpers/runtimeTarget";
import { runWorkerTest } from "../helpers/workerd";
import { ourSmokeSteps } from "./fixtures/smokeScenario";

const { consumerDir, binaries } = inject("runtimeMatrix");
/** The compatibility date the README states; nodejs_compat is on by default from 2026-08-04. */
const compatibilityDate = "2026-11-01";
const withAndWithoutNodejsCompat = [
  { nodejsCompat: "with nodejs_compat (the date's default)", compatibilityFlags: [] },
  { nodejsCompat: "without nodejs_compat", compatibilityFlags: ["no_nodejs_compat"] },
];

/** The commands of the README's Workers recipe, as written there. */
function readmeRecipe(): { esbuild: string; wrangler: string } {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Cloudflare Workers"));
  const commands = [...section.matchAll(/```sh\n([^`]*?)\n```/g)].map((match) => match[1]!.trim());
  return {
    esbuild: commands.find((line) => line.startsWith("npx esbuild "))!,
    wrangler: commands.find((line) => line.includes("npx wrangler deploy"))!,
  };
}

/** Runs the README's esbuild command (npx → this repository's esbuild) in the consumer; returns the bundle. */
async function bundleWithEsbuild(command: string): Promise<string> {
  const args = command.split(/\s+/).slice(2);
  const result = await runCommand(join(repoRoot, "node_modules/.bin/esbuild"), args, consumerDir, {});
  expect(result.code, result.stderr).toBe(0);
  return join(consumerDir, args.find((arg) => arg.startsWith("--outfile="))!.slice("--outfile=".length));
}

/** Runs wrangler (under Node 22, as it requires) with a dry-run deploy; returns the bundle or the failure. */
async function bundleWithWrangler(env: Record<string, string>, outdir: string) {
  const home = join(consumerDir, ".wrangler-home"); // wrangler writes logs and config under HOME
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(consumerDir, "wrangler.toml"),
    `name = "smoke"\nmain = "worker.mjs"\ncompatibility_date = "${compatibilityDate}"\n`,
  );
  const result = await runCommand(
    binaries.node22,
    [binaries.wrangler, "deploy", "--dry-run", "--outdir", outdir],
    consumerDir,
    { ...env, HOME: home, WRANGLER_SEND_METRICS: "false", CI: "1" },
  );
  return { ...result, bundle: join(outdir, "worker.js") };
}

let target: ScenarioTarget;
beforeAll(async () => {
  target = await startScenarioTarget();
});
afterAll(() => target?.close());

async function runWorker(bundle: string, compatibilityFlags: string[]) {
  return runWorkerTest({
    workerd: binaries.workerd,
    bundle,
    caCertificatePath: target.caCertificatePath,
    bindings: { KEYVAULT_URI: target.vaultUrl, TOKEN_URL: target.tokenUrl },
    compatibilityDate,
    compatibilityFlags,
  });
}

/** Checks a bundle took the browser build of the package and of core (esbuild keeps path comments). */
function expectBrowserBuilds(bundleText: string): void {
  const exports = JSON.parse(
    readFileSync(join(consumerDir, "node_modules/keyvault-secrets-client/package.json"), "utf8"),
  ).exports["."];
  // Only modules with code get a path comment (index.js only re-exports), so check the entry's folder.
  const ourBrowserBuild = dirname(exports.browser.default.replace(/^\.\//, ""));
  expect(bundleText).toContain(`// node_modules/keyvault-secrets-client/${ourBrowserBuild}/`);
  expect(bundleText).not.toContain("// node_modules/keyvault-secrets-client/dist/esm/");
  expect(bundleText).toContain("node_modules/@typespec/ts-http-runtime/dist/browser/");
  expect(bundleText).not.toContain("node_modules/@typespec/ts-http-runtime/dist/workerd/");
  expect(bundleText).not.toMatch(/from\s*"node:|require\("node:/);
}

describe.each([
  { tool: "esbuild", bundle: () => bundleWithEsbuild(readmeRecipe().esbuild) },
  {
    tool: "wrangler",
    bundle: async () => {
      const [assignment] = readmeRecipe().wrangler.split(" ");
      const [name, value] = assignment!.split("=");
      const result = await bundleWithWrangler({ [name!]: value! }, join(consumerDir, "wrangler-recipe"));
      expect(result.code, result.stderr).toBe(0);
      return result.bundle;
    },
  },
])("the README's Workers recipe with $tool", ({ bundle: makeBundle }) => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await makeBundle();
  });

  it("bundles the browser builds: no node: import, not core's workerd build", () => {
    expectBrowserBuilds(readFileSync(bundle, "utf8"));
  });

  it.each(withAndWithoutNodejsCompat)(
    `runs the smoke scenario in workerd ${pinnedRuntimes.workerd.version} $nodejsCompat`,
    async ({ compatibilityFlags }) => {
      const result = await runWorker(bundle, compatibilityFlags);
      expect(reportedSteps(result.stdout), result.stderr).toEqual(ourSmokeSteps);
      expect(result.stdout).toMatch(/value: '\[REDACTED\]'/);
      expect(result.stdout).not.toContain("value-2");
      expect(result.code).toBe(0);
    },
  );
});

describe("wrangler's default conditions (what the recipe avoids)", () => {
  let result: Awaited<ReturnType<typeof bundleWithWrangler>>;
  beforeAll(async () => {
    result = await bundleWithWrangler({}, join(consumerDir, "wrangler-default"));
  });

  it("take @typespec/ts-http-runtime's workerd build, which imports node:http", () => {
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(result.bundle, "utf8");
    expect(text).toContain("node_modules/@typespec/ts-http-runtime/dist/workerd/");
    expect(text).toMatch(/from "node:https?"/);
  });

  it("run only with nodejs_compat", async () => {
    const [withCompat, withoutCompat] = [
      await runWorker(result.bundle, []),
      await runWorker(result.bundle, ["no_nodejs_compat"]),
    ];
    expect(reportedSteps(withCompat.stdout), withCompat.stderr).toEqual(ourSmokeSteps);
    expect(withoutCompat.code).not.toBe(0);
    expect(withoutCompat.stderr).toMatch(/No such module "node:/);
  });
});
