// `npm run bench:testing`: how long the test harness (keyvault-secrets-client/testing, dist/cjs) takes to
// give a test a usable vault, and how long a delete and a recover take through pollUntilDone on the
// emulator's default zero-delay vault (ours next to the official @azure/keyvault-secrets).
//
// Measured here, every figure the median of the samples shown (wall clock, this machine):
// 1. in process: `await useVault()` plus the first request (setSecret), no sockets;
// 2. the run-wide emulator of the Vitest/Jest global setups: startRunWideEmulator() (CA, certificate,
//    HTTPS and identity listeners, control channel), then stop();
// 3. over HTTPS on it: `await useVault()` plus the first setSecret, as a test worker does (control channel,
//    identity endpoint, TLS);
// 4. a cold process: `node` requiring the harness, starting the run-wide emulator, opening a vault and
//    sending one request, start to exit (what one `vitest run` pays once, runner start-up aside);
// 5. the emulator CLI as a separate process, start until its variables are printed (the nearest thing to
//    a container start this machine can run: Docker is not available here, so no Testcontainers start is
//    measured; docs/testing.md says what is quoted instead).
// 6. beginDeleteSecret(...).pollUntilDone() and beginRecoverDeletedSecret(...).pollUntilDone() over HTTPS,
//    default options, and a delete followed by a caller's `while (!poller.isDone()) { poll; wait 2 s }` loop:
//    ours and the official client's.
//
// Flags: --json (one JSON object instead of lines).
import { execFileSync, spawn } from "node:child_process";
import { Agent } from "node:https";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const root = new URL("../..", import.meta.url).pathname;
const testing = require("../../dist/cjs/testing/index.js");
const { CONNECTION_VARIABLE } = require("../../dist/cjs/testing/connection.js");
const { localhostLookup } = require("../../dist/cjs/shared/localhostLookup.js");
const { SecretClient: OfficialSecretClient } = require("@azure/keyvault-secrets");

const asJson = process.argv.includes("--json");
const results = { node: process.version };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
async function sample(count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    // A run may time only its own part and return it (set-up excluded).
    const own = await run(i);
    times.push(typeof own === "number" ? own : performance.now() - started);
  }
  return { median: +median(times).toFixed(1), min: +Math.min(...times).toFixed(1), samples: count };
}
const report = (label, value) => {
  results[label] = value;
  if (!asJson)
    console.log(
      `${label.padEnd(46)} median ${String(value.median).padStart(7)} ms  (min ${value.min}, n=${value.samples})`,
    );
};

// 1. In process.
report(
  "in process: useVault + first request",
  await sample(20, async (i) => {
    const vault = await testing.useVault({ transport: "in-process" });
    await vault.client().setSecret(`s${i}`, "v");
    await vault.dispose();
  }),
);

// 2. The run-wide emulator.
report(
  "run-wide HTTPS emulator: start (+ stop)",
  await sample(10, async () => {
    const running = await testing.startRunWideEmulator();
    await running.stop();
  }),
);

// 3. A vault over HTTPS on one run-wide emulator.
const running = await testing.startRunWideEmulator({ identities: ["reader"] });
process.env[CONNECTION_VARIABLE] = JSON.stringify(running.connection);
report(
  "over HTTPS: useVault + first request",
  await sample(20, async (i) => {
    const vault = await testing.useVault();
    await vault.client().setSecret(`s${i}`, "v");
    await vault.dispose();
  }),
);

// 6. Pollers over HTTPS on a zero-delay vault, ours and the official client's.
{
  const vault = await testing.useVault();
  const ours = vault.client();
  const agent = new Agent({ ca: running.connection.caCertificate, lookup: localhostLookup });
  const official = new OfficialSecretClient(vault.url, vault.credential, { agent });
  for (const [label, client] of [
    ["ours", ours],
    ["official", official],
  ]) {
    report(
      `delete + pollUntilDone (${label})`,
      await sample(10, async (i) => {
        await client.setSecret(`${label}-${i}`, "v");
        const started = performance.now();
        await (await client.beginDeleteSecret(`${label}-${i}`)).pollUntilDone();
        return performance.now() - started;
      }),
    );
    // The loop an upstream sample writes around a poller (issue 24): it waits only while not done.
    report(
      `delete + isDone/poll/2 s loop (${label})`,
      await sample(3, async (i) => {
        await client.setSecret(`${label}-loop-${i}`, "v");
        const started = performance.now();
        const poller = await client.beginDeleteSecret(`${label}-loop-${i}`);
        while (!poller.isDone()) {
          await poller.poll();
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
        return performance.now() - started;
      }),
    );
    report(
      `recover + pollUntilDone (${label})`,
      await sample(10, async (i) => {
        await (await client.beginRecoverDeletedSecret(`${label}-${i}`)).pollUntilDone();
      }),
    );
  }
  await vault.dispose();
}
delete process.env[CONNECTION_VARIABLE];
await running.stop();

// 4. A cold process.
const coldScript = `
const t = require(${JSON.stringify(`${root}dist/cjs/testing/index.js`)});
const { CONNECTION_VARIABLE } = require(${JSON.stringify(`${root}dist/cjs/testing/connection.js`)});
(async () => {
  const running = await t.startRunWideEmulator();
  process.env[CONNECTION_VARIABLE] = JSON.stringify(running.connection);
  const vault = await t.useVault();
  await vault.client().setSecret("s", "v");
  await running.stop();
})();`;
report(
  "cold process: start, vault, first request",
  await sample(5, () => execFileSync(process.execPath, ["-e", coldScript], { stdio: "ignore" })),
);

// 5. The CLI as a separate process, until its variables are printed.
report(
  "CLI process: start until KEYVAULT_URI printed",
  await sample(
    5,
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [`${root}dist/cjs/emulator/cli.js`, "--port", "0"], {
          stdio: ["ignore", "pipe", "ignore"],
        });
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
          if (/^KEYVAULT_URI=/m.test(out)) {
            child.kill();
            resolve();
          }
        });
        child.on("error", reject);
      }),
  ),
);

if (asJson) console.log(JSON.stringify(results, null, 2));
