// Emulator scale benchmark (part of `npm run bench:emulator`, not a test): listing page latency at 1,000,
// 10,000 and 100,000 secrets, start-up time with those data files, and durable write latency (each write
// fsynced to the mutation log before it is answered) at concurrency 1 and 32. The emulator runs as the
// built CLI in a child process with --data; page "server time" is what the emulator itself measured
// (its --verbose access log), the round trip what this process saw. Every run is bounded in count and time.
import { Buffer } from "node:buffer";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { setTimeout } from "node:timers";
import { join } from "node:path";
import { startEmulatorCli } from "./emulatorCli.mjs";

const require = createRequire(import.meta.url);
const { createCertificateAuthority } = require("../../dist/cjs/emulator/identity/certificates.js");
const { encodeSkipToken } = require("../../dist/cjs/emulator/service/paging.js");

const SIZES = [1_000, 10_000, 100_000];
const PAGES = 300;
const WRITE_RUNS = [
  { concurrency: 1, maxRequests: 2_000, maxMs: 8_000 },
  { concurrency: 32, maxRequests: 20_000, maxMs: 10_000 },
];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const nameOf = (i) => `secret-${String(i).padStart(6, "0")}`;

/** A schema-3 data file with `count` secrets of one version each (what a seeded team vault looks like). */
function writeDataFile(path, count) {
  const now = Math.floor(Date.now() / 1000);
  const secrets = Array.from({ length: count }, (_, i) => ({
    name: nameOf(i),
    versions: [
      {
        version: i.toString(16).padStart(32, "0"),
        sequence: i + 1,
        value: `value of ${nameOf(i)}`,
        contentType: "text/plain",
        tags: { team: "bench" },
        enabled: true,
        created: now,
        updated: now,
      },
    ],
  }));
  const vault = {
    schema: 1,
    backupKey: Buffer.alloc(32, 2).toString("base64"),
    sequence: count,
    secrets,
    purges: [],
  };
  const state = {
    schema: 3,
    tenantId: "72f988bf-0000-4000-8000-00000000e1a0",
    tokenKey: Buffer.alloc(32, 1).toString("base64"),
    ca: createCertificateAuthority(),
    logGeneration: 0,
    vaults: { defaultVault: "emulator", vaults: [{ name: "emulator", state: vault }] },
  };
  writeFileSync(path, JSON.stringify(state));
}

/** Starts the CLI; resolves with the variables, the start-up time and the server-time samples it logs. */
async function startCli(args) {
  const serverMs = [];
  // Access log lines: "[keyvault-emulator] GET /secrets getSecrets 200 0.4ms".
  const onStderr = (chunk) => {
    for (const match of chunk.matchAll(/ getSecrets 200 ([\d.]+)ms/g)) serverMs.push(Number(match[1]));
  };
  return { ...(await startEmulatorCli(args, { onStderr })), serverMs };
}

function request(agent, env, token, method, path, body) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = https.request(
      `${env.KEYVAULT_URI}${path}`,
      { agent, method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
      (response) => {
        let text = "";
        response.setEncoding("utf8").on("data", (chunk) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode, text, ms: Number(process.hrtime.bigint() - t0) / 1e6 }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function connect(env) {
  const url = new URL(env.IDENTITY_ENDPOINT);
  url.searchParams.set("api-version", "2019-08-01");
  url.searchParams.set("resource", env.KEYVAULT_URI);
  const response = await globalThis.fetch(url, { headers: { "x-identity-header": env.IDENTITY_HEADER } });
  const token = (await response.json()).access_token;
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8"),
  });
  return { token, agent };
}

async function stop(child) {
  child.removeAllListeners("exit");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const directory = mkdtempSync(join(tmpdir(), "kv-bench-scale-"));
try {
  console.log(
    `keyvault-emulator at scale (node ${process.version}); listing pages of 25 over HTTPS keep-alive`,
  );
  console.log(
    "secrets   data file  start-up ms  pages  server p50 ms  server p99 ms  round trip p50 ms  p99 ms",
  );
  for (const size of SIZES) {
    const dataFile = join(directory, `vault-${size}.json`);
    writeDataFile(dataFile, size);
    const mib = statSync(dataFile).size / 1024 / 1024;
    const { child, env, startupMs, serverMs } = await startCli(["--data", dataFile, "--verbose"]);
    try {
      const { token, agent } = await connect(env);
      const roundTrips = [];
      // Pages at random positions across the whole vault (a skiptoken names the last key returned).
      for (let i = 0; i < PAGES; i++) {
        const after = nameOf(Math.floor(Math.random() * size)).toUpperCase();
        const path = `/secrets?api-version=7.6&maxresults=25&$skiptoken=${encodeSkipToken("secrets", after)}`;
        const response = await request(agent, env, token, "GET", path);
        if (response.status !== 200) throw new Error(`listing failed: ${response.status} ${response.text}`);
        roundTrips.push(response.ms);
      }
      agent.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200)); // the last access-log lines
      const server = serverMs.slice(-PAGES).sort((a, b) => a - b);
      roundTrips.sort((a, b) => a - b);
      console.log(
        `${String(size).padStart(7)}  ${mib.toFixed(1).padStart(6)} MiB  ${startupMs.toFixed(0).padStart(11)}  ${String(server.length).padStart(5)}  ` +
          `${percentile(server, 50).toFixed(2).padStart(13)}  ${percentile(server, 99).toFixed(2).padStart(13)}  ` +
          `${percentile(roundTrips, 50).toFixed(2).padStart(17)}  ${percentile(roundTrips, 99).toFixed(2).padStart(6)}`,
      );
    } finally {
      await stop(child);
    }
  }

  console.log("\nsetSecret over HTTPS keep-alive: durable (--data, fsynced before the answer) and in memory");
  console.log("mode        concurrency  writes  writes/s  p50 ms  p99 ms  connection resets");
  for (const mode of ["durable", "in memory"]) {
    const args = mode === "durable" ? ["--data", join(directory, "writes.json")] : [];
    const { child, env } = await startCli(args);
    try {
      const { token, agent } = await connect(env);
      for (const { concurrency, maxRequests, maxMs } of WRITE_RUNS) {
        const latencies = [];
        let issued = 0;
        let resets = 0;
        const deadline = Date.now() + maxMs;
        const started = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (issued < maxRequests && Date.now() < deadline) {
              const n = issued++;
              const body = JSON.stringify({ value: `value ${n}`, tags: { run: String(concurrency) } });
              const path = `/secrets/w-${concurrency}-${n % 500}?api-version=7.6`;
              let response;
              try {
                response = await request(agent, env, token, "PUT", path, body);
              } catch (error) {
                // A keep-alive socket the server closed as it was reused (a Node agent race); counted, not hidden.
                if (error.code !== "ECONNRESET") throw error;
                resets++;
                continue;
              }
              if (response.status !== 200)
                throw new Error(`setSecret failed: ${response.status} ${response.text}`);
              latencies.push(response.ms);
            }
          }),
        );
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        latencies.sort((a, b) => a - b);
        console.log(
          `${mode.padEnd(10)}  ${String(concurrency).padStart(11)}  ${String(latencies.length).padStart(6)}  ` +
            `${(latencies.length / seconds).toFixed(0).padStart(8)}  ${percentile(latencies, 50).toFixed(2).padStart(6)}  ` +
            `${percentile(latencies, 99).toFixed(2).padStart(6)}  ${String(resets).padStart(17)}`,
        );
      }
      agent.destroy();
    } finally {
      await stop(child);
    }
  }
  // On a shared machine the load matters: figures compare within one run, not across runs.
  console.log(`\nmachine load average (1 min) at the end: ${loadavg()[0].toFixed(2)}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
