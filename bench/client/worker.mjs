// One contender per process (forked by bench/client/run.mjs with --expose-gc), so process.cpuUsage() and RSS belong
// to that client alone. The parent sends { id, type: "measure" | "listMemory", ... }; the worker answers
// { id, result } or { id, error }. It exits when the IPC channel closes.
import { performance } from "node:perf_hooks";
import { createContender } from "./contenders.mjs";

const contenderName = process.argv[2];
/** One client per vault URL, created on first use and then reused (pipelines are built once per client). */
const clients = new Map();

function clientFor(target) {
  let client = clients.get(target.vaultUrl);
  if (!client) {
    client = createContender(contenderName, target);
    clients.set(target.vaultUrl, client);
  }
  return client;
}

function operation(client, scenario) {
  switch (scenario) {
    case "getSecret":
      return (lane) => client.getSecret(`bench-secret-${lane % 4}`);
    case "setSecret":
      return (lane) => client.setSecret(`bench-set-${lane % 4}`, "bench-value-0123456789");
    case "list":
      return () => client.listAll();
    default:
      throw new Error(`Unknown scenario '${scenario}'.`);
  }
}

/** Runs `op` on `concurrency` lanes until `maxOps` ops were started or `maxMs` passed; returns latencies (ms). */
async function runLanes(op, concurrency, maxOps, maxMs) {
  const latencies = [];
  const deadline = performance.now() + maxMs;
  let started = 0;
  async function lane(index) {
    while (started < maxOps && performance.now() < deadline) {
      started++;
      const begin = performance.now();
      await op(index);
      latencies.push(performance.now() - begin);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, index) => lane(index)));
  return latencies;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure({ target, scenario, concurrency, maxOps, maxMs, warmupOps }) {
  const client = await clientFor(target);
  const op = operation(client, scenario);
  await runLanes(op, concurrency, warmupOps, maxMs);
  globalThis.gc?.();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const latencies = await runLanes(op, concurrency, maxOps, maxMs);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const ops = latencies.length;
  return {
    ops,
    wallMs,
    cpuUsPerOp: (cpu.user + cpu.system) / ops,
    userUsPerOp: cpu.user / ops,
    opsPerSec: (ops / wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
}

/**
 * Iterates a whole (large) listing item by item, sampling RSS and heap every `sampleEvery` items, to show
 * that the pager holds one page at a time.
 */
async function listMemory({ target, sampleEvery, maxMs }) {
  const { SecretClient } = await import(
    contenderName === "official" ? "@azure/keyvault-secrets" : "keyvault-secrets-client"
  );
  const credential = {
    getToken: async () => ({ token: target.token, expiresOnTimestamp: Date.now() + 3.6e6 }),
  };
  const client = new SecretClient(target.vaultUrl, credential, {
    allowInsecureConnection: true,
    disableChallengeResourceVerification: true,
  });
  globalThis.gc?.();
  const samples = [];
  const sample = (items) => {
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({ items, rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 });
  };
  sample(0);
  const deadline = performance.now() + maxMs;
  const start = performance.now();
  let items = 0;
  for await (const properties of client.listPropertiesOfSecrets()) {
    if (!properties.name) throw new Error("A listed item has no name.");
    if (++items % sampleEvery === 0) sample(items);
    if (performance.now() > deadline) break;
  }
  sample(items);
  return { items, wallMs: performance.now() - start, complete: performance.now() <= deadline, samples };
}

process.on("message", async (message) => {
  try {
    const result = message.type === "listMemory" ? await listMemory(message) : await measure(message);
    process.send({ id: message.id, result });
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ ready: contenderName });
