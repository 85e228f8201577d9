// `npm run bench`: our SecretClient side by side with @azure/keyvault-secrets, a bare createPipelineFromOptions
// pipeline, a bare createEmptyPipeline pipeline and raw node:http, in one run that alternates the contenders
// round by round. See README "Performance".
//
// - Servers run in their own processes: a canned server (fixed answers: the figures are client cost) and the
//   emulator CLI over HTTP (end-to-end figures). Each contender runs in its own worker process, so CPU
//   (process.cpuUsage) and RSS are that client's alone; only one worker is busy at a time.
// - Every measurement is bounded in operations and in time; BENCH_QUICK=1 makes a short smoke run.
// Writes bench/results/client.json and prints the tables. The folder is git-ignored: a run's raw figures belong
// to the machine and moment that produced them; the README quotes the run it reports.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { measureColdImports } from "./coldImport.mjs";
import { measureColdStarts } from "./coldStart.mjs";
import { CONTENDER_NAMES } from "./contenders.mjs";
import { startWorker, stopAll } from "./processes.mjs";
import { formatMarkdown } from "./markdown.mjs";
import { evaluateTargets, formatReport, summarize } from "./report.mjs";
import { readBundleSizes } from "../size/sizes.mjs";
import { startCannedTarget, startEmulatorTarget } from "./targets.mjs";

const quick = process.env.BENCH_QUICK === "1";
const operationMs = quick ? 300 : 500;
const operationScenarios = [
  { scenario: "getSecret", concurrency: 1, maxOps: 4_000, maxMs: operationMs, warmupOps: 100 },
  { scenario: "getSecret", concurrency: 32, maxOps: 16_000, maxMs: operationMs, warmupOps: 320 },
  { scenario: "setSecret", concurrency: 1, maxOps: 4_000, maxMs: operationMs, warmupOps: 100 },
  { scenario: "setSecret", concurrency: 32, maxOps: 16_000, maxMs: operationMs, warmupOps: 320 },
];
// One "op" of the list scenario is a whole 10,000-secret listing, page by page.
const listScenario = { scenario: "list", concurrency: 1, maxOps: 1, maxMs: 30_000, warmupOps: 0 };
const config = {
  listSize: 10_000,
  memoryListSize: 100_000,
  importRuns: quick ? 3 : 7,
  canned: { rounds: quick ? 2 : 8, scenarios: [...operationScenarios, listScenario] },
  // The emulator pages its listing much more slowly than the canned server: list it in the first round only.
  emulator: { rounds: quick ? 1 : 3, scenarios: [...operationScenarios, { ...listScenario, maxRounds: 1 }] },
};
const scenarioKey = ({ scenario, concurrency }) =>
  scenario === "list" ? "list10k" : `${scenario} c${concurrency}`;

function log(message) {
  process.stderr.write(
    `[bench ${((performance.now() - runStart) / 1000).toFixed(0).padStart(3)} s] ${message}\n`,
  );
}

/** Rounds × scenarios × contenders; the contender order rotates every round so no one always goes first. */
async function runRounds(workers, targetName, target, samples) {
  const { rounds, scenarios } = config[targetName];
  for (let round = 0; round < rounds; round++) {
    const order = CONTENDER_NAMES.map((_, i) => CONTENDER_NAMES[(i + round) % CONTENDER_NAMES.length]);
    for (const scenario of scenarios) {
      if (round >= (scenario.maxRounds ?? Infinity)) continue;
      for (const contender of order) {
        const result = await workers[contender].call({ type: "measure", target, ...scenario });
        ((samples[targetName] ??= {})[scenarioKey(scenario)] ??= {})[contender] ??= [];
        samples[targetName][scenarioKey(scenario)][contender].push(result);
      }
    }
    log(`${targetName}: round ${round + 1}/${rounds} done`);
  }
}

/** One unrecorded pass so each client is built, authenticated and JIT-warm before round 1. */
async function warmUp(workers, target) {
  for (const contender of CONTENDER_NAMES) {
    for (const scenario of operationScenarios) {
      await workers[contender].call({ type: "measure", target, ...scenario, maxMs: 200, warmupOps: 0 });
    }
  }
}

const runStart = performance.now();
// The machine is shared: the load average says how quiet it was.
const loadAtStart = loadavg();
try {
  log("starting servers (canned 10k, canned 100k, emulator seeded with 10k secrets)");
  const [canned, canned100k, emulator] = await Promise.all([
    startCannedTarget(config.listSize),
    startCannedTarget(config.memoryListSize),
    startEmulatorTarget(config.listSize),
  ]);
  const workers = {};
  for (const name of CONTENDER_NAMES) workers[name] = await startWorker(name);

  log("warming up");
  await warmUp(workers, canned);
  await warmUp(workers, emulator);
  const samples = {};
  await runRounds(workers, "canned", canned, samples);
  await runRounds(workers, "emulator", emulator, samples);

  log("listing 100,000 secrets item by item (RSS sampled every 10,000)");
  const listMemory = {};
  for (const contender of ["ours", "official"]) {
    listMemory[contender] = await workers[contender].call({
      type: "listMemory",
      target: canned100k,
      sampleEvery: 10_000,
      maxMs: 60_000,
    });
  }
  stopAll();

  log("cold imports");
  const coldImport = measureColdImports(config.importRuns);
  log("cold starts (import + construct + first getSecret over HTTPS)");
  const coldStart = await measureColdStarts(config.importRuns);
  log("bundle sizes");
  const bundleSizes = readBundleSizes();

  const figures = summarize(samples);
  const results = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: totalmem() / 2 ** 30,
      loadAtStart,
      loadAtEnd: loadavg(),
    },
    config,
    figures,
    targets: evaluateTargets(figures, coldImport, coldStart, bundleSizes),
    listMemory,
    coldImport,
    coldStart,
    bundleSizes,
    durationS: (performance.now() - runStart) / 1000,
    samples,
  };
  const resultsDir = new URL("../results/", import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(new URL("client.json", resultsDir), JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(formatReport(results));
  if (process.argv.includes("--markdown")) process.stdout.write(formatMarkdown(results));
  log("wrote bench/results/client.json");
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
} finally {
  stopAll();
}
