// `npm run bench:cli`: the time from launching `keyvault-secrets run` to its command starting, with 50
// secret references in the environment, against the emulator over HTTPS on loopback, next to a launcher that
// resolves the same references one by one (bench/cli/sequential.cjs: sequential `getSecret` calls, same
// client, same credential). Each launch is a fresh process (module loading and sign-in included, as a user
// sees it); the command is `node -e` printing the time it started. Measured twice: loopback as it is (well
// under 1 ms a request) and with every request answered 20 ms late, as a vault across a network is.
//
// Flags: --json (one JSON object instead of a table), --runs N (launches per cell, default 5).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { startEmulator } = require("../../dist/cjs/emulator/index.js");
const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");

const COUNT = 50;
const asJson = process.argv.includes("--json");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Math.min(20, Math.max(1, Number(process.argv[runsFlag + 1]) || 5)) : 5;

const folder = mkdtempSync(join(tmpdir(), "bench-cli-"));
const seedFile = join(folder, "seed.json");
writeFileSync(
  seedFile,
  JSON.stringify(Object.fromEntries(Array.from({ length: COUNT }, (_, i) => [`setting-${i}`, `value-${i}`]))),
);

/** Launches `node <script> [flags] <node -e print-start-time>`; resolves with ms from launch to child start. */
function launch(script, flags, env) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [script, ...flags, process.execPath, "-e", "process.stdout.write(String(Date.now()))"],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (err += chunk));
    child.on("exit", (code) => {
      const childStart = Number(out);
      if (code !== 0 || !Number.isFinite(childStart)) reject(new Error(`exit ${code}: ${err.trim()}`));
      else resolve(childStart - started);
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = [];
for (const latencyMs of [0, 20]) {
  const faults =
    latencyMs > 0 ? [{ kind: "latency", ms: latencyMs, operation: "getSecret", times: "always" }] : [];
  const emulator = await startEmulator({ vaults: ["bench"], seed: seedFile, faults });
  try {
    const env = { ...emulator.env };
    for (let i = 0; i < COUNT; i++) env[`SETTING_${i}`] = `${emulator.vaultUrl}/secrets/setting-${i}`;
    const contenders = [
      ["keyvault-secrets run", join(root, "dist/cjs/cli/main.js"), ["run", "--"]],
      ["sequential getSecret", join(root, "bench/cli/sequential.cjs"), []],
    ];
    await launch(contenders[0][1], contenders[0][2], env); // warm the file cache
    for (const [name, script, flags] of contenders) {
      const times = [];
      for (let run = 0; run < RUNS; run++) times.push(await launch(script, flags, env));
      results.push({
        contender: name,
        latencyMs,
        references: COUNT,
        medianMs: median(times),
        minMs: Math.min(...times),
      });
    }
  } finally {
    await emulator.stop();
  }
}
rmSync(folder, { recursive: true, force: true });

if (asJson) {
  process.stdout.write(`${JSON.stringify({ runs: RUNS, results })}\n`);
} else {
  process.stdout.write(`launch → command start, ${COUNT} references, median of ${RUNS} launches (min)\n`);
  process.stdout.write("added latency  contender               median ms  min ms\n");
  for (const r of results) {
    process.stdout.write(
      `${String(r.latencyMs).padStart(10)} ms  ${r.contender.padEnd(22)}  ${String(r.medianMs).padStart(9)}  ${String(r.minMs).padStart(6)}\n`,
    );
  }
}
