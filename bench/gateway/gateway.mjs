// What the gateway adds per getSecret: the same SecretClient reading one secret from an emulator directly,
// and through a gateway (toNodeHandler on node:http, forwarding with the server's own client), at
// concurrency 1 (latency, CPU) and 32 (throughput). Run with `npm run bench:gateway` (builds dist/ first).
//
// Everything runs in this one process (emulator, gateway, clients), so CPU per call counts the gateway hop
// and the gateway's work; the emulator's share is the same on both paths. Prints numbers only.
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

// The handler alone, called in this process without the page-to-gateway HTTP hop: the gateway's own cost.
const handlerOnly = {
  async getSecret(name) {
    const response = await gateway(
      new Request(`https://app.example/kv/secrets/${name}/?api-version=2026-04-01`),
    );
    if (response.status !== 200) throw new Error(`handler answered ${response.status}`);
    return response.json();
  },
};

const paths = { direct: upstream, gateway: page, handler: handlerOnly };

function median(sorted) {
  return sorted[Math.floor(sorted.length / 2)];
}

/** Serial calls: latency percentiles and CPU per call. */
async function serial(client) {
  for (let index = 0; index < WARMUP; index += 1) await client.getSecret("bench-secret");
  const times = [];
  const cpuStart = process.cpuUsage();
  for (let index = 0; index < SERIAL; index += 1) {
    const start = process.hrtime.bigint();
    await client.getSecret("bench-secret");
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  return {
    medianMs: median(times),
    p95Ms: times[Math.floor(times.length * 0.95)],
    cpuUsPerCall: (cpu.user + cpu.system) / SERIAL,
  };
}

/** CONCURRENCY workers sharing PARALLEL calls: calls per second and CPU per call. */
async function parallel(client) {
  let next = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PARALLEL) {
        next += 1;
        await client.getSecret("bench-secret");
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { perSecond: PARALLEL / seconds, cpuUsPerCall: (cpu.user + cpu.system) / PARALLEL };
}

const results = {};
for (const [name, client] of Object.entries(paths)) results[name] = { serial: await serial(client) };
for (const [name, client] of Object.entries(paths)) results[name].parallel = await parallel(client);

const fixed = (value, digits = 3) => value.toFixed(digits);
console.log(
  `gateway bench: ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}, node ${process.version}`,
);
console.log(`concurrency 1 (${SERIAL} getSecret calls after ${WARMUP} warm-up):`);
for (const [name, { serial: s }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(8)} median ${fixed(s.medianMs)} ms  p95 ${fixed(s.p95Ms)} ms  CPU ${fixed(s.cpuUsPerCall, 0)} µs/call`,
  );
}
const addedBy = (name) =>
  `median ${fixed(results[name].serial.medianMs - results.direct.serial.medianMs)} ms, CPU ` +
  `${fixed(results[name].serial.cpuUsPerCall - results.direct.serial.cpuUsPerCall, 0)} µs/call`;
console.log(`  added through the gateway over HTTP: ${addedBy("gateway")} (goal: median <= 0.3 ms)`);
console.log(`  added by the handler alone (no HTTP hop): ${addedBy("handler")}`);
console.log(`concurrency ${CONCURRENCY} (${PARALLEL} calls):`);
for (const [name, { parallel: p }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(8)} ${fixed(p.perSecond, 0)} calls/s  CPU ${fixed(p.cpuUsPerCall, 0)} µs/call`,
  );
}
const ratio = (name) => fixed(results[name].parallel.perSecond / results.direct.parallel.perSecond, 2);
console.log(`  throughput through the gateway over HTTP: ${ratio("gateway")}x direct (goal >= 0.8)`);
console.log(`  throughput of the handler alone: ${ratio("handler")}x direct`);

server.close();
await emulator.stop();
