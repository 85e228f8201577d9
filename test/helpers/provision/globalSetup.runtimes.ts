// vitest globalSetup of the runtimes project: provisions the pinned runtimes (cached outside the repo), packs
// the package once and installs it into one scratch consumer with the fixtures beside it, and hands the
// paths to the test files.
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import type { TestProject } from "vitest/node";
import { packAndInstall, repoRoot } from "../packedPackage";
import { provisionRuntimes, type RuntimeName } from "./runtimes";

/** What the runtimes project provisions: the matrix's runtimes and the Workers build tool. */
const matrixBinaries = ["node22", "node24", "bun", "deno", "workerd", "wrangler"] as const;
export type MatrixBinary = (typeof matrixBinaries)[number] & RuntimeName;

/** What the runtimes project's tests share. */
export interface RuntimeMatrixSetup {
  /** The scratch consumer with keyvault-secrets-client installed and the fixtures at its root. */
  consumerDir: string;
  /** The provisioned binaries by name. */
  binaries: Record<MatrixBinary, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    runtimeMatrix: RuntimeMatrixSetup;
  }
}

const fixtures = join(repoRoot, "test", "runtimes", "fixtures");
/** The official client the README compares with. */
export const officialClientVersion = "4.12.0";
export const officialCommonVersion = "2.1.1";

export default async function setup(project: TestProject): Promise<() => void> {
  const binaries = await provisionRuntimes(matrixBinaries);
  // The official client beside ours, for the README's comparison column, with the @azure/keyvault-common a
  // fresh install resolves today (named explicitly: --prefer-offline could settle for an older cached one).
  const { dir } = packAndInstall([
    `@azure/keyvault-secrets@${officialClientVersion}`,
    `@azure/keyvault-common@${officialCommonVersion}`,
  ]);
  for (const file of readdirSync(fixtures).filter((name) => /\.(mjs|cjs)$/.test(name))) {
    copyFileSync(join(fixtures, file), join(dir, file));
  }
  // Type-stripped only: the scenario imports nothing, so every runtime can load it as it is.
  buildSync({
    entryPoints: [join(fixtures, "smokeScenario.ts")],
    outfile: join(dir, "smokeScenario.mjs"),
    format: "esm",
    target: "es2022",
    logLevel: "error",
  });
  project.provide("runtimeMatrix", { consumerDir: dir, binaries });
  return () => rmSync(dir, { recursive: true, force: true });
}
