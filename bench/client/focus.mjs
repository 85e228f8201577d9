// A narrow version of bench/client/run.mjs for working on one figure: one scenario against the canned server, many
// short alternating rounds, medians and paired ratios. Writes nothing.
//
//   node bench/client/focus.mjs [getSecret|setSecret|list] [concurrency=1] [rounds=15]
import { performance } from "node:perf_hooks";
import { CONTENDER_LABELS, CONTENDER_NAMES } from "./contenders.mjs";
import { startWorker, stopAll } from "./processes.mjs";
import { median } from "./report.mjs";
import { startCannedTarget } from "./targets.mjs";

const [scenario = "getSecret", concurrencyArg = "1", roundsArg = "15"] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const rounds = Math.min(100, Number(roundsArg));
const measurement =
  scenario === "list"
    ? { scenario, concurrency: 1, maxOps: 1, maxMs: 30_000, warmupOps: 0 }
    : { scenario, concurrency, maxOps: 4_000, maxMs: 400, warmupOps: 50 * concurrency };

try {
  const target = await startCannedTarget(10_000);
  const workers = {};
  for (const name of CONTENDER_NAMES) workers[name] = await startWorker(name);
  for (const name of CONTENDER_NAMES) await workers[name].call({ type: "measure", target, ...measurement });
  const samples = Object.fromEntries(CONTENDER_NAMES.map((name) => [name, []]));
  const start = performance.now();
  for (let round = 0; round < rounds && performance.now() - start < 120_000; round++) {
    for (let i = 0; i < CONTENDER_NAMES.length; i++) {
      const name = CONTENDER_NAMES[(i + round) % CONTENDER_NAMES.length];
      samples[name].push(await workers[name].call({ type: "measure", target, ...measurement }));
    }
  }
  const paired = (metric, other) => median(samples.ours.map((r, i) => r[metric] / samples[other][i][metric]));
  process.stdout.write(`${scenario} c${concurrency}, ${samples.ours.length} alternating rounds (medians)\n`);
  for (const name of CONTENDER_NAMES) {
    const cpu = median(samples[name].map((r) => r.cpuUsPerOp));
    const ops = median(samples[name].map((r) => r.opsPerSec));
    process.stdout.write(
      `  ${CONTENDER_LABELS[name].padEnd(34)}${cpu.toFixed(0).padStart(8)} µs/op${ops.toFixed(0).padStart(8)} ops/s\n`,
    );
  }
  process.stdout.write(
    `  ours CPU ÷ official ${paired("cpuUsPerOp", "official").toFixed(3)}, ÷ core pipeline ` +
      `${paired("cpuUsPerOp", "corePipeline").toFixed(3)}; ours ops/s ÷ official ${paired("opsPerSec", "official").toFixed(3)}\n`,
  );
} finally {
  stopAll();
}
