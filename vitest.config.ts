import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const alias = {
  "keyvault-secrets-client/testing": fileURLToPath(new URL("./src/testing/index.ts", import.meta.url)),
  "keyvault-secrets-client/emulator": fileURLToPath(new URL("./src/emulator/index.ts", import.meta.url)),
  "keyvault-secrets-client": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
};

// Four projects: fast in-process tests, tests over real sockets/processes, real Chromium, and the runtime
// matrix (Node 20/22/24, Bun, Deno, workerd running the packed package).
// In-process tests live in folders named after the src folders they test (test/http/policies/ for
// src/http/policies/, …), so the unit project takes every spec except those of the other projects' folders.
const otherProjects = ["integration", "package", "samples", "browser", "runtimes", "cliProcess"].map(
  (folder) => `test/${folder}/**`,
);

export default defineConfig({
  resolve: { alias },
  test: {
    passWithNoTests: false,
    // Vitest runs cores − 1 files at once, so one at a time on a 2-core machine, though most files spend their
    // time waiting on child processes, sockets and Chromium: two at once halves `npm test` there (275 s → 164 s).
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["test/**/*.spec.ts"],
          exclude: [...configDefaults.exclude, ...otherProjects],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: [
            "test/integration/**/*.spec.ts",
            "test/package/**/*.spec.ts",
            "test/samples/**/*.spec.ts",
            "test/cliProcess/**/*.spec.ts",
          ],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "browser",
          include: ["test/browser/**/*.spec.ts"],
          globalSetup: ["test/helpers/provision/globalSetup.browser.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "runtimes",
          include: ["test/runtimes/**/*.spec.ts"],
          globalSetup: ["test/helpers/provision/globalSetup.runtimes.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
