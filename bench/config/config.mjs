// `npm run bench:config`: loading an app's configuration of 1,000 secrets from the emulator over HTTPS on
// loopback, in realistic mode (the service's throttling: 4,000 secret transactions per vault per rolling
// 10 s, answered 429 without Retry-After). Every loader lists the vault once and then gets each secret with
// a SecretClient at its default retry options:
//   - loadSecretsConfig (ours, at its default concurrency and pacing);
//   - a sequential loop (one get at a time, as the anchors' users first wrote it);
//   - Promise.all over every name (everything in flight at once);
//   - 32 in flight (the shape of .NET's AddAzureKeyVault).
// Then the cost of refreshing the unchanged vault, and the sweep of `concurrency` that chose its default.
// Each run gets a fresh emulator (so one run's requests do not eat the next run's throttling window),
// seeded from a file at start (so seeding does not count either).
//
// Flags: --json (one JSON object instead of tables), --sweep-only, --no-sweep.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const { SecretClient, isRestError, loadSecretsConfig } = require("../../dist/cjs/index.js");
const { startEmulator } = require("../../dist/cjs/emulator/index.js");

const COUNT = 1_000;
const asJson = process.argv.includes("--json");
const sweepOnly = process.argv.includes("--sweep-only");
const noSweep = process.argv.includes("--no-sweep");

const folder = mkdtempSync(join(tmpdir(), "bench-config-"));
const seedFile = join(folder, "seed.json");
const secrets = {};
for (let i = 0; i < COUNT; i++) secrets[`App--Setting${String(i).padStart(4, "0")}`] = `value-${i}`;
writeFileSync(seedFile, JSON.stringify(secrets));

// A vault across a network: every request answered 20 ms late (loopback answers in well under 1 ms, which
// hides what concurrency buys against a real vault).
const LATENCY_MS = 20;

async function withVault(run, latencyMs = 0) {
  const faults = latencyMs > 0 ? [{ kind: "latency", ms: latencyMs, times: "always" }] : [];
  const emulator = await startEmulator({ realistic: true, seed: seedFile, faults });
  try {
    const client = new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
    return await run(client, emulator);
  } finally {
    await emulator.stop();
  }
}

async function listNames(client) {
  const names = [];
  for await (const properties of client.listPropertiesOfSecrets())
    if (properties.enabled !== false) names.push(properties.name);
  return names;
}

async function inFlight(client, names, limit) {
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      await client.getSecret(name).catch((error) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, names.length) }, worker));
  return failures;
}

const loaders = {
  "loadSecretsConfig (ours)": async (client, options = {}) => {
    try {
      const config = await loadSecretsConfig(client, options);
      const loaded = config.names.length;
      config.dispose();
      return { loaded, failures: [] };
    } catch (error) {
      const problems = error.problems ?? [{ reason: String(error) }];
      return {
        loaded: COUNT - problems.length,
        failures: problems.map((p) => ({ statusCode: Number.parseInt(p.reason, 10) })),
      };
    }
  },
  "sequential loop": async (client) => {
    const names = await listNames(client);
    const failures = await inFlight(client, names, 1);
    return { loaded: names.length - failures.length, failures };
  },
  "Promise.all over every name": async (client) => {
    const names = await listNames(client);
    const settled = await Promise.allSettled(names.map((name) => client.getSecret(name)));
    const failures = settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    return { loaded: names.length - failures.length, failures };
  },
  "32 in flight (AddAzureKeyVault's shape)": async (client) => {
    const names = await listNames(client);
    const failures = await inFlight(client, names, 32);
    return { loaded: names.length - failures.length, failures };
  },
};

async function measure(label, load, options, latencyMs = 0) {
  return withVault(async (client, emulator) => {
    const started = performance.now();
    const { loaded, failures } = await load(client, options);
    const wallMs = performance.now() - started;
    const entries = emulator.journal.entries();
    return {
      label,
      wallMs: Math.round(wallMs),
      loaded,
      failed: failures.length,
      caller429s: failures.filter(
        (error) => error.statusCode === 429 || (isRestError(error) && error.statusCode === 429),
      ).length,
      vault429s: entries.filter((entry) => entry.status === 429).length,
      requests: entries.filter((entry) => entry.status !== 401).length,
    };
  }, latencyMs);
}

async function refreshCost() {
  return withVault(async (client, emulator) => {
    const config = await loadSecretsConfig(client);
    emulator.journal.clear();
    const started = performance.now();
    await config.refresh();
    const wallMs = performance.now() - started;
    const entries = emulator.journal.entries().filter((entry) => entry.status !== 401);
    config.dispose();
    return {
      wallMs: Math.round(wallMs),
      listPages: entries.filter((entry) => entry.operation === "getSecrets").length,
      gets: entries.filter((entry) => entry.operation === "getSecret").length,
    };
  });
}

const results = {
  node: process.version,
  secrets: COUNT,
  loads: [],
  latencyLoads: [],
  refresh: undefined,
  sweep: [],
  latencySweep: [],
};
try {
  if (!sweepOnly) {
    // Ours last and first, so a warm-up effect of the first run cannot favour it.
    await measure("(warm-up)", loaders["32 in flight (AddAzureKeyVault's shape)"]);
    // Loopback runs are short and the machine is shared: the median of 3 of each.
    for (const [label, load] of Object.entries(loaders)) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await measure(label, load));
      runs.sort((a, b) => a.wallMs - b.wallMs);
      results.loads.push(runs[1]);
    }
    for (const [label, load] of Object.entries(loaders)) {
      results.latencyLoads.push(await measure(label, load, {}, LATENCY_MS));
    }
    results.refresh = await refreshCost();
  }
  if (!noSweep) {
    for (const concurrency of [4, 8, 16, 32, 64]) {
      const ours = loaders["loadSecretsConfig (ours)"];
      results.sweep.push({
        ...(await measure(`concurrency ${concurrency}`, ours, { concurrency })),
        concurrency,
      });
      const label = `concurrency ${concurrency}, ${LATENCY_MS} ms`;
      results.latencySweep.push({
        ...(await measure(label, ours, { concurrency }, LATENCY_MS)),
        concurrency,
      });
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
function loadTable(rows) {
  console.log(
    "| loader | wall time | loaded | failed | 429s reaching the caller | 429s sent by the vault | requests |\n|---|---|---|---|---|---|---|",
  );
  for (const row of rows) {
    console.log(
      `| ${row.label} | ${seconds(row.wallMs)} | ${row.loaded} | ${row.failed} | ${row.caller429s} | ${row.vault429s} | ${row.requests} |`,
    );
  }
}

if (asJson) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(
    `loadSecretsConfig benchmark: ${COUNT} secrets, emulator over HTTPS, realistic mode (throttling on), Node ${process.version}\n`,
  );
  if (results.loads.length > 0) {
    console.log("Loopback (each request answered in well under 1 ms), median of 3 runs:\n");
    loadTable(results.loads);
    console.log(`\nEvery request ${LATENCY_MS} ms late (a vault across a network):\n`);
    loadTable(results.latencyLoads);
    const { wallMs, listPages, gets } = results.refresh;
    console.log(
      `\nRefresh of the unchanged ${COUNT}-secret vault (loopback): ${listPages} listing pages, ${gets} gets, ${wallMs} ms.`,
    );
  }
  if (results.sweep.length > 0) {
    console.log(
      `\nloadSecretsConfig by \`concurrency\` (one run each):\n\n| concurrency | loopback | failed | ${LATENCY_MS} ms late | failed |\n|---|---|---|---|---|`,
    );
    results.sweep.forEach((row, i) => {
      const late = results.latencySweep[i];
      console.log(
        `| ${row.concurrency} | ${seconds(row.wallMs)} | ${row.failed} | ${seconds(late.wallMs)} | ${late.failed} |`,
      );
    });
  }
}
