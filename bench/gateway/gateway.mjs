/* global Request, Buffer */
// What the gateway adds per getSecret: the same SecretClient reading one secret from an emulator directly,
// and through a gateway (toNodeHandler on node:http, forwarding with the server's own client), at
// concurrency 1 (latency, CPU) and 32 (throughput). Run with `npm run bench:gateway` (builds dist/ first).
//
// Everything runs in this one process (emulator, gateway, clients), so CPU per call counts the gateway hop
// and the gateway's work; the emulator's share is the same on both paths. Prints numbers only.
//
// Two more paths split the gateway's figure: "handler" calls the Fetch handler in-process (the gateway's
// own work and the upstream call, no page-to-gateway hop), and "hop" is the page's client against a
// node:http server that answers the gateway's bytes without any work (the floor of any same-process
// HTTP hop: the page client's pipeline and Node's HTTP parsing on both ends).
import { once } from "node:events";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { SecretClient } = require("../../dist/cjs/index.js");
const { startEmulator } = require("../../dist/cjs/emulator");
const { createSecretsGateway } = require("../../dist/cjs/gateway/index.js");
const { toNodeHandler } = require("../../dist/cjs/gateway/node.js");

const WARMUP = 300;
const SERIAL = 2_000;
const PARALLEL = 6_000;
const CONCURRENCY = 32;
const ROUNDS = 6;
// Bounds in time on a busy machine: each phase stops early (after a whole turn of every path, so the
// paths stay interleaved) once it has run this long, and says how many calls it made.
const PHASE_SECONDS = 60;
const elapsedSince = (start) => Number(process.hrtime.bigint() - start) / 1e9;

const emulator = await startEmulator({ port: 0 });
const upstream = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
await upstream.setSecret("bench-secret", "x".repeat(64));

const gateway = createSecretsGateway({
  client: upstream,
  basePath: "/kv",
  allow: { operations: ["getSecret"], names: ["bench-secret"] },
  rateLimit: false,
});
const server = createServer(toNodeHandler(gateway)).listen(0, "127.0.0.1");
await once(server, "listening");
const gatewayUrl = `http://127.0.0.1:${server.address().port}/kv`;
const page = new SecretClient(gatewayUrl, { getToken: async () => null }, { allowInsecureConnection: true });

// The Fetch handler alone (what Deno, Bun and Workers call), in this process without the page-to-gateway
// HTTP hop: the gateway's own work plus an undici Request and Response per call, which the Node adapter
// (the "gateway" path) no longer builds.
const handlerOnly = {
  async getSecret(name) {
    const response = await gateway(
      new Request(`https://app.example/kv/secrets/${name}/?api-version=2026-04-01`),
    );
    if (response.status !== 200) throw new Error(`handler answered ${response.status}`);
    return response.json();
  },
};

// The hop floor: the same page client, the same node:http server options, the gateway's answer replayed.
const answer = await gateway(
  new Request(`https://app.example/kv/secrets/bench-secret/?api-version=2026-04-01`),
);
const answerHeaders = Object.fromEntries(answer.headers);
const answerBody = Buffer.from(await answer.arrayBuffer());
answerHeaders["content-length"] = String(answerBody.byteLength);
const hopServer = createServer((request, response) => {
  request.resume();
  response.writeHead(200, answerHeaders);
  response.end(answerBody);
}).listen(0, "127.0.0.1");
await once(hopServer, "listening");
const hop = new SecretClient(
  `http://127.0.0.1:${hopServer.address().port}/kv`,
  { getToken: async () => null },
  { allowInsecureConnection: true },
);

const paths = { direct: upstream, gateway: page, handler: handlerOnly, hop };

function median(sorted) {
  return sorted[Math.floor(sorted.length / 2)];
}

// The paths take turns (call by call, round by round) so that load from other processes on this shared
// machine falls on all of them alike instead of on whichever ran last.

/** Serial calls, the paths interleaved: latency percentiles and CPU per call for each. */
async function serial() {
  const names = Object.keys(paths);
  for (let index = 0; index < WARMUP; index += 1)
    for (const name of names) await paths[name].getSecret("bench-secret");
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const cpu = Object.fromEntries(names.map((name) => [name, 0]));
  const phaseStart = process.hrtime.bigint();
  let calls = 0;
  for (; calls < SERIAL && elapsedSince(phaseStart) < PHASE_SECONDS; calls += 1) {
    for (const name of names) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      await paths[name].getSecret("bench-secret");
      times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
      const used = process.cpuUsage(cpuStart);
      cpu[name] += used.user + used.system;
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = times[name].sort((a, b) => a - b);
      return [
        name,
        {
          medianMs: median(sorted),
          p95Ms: sorted[Math.floor(sorted.length * 0.95)],
          cpuUsPerCall: cpu[name] / calls,
          calls,
        },
      ];
    }),
  );
}

/** One round of `count` calls on `client` by CONCURRENCY workers: elapsed seconds and CPU microseconds. */
async function round(client, count) {
  let next = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        await client.getSecret("bench-secret");
      }
    }),
  );
  const used = process.cpuUsage(cpuStart);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: used.user + used.system };
}

/** PARALLEL calls per path at CONCURRENCY, in ROUNDS interleaved rounds: calls per second and CPU per call. */
async function parallel() {
  const totals = Object.fromEntries(Object.keys(paths).map((name) => [name, { seconds: 0, cpu: 0 }]));
  const phaseStart = process.hrtime.bigint();
  let turns = 0;
  for (; turns < ROUNDS && elapsedSince(phaseStart) < PHASE_SECONDS; turns += 1) {
    for (const [name, client] of Object.entries(paths)) {
      const { seconds, cpu } = await round(client, PARALLEL / ROUNDS);
      totals[name].seconds += seconds;
      totals[name].cpu += cpu;
    }
  }
  return Object.fromEntries(
    Object.entries(totals).map(([name, total]) => [
      name,
      {
        perSecond: (turns * PARALLEL) / ROUNDS / total.seconds,
        cpuUsPerCall: total.cpu / ((turns * PARALLEL) / ROUNDS),
        calls: (turns * PARALLEL) / ROUNDS,
      },
    ]),
  );
}

const loadBefore = loadavg()[0];
const benchStart = process.hrtime.bigint();
const serialResults = await serial();
const parallelResults = await parallel();
const results = Object.fromEntries(
  Object.keys(paths).map((name) => [name, { serial: serialResults[name], parallel: parallelResults[name] }]),
);

const fixed = (value, digits = 3) => value.toFixed(digits);
const benchSeconds = Number(process.hrtime.bigint() - benchStart) / 1e9;
console.log(
  `gateway bench: ${cpus().length} cores, load ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}, ` +
    `node ${process.version}, ${benchSeconds.toFixed(1)} s`,
);
console.log(
  `concurrency 1 (${results.direct.serial.calls} getSecret calls per path after ${WARMUP} warm-up, interleaved):`,
);
for (const [name, { serial: s }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(8)} median ${fixed(s.medianMs)} ms  p95 ${fixed(s.p95Ms)} ms  CPU ${fixed(s.cpuUsPerCall, 0)} µs/call`,
  );
}
const addedBy = (name) =>
  `median ${fixed(results[name].serial.medianMs - results.direct.serial.medianMs)} ms, CPU ` +
  `${fixed(results[name].serial.cpuUsPerCall - results.direct.serial.cpuUsPerCall, 0)} µs/call`;
console.log(`  added through the gateway over HTTP: ${addedBy("gateway")} (goal: median <= 0.3 ms)`);
console.log(`  added by the Fetch handler alone (no HTTP hop): ${addedBy("handler")}`);
console.log(
  `  the hop alone (page client + node:http, no gateway, no upstream): median ` +
    `${fixed(results.hop.serial.medianMs)} ms, CPU ${fixed(results.hop.serial.cpuUsPerCall, 0)} µs/call`,
);
console.log(
  `concurrency ${CONCURRENCY} (${results.direct.parallel.calls} calls per path, in interleaved rounds):`,
);
for (const [name, { parallel: p }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(8)} ${fixed(p.perSecond, 0)} calls/s  CPU ${fixed(p.cpuUsPerCall, 0)} µs/call`,
  );
}
const ratio = (name) => fixed(results[name].parallel.perSecond / results.direct.parallel.perSecond, 2);
console.log(`  throughput through the gateway over HTTP: ${ratio("gateway")}x direct (goal >= 0.8)`);
console.log(`  throughput of the Fetch handler alone: ${ratio("handler")}x direct`);
// Everything shares this machine's cores, so throughput follows CPU per call: a gateway doing no work at
// all behind the same hop would reach direct / (direct + hop).
const hopCeiling =
  results.direct.parallel.cpuUsPerCall /
  (results.direct.parallel.cpuUsPerCall + results.hop.parallel.cpuUsPerCall);
console.log(`  ceiling set by the hop alone (direct CPU / (direct + hop CPU)): ${fixed(hopCeiling, 2)}x`);

server.close();
hopServer.close();
await emulator.stop();
