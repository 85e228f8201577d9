// Mutation testing (`npm run mutate`): how strong the in-process unit tests are where a silent mistake costs
// most: the cache, the HTTP policies and the emulator's persistence. Not part of `npm test` (it takes tens of
// minutes); results are in docs/mutation-testing.md. One folder at a time:
// `npm run mutate -- --mutate "src/cache/**/*.ts"`.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.stryker.config.ts" },
  mutate: ["src/cache/**/*.ts", "src/http/policies/**/*.ts", "src/emulator/persistence/**/*.ts"],
  // Each mutant runs only the tests that executed its code in the initial run.
  coverageAnalysis: "perTest",
  // One test runner: the machine has 2 cores shared with other work (and vitest's own worker).
  concurrency: 1,
  // A busy machine slows tests down: a mutant must not count as killed by a timeout that load caused.
  timeoutMS: 15_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignorePatterns: ["review", "bench", "reports"],
};
