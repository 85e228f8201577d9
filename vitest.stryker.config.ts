import { defineConfig } from "vitest/config";
import config from "./vitest.config";

// Stryker runs the in-process unit tests only: the other projects start sockets, processes and browsers
// (and provision them in a globalSetup), which mutants of in-process code cannot be told apart by anyway.
// The unit project is taken from vitest.config.ts, so the two never disagree on which files are unit tests.
const unit = config.test?.projects?.find(
  (project) => typeof project === "object" && "test" in project && project.test?.name === "unit",
);
if (typeof unit !== "object" || !("test" in unit)) throw new Error("vitest.config.ts has no unit project");

export default defineConfig({
  resolve: unit.resolve,
  test: {
    ...unit.test,
    name: undefined,
    // Test files share one module graph instead of loading the sources afresh each (the unit tests mock no
    // module and restore what they patch): each mutant's run costs seconds instead of a minute.
    isolate: false,
  },
});
