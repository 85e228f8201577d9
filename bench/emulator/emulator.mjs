// Emulator throughput benchmark (`npm run bench:emulator`, not a test): getSecret over HTTPS keep-alive at
// concurrency 1 and 32. The emulator runs as the built CLI (dist/cjs/emulator/cli.js) in a child process;
// this process is the load generator, so each gets its own core on a 2-core machine. Each run is bounded
// in request count and in time. Prints requests/s, p50/p99 latency and the emulator's RSS.
// BENCH_EMULATOR_NODE_ARGS adds node flags to the emulator process (e.g. "--cpu-prof --cpu-prof-dir=prof").
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createRequire } from "node:module";
import * as http from "node:http";
import * as https from "node:https";
import { startEmulatorCli } from "./emulatorCli.mjs";

const require = createRequire(import.meta.url);
// Fails early, with a clear message, when dist is missing (the npm script builds first).
const { startEmulator } = require("../../dist/cjs/emulator");
if (typeof startEmulator !== "function") throw new Error("dist/cjs/emulator does not export startEmulator");

const API_VERSION = "2025-07-01";
const RUNS = [
  { concurrency: 1, maxRequests: 20_000, maxMs: 8_000 },
  { concurrency: 32, maxRequests: 100_000, maxMs: 10_000 },
];
const WARMUP_REQUESTS = 2_000;

function call(agent, url, options = {}) {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { agent, ...options }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) the process has used, in milliseconds (Linux /proc; NaN elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One GET with a prepared options object (no URL parsing per request); resolves with the status. */
function get(options) {
  return new Promise((resolve, reject) => {
    const request = https.request(options, (response) => {
      response.on("data", () => undefined);
      response.on("end", () => resolve(response.statusCode));
    });
    request.on("error", reject);
    request.end();
  });
}

async function run(agent, url, headers, { concurrency, maxRequests, maxMs }) {
  const target = new URL(url);
  const options = {
    agent,
    method: "GET",
    hostname: target.hostname,
    port: target.port,
    path: target.pathname + target.search,
    headers,
  };
  const latencies = [];
  let issued = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + maxMs;
  async function worker() {
    while (issued < maxRequests && Date.now() < deadline) {
      issued++;
      const t0 = process.hrtime.bigint();
      const status = await get(options);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== 200) failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: latencies.length,
    failures,
    seconds: elapsedS,
    perSecond: latencies.length / elapsedS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const { child, env } = await startEmulatorCli([], {
  nodeArgs: (process.env.BENCH_EMULATOR_NODE_ARGS ?? "").split(" ").filter(Boolean),
});
try {
  const ca = readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8");
  const identity = await call(
    undefined,
    `${env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(env.KEYVAULT_URI)}`,
    {
      headers: { "x-identity-header": env.IDENTITY_HEADER },
    },
  );
  const headers = { authorization: `Bearer ${JSON.parse(identity.body).access_token}` };
  const agent = new https.Agent({ keepAlive: true, ca, maxSockets: 64 });
  const put = await call(agent, `${env.KEYVAULT_URI}/secrets/bench?api-version=${API_VERSION}`, {
    method: "PUT",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ value: "x".repeat(64), contentType: "text/plain", tags: { bench: "true" } }),
  });
  if (put.status !== 200) throw new Error(`setSecret failed: ${put.status} ${put.body}`);
  const url = `${env.KEYVAULT_URI}/secrets/bench/?api-version=${API_VERSION}`;
  const rssIdle = rssMiB(child.pid);
  await run(agent, url, headers, { concurrency: 8, maxRequests: WARMUP_REQUESTS, maxMs: 5_000 });

  console.log(
    `keyvault-emulator getSecret over HTTPS keep-alive (node ${process.version}, emulator pid ${child.pid})`,
  );
  console.log("concurrency  requests  failures  req/s     p50 ms  p99 ms  emulator CPU µs/req");
  for (const spec of RUNS) {
    const cpuBefore = cpuMs(child.pid);
    const result = await run(agent, url, headers, spec);
    // CPU per request shows the emulator's own cost, independent of what else runs on the machine.
    const cpuPerRequest = ((cpuMs(child.pid) - cpuBefore) * 1000) / result.requests;
    console.log(
      `${String(result.concurrency).padStart(11)}  ${String(result.requests).padStart(8)}  ${String(result.failures).padStart(8)}  ` +
        `${result.perSecond.toFixed(0).padStart(8)}  ${result.p50.toFixed(3).padStart(6)}  ${result.p99.toFixed(3).padStart(6)}  ` +
        `${cpuPerRequest.toFixed(0).padStart(19)}`,
    );
  }
  console.log(
    `machine load average (1 min) at the end: ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
  );
  console.log(
    `emulator RSS: ${rssIdle.toFixed(1)} MiB idle, ${rssMiB(child.pid).toFixed(1)} MiB after the runs`,
  );
  console.log(`load generator RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(1)} MiB`);
  agent.destroy();
} finally {
  child.removeAllListeners("exit");
  child.kill("SIGTERM");
}
