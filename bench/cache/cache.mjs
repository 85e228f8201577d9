// `npm run bench:cache`: what SecretCache costs and buys (dist/cjs, Node, one thread).
//
// 1. A cached get() hit: median and p99 of single calls, and hits per second over batches, next to the floor
//    (a plain Map lookup, bare and behind an async function, as get() is) and next to an uncached
//    client.getSecret against the emulator (in process, and over HTTPS on loopback).
// 2. A cold preload of 2,000 secrets against the emulator's per-vault throttling at the service's rate —
//    4,000 reads per rolling 10 s, 429 without Retry-After — over HTTPS and in process, and of 10,000 in
//    process (fast enough to outrun the limit, so the vault does throttle): the wall time, the 429s the vault
//    sent and the 429s that reached the caller (only the client retries a throttled load; the cache pauses
//    the others). A naive Promise.all(getSecret) of the 10,000, with the client's own retries, is shown for
//    contrast.
//
// Flags: --quick (fewer samples, no naive run), --json (one JSON object instead of tables).
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const { SecretCache, SecretClient, isRestError } = require("../../dist/cjs/index.js");
const { createEmulatorHttpClient, startEmulator } = require("../../dist/cjs/emulator/index.js");

const quick = process.argv.includes("--quick");
const asJson = process.argv.includes("--json");
const results = { node: process.version, hit: {}, uncached: {}, preload: [] };

/** Median and p99 of `count` single timed calls (hrtime around each await), plus ops/s over batches. */
async function measure(label, call, { count = quick ? 20_000 : 200_000, batch = 1_000 } = {}) {
  for (let i = 0; i < Math.min(count, 20_000); i++) await call(); // warm-up: let the JIT settle
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await call();
    samples[i] = Number(process.hrtime.bigint() - started);
  }
  samples.sort();
  // Throughput: the median of 25 batches, so a GC pause or a neighbour's burst on the machine moves no figure.
  const rates = [];
  for (let b = 0; b < 25; b++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) await call();
    rates.push(batch / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  const opsPerSecond = rates[Math.floor(rates.length / 2)];
  return {
    label,
    medianNs: samples[Math.floor(count / 2)],
    p99Ns: samples[Math.floor(count * 0.99)],
    opsPerSecond: Math.round(opsPerSecond),
  };
}

async function hitLatency() {
  const emulator = createEmulatorHttpClient();
  const client = new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
  await client.setSecret("db-password", "s3cr3t");
  const cache = new SecretCache(client);
  await cache.get("db-password");
  const map = new Map([["db-password", "s3cr3t"]]);
  const asyncMapGet = async (name) => map.get(name);
  results.hit.map = await measure("Map.get (the floor)", () => map.get("db-password"));
  results.hit.asyncMap = await measure("await async Map.get", () => asyncMapGet("db-password"));
  results.hit.cache = await measure("await cache.get (hit)", () => cache.get("db-password"));
  results.hit.cacheJson = await measure("await cache.get (hit, transform json)", () =>
    cache.get("db-password", { transform: "json" }).catch(() => undefined),
  );
  if (cache.stats().requests !== 1) throw new Error("the hit benchmark made backend requests");
  delete results.hit.cacheJson; // (kept out: s3cr3t is not JSON; see below)
  await client.setSecret("app-config", JSON.stringify({ poolSize: 10, features: ["a", "b"] }));
  await cache.get("app-config", { transform: "json" });
  results.hit.cacheJson = await measure("await cache.get (hit, transform json)", () =>
    cache.get("app-config", { transform: "json" }),
  );
  results.uncached.inProcess = await measure(
    "await client.getSecret (emulator, in process)",
    () => client.getSecret("db-password"),
    { count: quick ? 1_000 : 5_000, batch: 100 },
  );
  cache.dispose();
  const server = await startEmulator();
  try {
    const httpsClient = new SecretClient(server.vaultUrl, server.credential, server.clientOptions);
    await httpsClient.setSecret("db-password", "s3cr3t");
    results.uncached.https = await measure(
      "await client.getSecret (emulator, HTTPS loopback)",
      () => httpsClient.getSecret("db-password"),
      { count: quick ? 500 : 2_000, batch: 100 },
    );
  } finally {
    await server.stop();
  }
}

const THROTTLE = { transactions: 4000, creates: 1_000_000, windowMs: 10_000 };

/**
 * A fresh throttled emulator holding `count` secrets (creations are not limited here: only reads are
 * measured), over HTTPS on loopback or in process (fast enough to outrun the limit, so throttling bites).
 */
async function throttledVault(count, transport) {
  let emulator;
  let clientFor;
  if (transport === "https") {
    emulator = await startEmulator({ throttle: THROTTLE });
    clientFor = () => new SecretClient(emulator.vaultUrl, emulator.credential, emulator.clientOptions);
  } else {
    emulator = createEmulatorHttpClient({ throttle: THROTTLE });
    clientFor = () => new SecretClient(emulator.vaultUrl, emulator.credential, { httpClient: emulator });
  }
  const seeder = clientFor();
  const names = Array.from({ length: count }, (_, i) => `preload-${i}`);
  for (let i = 0; i < count; i += 50) {
    await Promise.all(names.slice(i, i + 50).map((name) => seeder.setSecret(name, `value-${name}`)));
  }
  emulator.journal.clear();
  return { emulator, names, client: clientFor(), stop: () => emulator.stop?.() };
}

function vaultThrottles(emulator) {
  return emulator.journal.entries().filter((entry) => entry.operation === "getSecret" && entry.status === 429)
    .length;
}

/** A cold preload through SecretCache, or (`naive`) Promise.all(getSecret) with the client's own retries. */
async function preload(count, transport, naive = false) {
  const { emulator, names, client, stop } = await throttledVault(count, transport);
  try {
    const started = performance.now();
    let loaded;
    let failures;
    if (naive) {
      const settled = await Promise.allSettled(names.map((name) => client.getSecret(name)));
      loaded = settled.filter((outcome) => outcome.status === "fulfilled").length;
      failures = settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    } else {
      const cache = new SecretCache(client);
      const result = await cache.preload(names);
      loaded = result.loaded.length;
      failures = result.failed.map((failure) => failure.error);
      cache.dispose();
    }
    results.preload.push({
      label: `${naive ? `Promise.all(getSecret × ${count}), no cache` : `cache.preload(${count})`}, ${transport}`,
      wallMs: Math.round(performance.now() - started),
      loaded,
      failed: failures.length,
      vault429s: vaultThrottles(emulator),
      caller429s: failures.filter((error) => isRestError(error) && error.statusCode === 429).length,
    });
  } finally {
    await stop();
  }
}

const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;

await hitLatency();
await preload(2_000, "https");
await preload(2_000, "in process");
await preload(10_000, "in process");
if (!quick) await preload(10_000, "in process", true);

if (asJson) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(`SecretCache benchmark, Node ${process.version}, one thread\n`);
  console.log("| call | median | p99 | calls/s |\n|---|---|---|---|");
  for (const row of [...Object.values(results.hit), ...Object.values(results.uncached)]) {
    console.log(
      `| ${row.label} | ${us(row.medianNs)} | ${us(row.p99Ns)} | ${row.opsPerSecond.toLocaleString("en-US")} |`,
    );
  }
  console.log("\nCold preload against 4,000 reads / rolling 10 s (429 without Retry-After):\n");
  console.log(
    "| run | wall time | loaded | failed | 429s sent by the vault | 429s reaching the caller |\n|---|---|---|---|---|---|",
  );
  for (const row of results.preload) {
    console.log(
      `| ${row.label} | ${(row.wallMs / 1000).toFixed(1)} s | ${row.loaded} | ${row.failed} | ${row.vault429s} | ${row.caller429s} |`,
    );
  }
}
